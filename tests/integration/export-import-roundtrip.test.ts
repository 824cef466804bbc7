import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { resolveMapping } from '~/domain/import/fields'
import { readImportFile } from '~/domain/import/read-file'
import { i18nFor } from '~/i18n/i18n'
import { runImport } from '~/models/import-commit.server'
import { undoImport } from '~/models/import-undo.server'
import { loader as exportFile } from '~/routes/data.export.$file'
import { demoCountyId } from '../helpers/actors'
import { getRequest, loginAs } from '../helpers/requests'

/** The demo county: records made here belong to it, as the app's own would (ADR 0026). */
const county = await demoCountyId()

// Export → import is lossless (issue 11 §6): a company list written by the export, imported into a
// database without those companies, exports to the same rows again — formula-looking text, phone
// numbers with +, tags with their 认定 years, aliases, amounts and the region included.

const PREFIX = '往返测试'

/** 履约 and planned capacity of the round-tripped project (ADR 0039, 0040): fractional output and land included. */
const PROJECT_EXTRAS = (plannedLinkId: string) => ({
	commitStartBy: new Date('2025-09-30T00:00:00Z'),
	commitProduceBy: new Date('2027-06-30T00:00:00Z'),
	commitLandMu: 86.5,
	commitOutputCNY: 1_800_000_000n,
	commitTaxCNY: 95_000_000n,
	plannedLinkId,
	plannedOutput: 3200.5,
	plannedFromYear: 2027,
})
const EXTRA_SELECT = {
	commitStartBy: true,
	commitProduceBy: true,
	commitLandMu: true,
	commitOutputCNY: true,
	commitTaxCNY: true,
	plannedLinkId: true,
	plannedOutput: true,
	plannedFromYear: true,
} as const
const LEAD_PLANNED = (plannedLinkId: string) => ({ plannedLinkId, plannedOutput: 1500, plannedFromYear: 2028 })

async function createCompanies() {
	const region = await prisma.region.findFirstOrThrow({ where: { name: '赣县区' }, select: { id: true } })
	await prisma.company.create({
		data: {
			name: `${PREFIX}稀土新材料有限公司`,
			isLocal: true,
			regionId: region.id,
			revenueCNY: 1_234_500_000n,
			registeredCapitalCNY: 50_000_000n,
			employees: 320,
			industry: '稀土冶炼',
			contactName: '-张工',
			contactPhone: '+86 797 1234567',
			address: '赣州市赣县区, 稀金大道 1 号',
			description: '=SUM(A1) 不是公式；"引号"与换行\n第二行',
			source: '@走访记录',
			aliases: {
				create: [
					{ kind: 'short', name: `${PREFIX}稀材` },
					{ kind: 'former', name: `${PREFIX}旧名甲` },
					{ kind: 'former', name: `${PREFIX}旧名乙` },
				],
			},
			tags: {
				create: [
					{ tag: 'gaoxin', grantedYear: 2025 },
					{ tag: 'zhuanjingtexin', grantedYear: null },
					{ tag: 'xiaojuren', grantedYear: 2024 },
				],
			},
		},
		select: { id: true },
	})
	await prisma.company.create({ data: { name: `${PREFIX}外地电机公司`, isLocal: false, isSample: false }, select: { id: true } })
}

async function exported(cookie: string, format: 'csv' | 'xlsx') {
	const response = await exportFile({
		request: getRequest(`/data/export/companies.${format}?q=${encodeURIComponent(PREFIX)}`, cookie),
		params: { file: `companies.${format}` },
		context: {},
	})
	const bytes = new Uint8Array(await response.arrayBuffer())
	const sheet = await readImportFile(bytes, `companies.${format}`)
	const rows = sheet.rows.map((r) => r.cells.join(' | ')).sort()
	return { bytes, sheet, rows }
}

async function importBack(file: Awaited<ReturnType<typeof exported>>, format: 'csv' | 'xlsx') {
	return runImport(prisma, {
		kind: 'companies',
		sheet: file.sheet,
		options: {
			mapping: resolveMapping('companies', file.sheet.headers),
			overrides: {},
			actions: {},
			duplicateAction: 'skip',
			createMissingCompanies: false,
			defaultOwnerId: null,
			importer: null,
		},
		fileName: `companies.${format}`,
		userId: null,
	})
}

test.each(['csv', 'xlsx'] as const)('companies: %s export → import → export gives the same rows', async (format) => {
	const cookie = await loginAs('manager')
	await prisma.company.deleteMany({ where: { name: { startsWith: PREFIX } } })
	await createCompanies()
	const first = await exported(cookie, format)
	expect(first.rows).toHaveLength(2)
	// What the export wrote: the year beside its tag, the formula quote only in CSV.
	expect(first.rows.join('\n')).toContain('高新技术企业（2025）')

	await prisma.company.deleteMany({ where: { name: { startsWith: PREFIX } } })
	const outcome = await importBack(first, format)
	expect(outcome).toMatchObject({ errors: [], created: 2 })

	const second = await exported(cookie, format)
	expect(second.sheet.headers).toEqual(first.sheet.headers)
	expect(second.rows).toEqual(first.rows)
	const company = await prisma.company.findFirstOrThrow({
		where: { name: `${PREFIX}稀土新材料有限公司` },
		select: {
			contactPhone: true,
			contactName: true,
			description: true,
			source: true,
			tags: { select: { tag: true, grantedYear: true }, orderBy: { tag: 'asc' } },
		},
	})
	expect(company).toEqual({
		contactPhone: '+86 797 1234567',
		contactName: '-张工',
		description: '=SUM(A1) 不是公式；"引号"与换行\n第二行',
		source: '@走访记录',
		tags: [
			{ tag: 'gaoxin', grantedYear: 2025 },
			{ tag: 'xiaojuren', grantedYear: 2024 },
			{ tag: 'zhuanjingtexin', grantedYear: null },
		],
	})
})

test('an update row sets the 认定 years the file gives; undo puts back the years it replaced, none where there was none', async () => {
	await prisma.company.deleteMany({ where: { name: { startsWith: PREFIX } } })
	await createCompanies()
	const name = `${PREFIX}稀土新材料有限公司`
	const file = await readImportFile(new TextEncoder().encode(`企业名称,资质\r\n${name},高新技术企业（2023）、专精特新（2022）、小巨人\r\n`), 'years.csv')
	const outcome = await runImport(prisma, {
		kind: 'companies',
		sheet: file,
		options: {
			mapping: resolveMapping('companies', file.headers),
			overrides: {},
			actions: {},
			duplicateAction: 'update',
			createMissingCompanies: false,
			defaultOwnerId: null,
			importer: null,
		},
		fileName: 'years.csv',
		userId: null,
	})
	expect(outcome).toMatchObject({ errors: [], updated: 1 })
	const years = async () =>
		Object.fromEntries(
			(await prisma.companyTag.findMany({ where: { company: { name } }, select: { tag: true, grantedYear: true } })).map((t) => [t.tag, t.grantedYear]),
		)
	// 小巨人 comes without a year in the file: it keeps its own.
	expect(await years()).toEqual({ gaoxin: 2023, zhuanjingtexin: 2022, xiaojuren: 2024 })
	await undoImport(prisma, outcome.batchId!, null)
	expect(await years()).toEqual({ gaoxin: 2025, zhuanjingtexin: null, xiaojuren: 2024 })
})

test.each(['csv', 'xlsx'] as const)('projects: %s export → import → export gives the same rows, chain links included', async (format) => {
	const cookie = await loginAs('manager')
	const title = `${PREFIX}永磁电机项目`
	await prisma.project.deleteMany({ where: { title: { startsWith: PREFIX } } })
	const company = await prisma.company.findFirstOrThrow({ where: { name: '中国稀土集团有限公司' }, select: { id: true } })
	const unit = await prisma.unit.findFirstOrThrow({ where: { name: '区商务局' }, select: { id: true } })
	const links = await prisma.chainLink.findMany({
		where: { chain: { slug: 'rare-earth-ganxian' }, key: { in: ['ndfeb_magnet', 'motor_nev'] } },
		select: { id: true },
	})
	expect(links).toHaveLength(2)
	await prisma.project.create({
		data: {
			regionId: county,
			title,
			companyId: company.id,
			type: 'expansion',
			investmentCNY: 520_000_000n,
			stage: 'started',
			negotiatingDate: new Date('2025-01-10'),
			signedDate: new Date('2025-03-02'),
			startedDate: new Date('2025-06-18'),
			responsibleUnitId: unit.id,
			isClusterLeading: true,
			notes: '=不是公式, "引号"',
			links: { create: links.map((link) => ({ linkId: link.id })) },
			...PROJECT_EXTRAS(links[0]!.id),
		},
		select: { id: true },
	})
	const exportProjects = async () => {
		const response = await exportFile({
			request: getRequest(`/data/export/projects.${format}?q=${encodeURIComponent(PREFIX)}`, cookie),
			params: { file: `projects.${format}` },
			context: {},
		})
		const sheet = await readImportFile(new Uint8Array(await response.arrayBuffer()), `projects.${format}`)
		return { sheet, rows: sheet.rows.map((r) => r.cells.join(' | ')) }
	}
	const first = await exportProjects()
	expect(first.rows).toHaveLength(1)
	expect(first.rows[0]).toContain('钕铁硼磁材（成品）')
	await prisma.project.deleteMany({ where: { title: { startsWith: PREFIX } } })
	const outcome = await runImport(prisma, {
		kind: 'projects',
		sheet: first.sheet,
		options: {
			mapping: resolveMapping('projects', first.sheet.headers),
			overrides: {},
			actions: {},
			duplicateAction: 'skip',
			createMissingCompanies: false,
			defaultOwnerId: null,
			importer: null,
		},
		fileName: `projects.${format}`,
		userId: null,
	})
	expect(outcome).toMatchObject({ errors: [], created: 1 })
	expect((await exportProjects()).rows).toEqual(first.rows)
	// Every 履约 and planned-capacity field came back as it was (ADR 0039, 0040).
	expect(await prisma.project.findFirstOrThrow({ where: { title }, select: EXTRA_SELECT })).toEqual(PROJECT_EXTRAS(links[0]!.id))
	const linkIds = async () => (await prisma.projectLink.findMany({ where: { project: { title } }, select: { linkId: true } })).map((l) => l.linkId).sort()
	expect(await linkIds()).toEqual(links.map((l) => l.id).sort())
})

test('a project update row sets its chain links; an unknown link is an error on its row; undo puts the links back', async () => {
	const title = `${PREFIX}链接更新项目`
	await prisma.project.deleteMany({ where: { title } })
	const company = await prisma.company.findFirstOrThrow({ where: { name: '中国稀土集团有限公司' }, select: { id: true } })
	const [magnet, motor] = await Promise.all(
		['ndfeb_magnet', 'motor_nev'].map((key) =>
			prisma.chainLink.findFirstOrThrow({ where: { chain: { slug: 'rare-earth-ganxian' }, key }, select: { id: true, name: true, nameEn: true } }),
		),
	)
	await prisma.project.create({
		data: {
			regionId: county,
			title,
			companyId: company.id,
			type: 'new',
			investmentCNY: 100_000_000n,
			stage: 'negotiating',
			negotiatingDate: new Date('2026-10-01'),
			links: { create: { linkId: magnet!.id } },
		},
		select: { id: true },
	})
	const linkIds = async () => (await prisma.projectLink.findMany({ where: { project: { title } }, select: { linkId: true } })).map((l) => l.linkId).sort()
	const run = async (csv: string) => {
		const sheet = await readImportFile(new TextEncoder().encode(csv), 'links.csv')
		return runImport(prisma, {
			kind: 'projects',
			sheet,
			options: {
				mapping: resolveMapping('projects', sheet.headers),
				overrides: {},
				actions: {},
				duplicateAction: 'update',
				createMissingCompanies: false,
				defaultOwnerId: null,
				importer: null,
			},
			fileName: 'links.csv',
			userId: null,
		})
	}
	const refused = await run(`项目名称,企业名称,所属环节\n${title},中国稀土集团有限公司,${motor!.name}、不存在的环节\n`)
	expect(refused.errors).toEqual([{ row: 2, column: '所属环节', messageKey: 'importer.errors.unknownLink', params: { value: '不存在的环节' } }])
	expect(await linkIds()).toEqual([magnet!.id])

	// English names as the English export writes them.
	const outcome = await run(`项目名称,企业名称,所属环节\n${title},中国稀土集团有限公司,${magnet!.nameEn}; ${motor!.nameEn}\n`)
	expect(outcome).toMatchObject({ errors: [], updated: 1 })
	expect(await linkIds()).toEqual([magnet!.id, motor!.id].sort())
	await undoImport(prisma, outcome.batchId!, null)
	expect(await linkIds()).toEqual([magnet!.id])
})

test.each(['csv', 'xlsx'] as const)('leads: %s export → import → export gives the same rows', async (format) => {
	const cookie = await loginAs('manager')
	const notes = `${PREFIX}线索`
	await prisma.lead.deleteMany({ where: { notes: { startsWith: notes } } })
	const company = await prisma.company.create({ data: { name: `${PREFIX}线索本地公司${format}`, isLocal: true, uscc: null }, select: { id: true } })
	const other = await prisma.company.create({ data: { name: `${PREFIX}线索外地公司${format}`, isLocal: false }, select: { id: true } })
	const owner = await prisma.user.findFirstOrThrow({ where: { username: 'zhang' }, select: { id: true } })
	const unit = await prisma.unit.findFirstOrThrow({ where: { name: '区商务局' }, select: { id: true } })
	const magnet = await prisma.chainLink.findFirstOrThrow({ where: { chain: { slug: 'rare-earth-ganxian' }, key: 'ndfeb_magnet' }, select: { id: true } })
	await prisma.lead.create({
		data: {
			regionId: county,
			companyId: company.id,
			ownerId: owner.id,
			unitId: unit.id,
			stage: 'negotiating',
			priority: 'high',
			source: 'chain_gap',
			nextActionDate: new Date('2026-12-20'),
			notes: `${notes}：=HYPERLINK("x") 不是公式，"引号"与换行\n第二行`,
			createdAt: new Date('2025-04-03T02:00:00Z'),
			...LEAD_PLANNED(magnet.id),
		},
		select: { id: true },
	})
	await prisma.lead.create({
		data: {
			regionId: county,
			companyId: other.id,
			ownerId: owner.id,
			stage: 'new',
			priority: 'low',
			source: 'expo',
			notes: `${notes}二`,
			createdAt: new Date('2026-01-15T02:00:00Z'),
		},
		select: { id: true },
	})

	const exportLeads = async () => {
		// The list's search matches company names.
		const response = await exportFile({
			request: getRequest(`/data/export/leads.${format}?q=${encodeURIComponent(`${PREFIX}线索`)}`, cookie),
			params: { file: `leads.${format}` },
			context: {},
		})
		const sheet = await readImportFile(new Uint8Array(await response.arrayBuffer()), `leads.${format}`)
		return { sheet, rows: sheet.rows.map((r) => r.cells.join(' | ')).sort() }
	}
	const first = await exportLeads()
	expect(first.rows).toHaveLength(2)
	await prisma.lead.deleteMany({ where: { notes: { startsWith: notes } } })

	const outcome = await runImport(prisma, {
		kind: 'leads',
		sheet: first.sheet,
		options: {
			mapping: resolveMapping('leads', first.sheet.headers),
			overrides: {},
			actions: {},
			duplicateAction: 'skip',
			createMissingCompanies: false,
			defaultOwnerId: null,
			importer: null,
		},
		fileName: `leads.${format}`,
		userId: null,
	})
	expect(outcome).toMatchObject({ errors: [], created: 2 })
	const second = await exportLeads()
	expect(second.sheet.headers).toEqual(first.sheet.headers)
	expect(second.rows).toEqual(first.rows)
	const stored = await prisma.lead.findFirstOrThrow({
		where: { companyId: company.id, notes: { startsWith: notes } },
		select: { notes: true, stage: true, priority: true, source: true, ownerId: true, unitId: true },
	})
	expect(stored).toEqual({
		notes: `${notes}：=HYPERLINK("x") 不是公式，"引号"与换行\n第二行`,
		stage: 'negotiating',
		priority: 'high',
		source: 'chain_gap',
		ownerId: owner.id,
		unitId: unit.id,
	})
	// Planned capacity came back on the lead that had it, and stayed empty on the other.
	const planned = await prisma.lead.findMany({
		where: { notes: { startsWith: notes } },
		select: { plannedLinkId: true, plannedOutput: true, plannedFromYear: true },
		orderBy: { createdAt: 'asc' },
	})
	expect(planned).toEqual([LEAD_PLANNED(magnet.id), { plannedLinkId: null, plannedOutput: null, plannedFromYear: null }])
})

test('planned capacity and 履约 columns: bad values are errors on their rows (zh-CN and en); an update sets them and undo puts them back', async () => {
	const title = `${PREFIX}规划产能更新项目`
	await prisma.project.deleteMany({ where: { title } })
	const company = await prisma.company.findFirstOrThrow({ where: { name: '中国稀土集团有限公司' }, select: { id: true } })
	const magnet = await prisma.chainLink.findFirstOrThrow({
		where: { chain: { slug: 'rare-earth-ganxian' }, key: 'ndfeb_magnet' },
		select: { id: true, name: true, nameEn: true },
	})
	await prisma.project.create({
		data: {
			regionId: county,
			title,
			companyId: company.id,
			type: 'new',
			investmentCNY: 100_000_000n,
			stage: 'signed',
			negotiatingDate: new Date('2026-01-05'),
			signedDate: new Date('2026-03-01'),
			commitStartBy: new Date('2026-09-30'),
		},
		select: { id: true },
	})
	const stored = () => prisma.project.findFirstOrThrow({ where: { title }, select: EXTRA_SELECT })
	const before = await stored()
	const run = async (csv: string) => {
		const sheet = await readImportFile(new TextEncoder().encode(csv), 'planned.csv')
		return runImport(prisma, {
			kind: 'projects',
			sheet,
			options: {
				mapping: resolveMapping('projects', sheet.headers),
				overrides: {},
				actions: {},
				duplicateAction: 'update',
				createMissingCompanies: false,
				defaultOwnerId: null,
				importer: null,
			},
			fileName: 'planned.csv',
			userId: null,
		})
	}
	const header = '项目名称,企业名称,开工期限,投产期限,用地面积（亩）,预计年产值（元）,预计年税收（元）,规划产能环节,规划年产能,预计达产年份'
	const row = (cells: string) => `${title},中国稀土集团有限公司,${cells}`
	const refused = await run([header, row('2026-09-30,2026-06-30,,,,不存在的环节,-30,1999'), row(',2026-06-01,-5,,,,,'), row(',,,,,,2000,')].join('\n') + '\n')
	expect(refused.errors).toEqual([
		{ row: 2, column: '规划产能环节', messageKey: 'importer.errors.unknownPlannedLink', params: { value: '不存在的环节' } },
		{ row: 2, column: '规划年产能', messageKey: 'importer.errors.plannedOutput', params: { value: '-30' } },
		{ row: 2, column: '预计达产年份', messageKey: 'importer.errors.plannedYear', params: { min: 2000, max: 2100 } },
		{ row: 3, column: '用地面积（亩）', messageKey: 'importer.errors.landMu.notPositive' },
		// Planned capacity all three or none: the missing ones are named.
		{ row: 4, column: '规划产能环节', messageKey: 'importer.errors.plannedIncomplete' },
		{ row: 4, column: '预计达产年份', messageKey: 'importer.errors.plannedIncomplete' },
	])
	// 投产 before the stored 开工 deadline: the file leaves 开工期限 blank, the project's own counts.
	const onlyOrder = await run(`${header}\n${row(',2026-06-01,,,,,,')}\n`)
	expect(onlyOrder.errors).toEqual([{ row: 2, column: '投产期限', messageKey: 'importer.errors.produceBeforeStart' }])
	// Each message reads in both languages, with its values.
	for (const locale of ['zh-CN', 'en'] as const) {
		const { t } = i18nFor(locale)
		for (const error of [...refused.errors, ...onlyOrder.errors]) {
			const text = t(error.messageKey, error.params)
			expect(text).not.toBe(error.messageKey)
			expect(text).not.toContain('{{')
		}
	}
	expect(i18nFor('zh-CN').t('importer.errors.plannedYear', { min: 2000, max: 2100 })).toBe('预计达产年份须为 2000–2100 之间的四位年份')
	expect(i18nFor('en').t('importer.errors.produceBeforeStart')).toBe('The production deadline cannot be before the start deadline')
	expect(await stored()).toEqual(before)

	// English link names as the English export writes them; amounts in 万元 by the header.
	const outcome = await run(
		`项目名称,企业名称,投产期限,用地面积,预计年产值（万元）,预计年税收（万元）,Planned capacity link,Planned annual output,Expected from year\n${title},中国稀土集团有限公司,2027-12-31,120,50000,2500,${magnet.nameEn},"3,200",2027\n`,
	)
	expect(outcome).toMatchObject({ errors: [], updated: 1 })
	expect(await stored()).toEqual({
		...before,
		commitProduceBy: new Date('2027-12-31T00:00:00Z'),
		commitLandMu: 120,
		commitOutputCNY: 500_000_000n,
		commitTaxCNY: 25_000_000n,
		plannedLinkId: magnet.id,
		plannedOutput: 3200,
		plannedFromYear: 2027,
	})
	await undoImport(prisma, outcome.batchId!, null)
	expect(await stored()).toEqual(before)
})
