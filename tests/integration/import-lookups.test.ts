import { afterAll, beforeAll, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { usccCheckChar } from '~/domain/company/uscc'
import { resolveMapping } from '~/domain/import/fields'
import { type Sheet } from '~/domain/import/read-file'
import { companyProbe, type ValidationOptions, validateImportInSlices } from '~/domain/import/validate'
import { loadImportLookups } from '~/models/import-commit.server'

// Validation looks companies up only by the names and USCCs a file gives, so the lookups keep only
// the companies a file names (memory bounded by the file, not the register). This holds the probed
// lookups to the same answers as loading every company.

/** The CLI's view (no importer): every region. Region scoping of the lookups is tested with the region hierarchy. */
const ALL_REGIONS = { kind: 'all' } as const
const PREFIX = '探针测试'
const uscc = (first17: string) => first17 + usccCheckChar(first17)
const CODE = uscc('91360721MA35PRB01')
const OTHER_CODE = uscc('91360721MA35PRB02')

beforeAll(async () => {
	const create = (name: string, extra: { uscc?: string; aliases?: string[]; createdAt?: Date } = {}) =>
		prisma.company.create({
			data: {
				name,
				isLocal: true,
				uscc: extra.uscc ?? null,
				createdAt: extra.createdAt,
				aliases: { create: (extra.aliases ?? []).map((alias) => ({ kind: 'short', name: alias })) },
			},
			select: { id: true },
		})
	await create(`${PREFIX}（稀土）材料有限公司`)
	await create(`${PREFIX}永磁电机股份有限公司`, { aliases: [`${PREFIX}电机`] })
	await create(`${PREFIX}代码公司`, { uscc: CODE })
	// Two companies of one name: the older one is the match, with or without the probe.
	await create(`${PREFIX}同名公司`, { createdAt: new Date('2020-01-01') })
	await create(`${PREFIX}同名公司`, { createdAt: new Date('2024-01-01') })
	for (let i = 0; i < 120; i++) await create(`${PREFIX}无关企业${i}号`)
})

afterAll(async () => {
	await prisma.company.deleteMany({ where: { name: { startsWith: PREFIX } } })
})

const sheet = (headers: string[], ...rows: string[][]): Sheet => ({
	format: 'csv',
	encoding: 'utf-8',
	headers,
	rows: rows.map((cells, i) => ({ row: i + 2, cells })),
})

const options = (kind: 'companies' | 'leads', s: Sheet): ValidationOptions => ({
	mapping: resolveMapping(kind, s.headers),
	overrides: {},
	actions: {},
	duplicateAction: 'update',
	createMissingCompanies: false,
	defaultOwnerId: null,
	importer: null,
})

/** What a user sees of each checked row. */
const outcome = (validation: Awaited<ReturnType<typeof validateImportInSlices>>) =>
	validation.rows.map((row) => ({
		row: row.row,
		duplicate: row.duplicate,
		action: row.action,
		allowedActions: row.allowedActions,
		issues: row.issues,
		inFile: row.inFileDuplicateOf,
	}))

test('a companies file: the lookups keep only the companies it names, and every row is checked as against the whole register', async () => {
	const file = sheet(
		['企业名称', '简称', '统一社会信用代码'],
		[`${PREFIX}(稀土)材料 有限公司`, '', ''],
		[`${PREFIX}新公司`, `${PREFIX}电机`, ''],
		[`${PREFIX}改名后的代码公司`, '', CODE],
		[`${PREFIX}同名公司`, '', ''],
		[`${PREFIX}完全新的企业`, '', OTHER_CODE],
	)
	const o = options('companies', file)
	const probed = await loadImportLookups(prisma, 'companies', ALL_REGIONS, companyProbe('companies', file, o), null)
	const every = await loadImportLookups(prisma, 'companies', ALL_REGIONS, 'all', null)
	expect(new Set([...probed.companyByName.values()].map((c) => c.name))).toEqual(
		new Set([`${PREFIX}（稀土）材料有限公司`, `${PREFIX}永磁电机股份有限公司`, `${PREFIX}代码公司`, `${PREFIX}同名公司`]),
	)
	expect(every.companyByName.size).toBeGreaterThan(120)
	expect(probed.companyFacts.size).toBe(5)

	const withProbe = outcome(await validateImportInSlices('companies', file, probed, o))
	expect(withProbe).toEqual(outcome(await validateImportInSlices('companies', file, every, o)))
	expect(withProbe.map((r) => r.duplicate?.by ?? null)).toEqual(['name', 'alias', 'uscc', 'name', null])
	const older = await prisma.company.findFirst({ where: { name: `${PREFIX}同名公司` }, orderBy: { createdAt: 'asc' }, select: { id: true } })
	expect(withProbe[3]!.duplicate?.entityId).toBe(older!.id)
})

test('a leads file naming companies by name, 简称 or USCC finds the same companies as the whole register', async () => {
	const file = sheet(
		['企业名称', '负责人', '线索来源'],
		[CODE, 'zhang', '展会招商'],
		[`${PREFIX}电机`, 'zhang', '展会招商'],
		[`${PREFIX}不存在的企业`, 'zhang', '展会招商'],
	)
	const o = options('leads', file)
	const probed = await loadImportLookups(prisma, 'leads', ALL_REGIONS, companyProbe('leads', file, o), null)
	const withProbe = outcome(await validateImportInSlices('leads', file, probed, o))
	expect(withProbe).toEqual(outcome(await validateImportInSlices('leads', file, await loadImportLookups(prisma, 'leads', ALL_REGIONS, 'all', null), o)))
	expect(withProbe[2]!.issues.map((i) => i.messageKey)).toEqual(['importer.errors.unknownCompany'])
	expect(probed.companyByName.size).toBe(2)
})
