import { expect, test } from 'vitest'
import { usccCheckChar } from '~/domain/company/uscc'
import { regionReach } from '~/domain/region/reach'
import { WHOLE_INSTALLATION_REACH } from '~/domain/report/closed-periods'
import { resolveMapping } from './fields'
import { type Sheet } from './read-file'
import {
	buildLookups,
	companyMatchesProbe,
	companyProbe,
	type ExistingProject,
	type ValidationOptions,
	validateImport,
	validateImportInSlices,
} from './validate'

const uscc = (first17: string) => first17 + usccCheckChar(first17)
const A = uscc('91360721MA35AAAA1')
const B = uscc('91360721MA35BBBB2')

const lookups = buildLookups({
	companies: [
		{ id: 'c-rare', name: '中国稀土集团有限公司', uscc: null, aliases: [{ name: '中国稀土集团' }] },
		{ id: 'c-a', name: '赣州甲公司', uscc: A, aliases: [] },
	],
	regions: [{ id: 'r-gx', name: '赣县区', nameEn: 'Ganxian District' }],
	units: [{ id: 'u-sw', name: '区商务局', nameEn: 'District Commerce Bureau' }],
	users: [{ id: 'u-zhang', username: 'zhang', name: '张招商' }],
	openLeads: [{ id: 'l-rare', companyId: 'c-rare', ownerId: 'u-zhang', unitId: 'u-sw' }],
	projects: [
		{
			id: 'p-1',
			title: '万吨级分离项目',
			companyId: 'c-rare',
			stage: 'negotiating',
			type: 'new',
			investmentCNY: 0,
			incrementCNY: null,
			isClusterLeading: false,
			negotiatingDate: new Date('2025-01-01'),
			signedDate: null,
			startedDate: null,
			producingDate: null,
			terminatedDate: null,
			ownerId: null,
			responsibleUnitId: 'u-sw',
			linkIds: [],
			regionId: null,
		} satisfies ExistingProject,
	],
	closedReports: [],
	newRecordRegionId: null,
})

function sheet(headers: string[], ...rows: string[][]): Sheet {
	return { format: 'csv', encoding: 'utf-8', headers, rows: rows.map((cells, i) => ({ row: i + 2, cells })) }
}

const options = (kind: 'companies' | 'leads' | 'projects', s: Sheet, patch: Partial<ValidationOptions> = {}): ValidationOptions => ({
	mapping: resolveMapping(kind, s.headers),
	overrides: {},
	actions: {},
	duplicateAction: 'skip',
	createMissingCompanies: false,
	defaultOwnerId: null,
	importer: null,
	...patch,
})

test('company rows: values typed, amounts in the header unit, tags and region resolved', () => {
	const s = sheet(
		['企业名称', '统一社会信用代码', '注册资本（万元）', '资质', '所属地区', '是否本地', '从业人数'],
		['新材料有限公司', B, '500', '专精特新、高新技术企业', '赣县区', '是', '1,200'],
	)
	const { rows, summary, missingFields } = validateImport('companies', s, lookups, options('companies', s))
	expect(missingFields).toEqual([])
	expect(rows[0]).toMatchObject({ action: 'create', duplicate: null, issues: [] })
	expect(rows[0]!.values).toEqual({
		name: '新材料有限公司',
		uscc: B,
		registeredCapitalCNY: 5_000_000,
		tags: ['zhuanjingtexin', 'gaoxin'],
		regionId: 'r-gx',
		isLocal: true,
		employees: 1200,
	})
	expect(summary).toMatchObject({ rows: 1, valid: 1, invalid: 0, create: 1, blocking: 0 })
})

test('tags carry their 认定 year as the export writes it (高新技术企业（2025）, High-tech enterprise (2025)); a year out of range is an error', () => {
	const s = sheet(
		['企业名称', '资质'],
		['甲', '高新技术企业（2025）、专精特新'],
		['乙', '高新技术企业 (2024年)'],
		['丙', '高新技术企业（1900）'],
		['丁', 'High-tech enterprise (2021)'],
	)
	const { rows } = validateImport('companies', s, lookups, options('companies', s))
	expect(rows[0]!.values).toMatchObject({ tags: ['zhuanjingtexin', 'gaoxin'], tagYears: { gaoxin: 2025 } })
	expect(rows[1]!.values).toMatchObject({ tags: ['gaoxin'], tagYears: { gaoxin: 2024 } })
	expect(rows[3]!.values).toMatchObject({ tags: ['gaoxin'], tagYears: { gaoxin: 2021 } })
	expect(rows[2]!.values).toBeNull()
	expect(rows[2]!.issues).toEqual([
		expect.objectContaining({ column: '资质', messageKey: expect.stringMatching(/unknownTag$/), params: { value: '高新技术企业(1900)' } }),
	])
})

test('errors name the row, the column and an i18n key; a fix (override) revalidates the row', () => {
	const s = sheet(['企业名称', '统一社会信用代码', '资质', '所属地区'], ['坏代码公司', '91360721MA35AAAA0', '火箭', '火星'], ['', '', '', ''])
	const first = validateImport('companies', s, lookups, options('companies', s))
	expect(first.rows[0]!.issues).toEqual([
		{ column: '统一社会信用代码', level: 'error', messageKey: 'validation.invalidUscc' },
		{ column: '资质', level: 'error', messageKey: 'importer.errors.unknownTag', params: { value: '火箭' } },
		{ column: '所属地区', level: 'error', messageKey: 'importer.errors.unknownRegion', params: { value: '火星' } },
	])
	expect(first.rows[1]!.issues).toEqual([{ column: '企业名称', level: 'error', messageKey: 'importer.errors.required' }])
	expect(first.summary).toMatchObject({ invalid: 2, blocking: 2 })

	const fixed = validateImport(
		'companies',
		s,
		lookups,
		options('companies', s, { overrides: { 2: { 统一社会信用代码: B, 资质: '链主', 所属地区: '' } }, actions: { 3: 'skip' } }),
	)
	expect(fixed.rows[0]).toMatchObject({ issues: [], action: 'create', values: { uscc: B, tags: ['lianzhu'] } })
	expect(fixed.rows[1]).toMatchObject({ action: 'skip', values: null })
	expect(fixed.summary).toMatchObject({ valid: 1, invalid: 1, blocking: 0, create: 1, skip: 1 })
})

test('duplicates of existing companies: by USCC, by normalised name, by short name; skip by default, update on request', () => {
	const s = sheet(['企业名称', '统一社会信用代码'], ['赣州甲公司（改名）', A], ['中国稀土集团 有限公司', ''], ['中国稀土集团', ''], ['全新公司', ''])
	const { rows, summary } = validateImport('companies', s, lookups, options('companies', s))
	expect(rows.map((r) => r.duplicate)).toEqual([
		{ entityId: 'c-a', label: '赣州甲公司', by: 'uscc' },
		{ entityId: 'c-rare', label: '中国稀土集团有限公司', by: 'name' },
		{ entityId: 'c-rare', label: '中国稀土集团有限公司', by: 'alias' },
		null,
	])
	// Row 4 names the same company as row 3 (by its short name): flagged on the later row, which can only be skipped.
	expect(rows[2]).toMatchObject({ inFileDuplicateOf: 3, action: 'skip', allowedActions: ['skip'] })
	expect(rows.map((r) => r.action)).toEqual(['skip', 'skip', 'skip', 'create'])
	expect(summary).toMatchObject({ duplicates: 3, create: 1, skip: 3 })

	const bulk = validateImport('companies', s, lookups, options('companies', s, { duplicateAction: 'update', actions: { 2: 'skip', 5: 'update' } }))
	// Per-row choice beats the bulk one; "update" is not offered for a new company.
	expect(bulk.rows.map((r) => r.action)).toEqual(['skip', 'update', 'skip', 'create'])
})

test('the same company twice in the file: same USCC or same normalised name, flagged on the later row', () => {
	const s = sheet(['企业名称', '统一社会信用代码'], ['乙公司', B], ['乙公司（新）', B], ['丙 公司', ''], ['丙公司', ''])
	const { rows } = validateImport('companies', s, lookups, options('companies', s))
	expect(rows.map((r) => r.inFileDuplicateOf)).toEqual([null, 2, null, 4])
	expect(rows.map((r) => r.action)).toEqual(['create', 'skip', 'create', 'skip'])
})

test('a name with a different USCC on both sides is another company', () => {
	const s = sheet(['企业名称', '统一社会信用代码'], ['赣州甲公司', B])
	expect(validateImport('companies', s, lookups, options('companies', s)).rows[0]!.duplicate).toBeNull()
})

test('read problems count only in mapped, unfixed columns', () => {
	const s: Sheet = {
		...sheet(['企业名称', '营收', '备注'], ['丁公司', '', '']),
		rows: [
			{
				row: 2,
				cells: ['丁公司', '', ''],
				issues: [
					{ column: 1, level: 'error', messageKey: 'importer.file.formulaNoResult' },
					{ column: 2, level: 'error', messageKey: 'importer.file.formulaNoResult' },
				],
			},
		],
	}
	const first = validateImport('companies', s, lookups, options('companies', s))
	expect(first.rows[0]!.issues).toEqual([{ column: '营收', level: 'error', messageKey: 'importer.file.formulaNoResult' }])
	const fixed = validateImport('companies', s, lookups, options('companies', s, { overrides: { 2: { 营收: '300万' } } }))
	expect(fixed.rows[0]).toMatchObject({ issues: [], values: { revenueCNY: 3_000_000 } })
})

test('a required column nobody mapped is reported once for the file and blocks every row', () => {
	const s = sheet(['地址'], ['赣州'])
	const result = validateImport('companies', s, lookups, options('companies', s))
	expect(result.missingFields).toEqual(['name'])
	expect(result.summary.blocking).toBe(1)
})

test('leads: the company must exist (by name, short name or USCC) unless missing ones may be created', () => {
	const s = sheet(
		['企业名称', '负责人', '阶段', '来源渠道', '下次跟进'],
		['中国稀土集团', '张招商', '已拜访', '展会', '2026/12/1'],
		[A, 'zhang', '', '以商招商', ''],
		['没有的公司', '', '', '', ''],
	)
	const { rows } = validateImport('leads', s, lookups, options('leads', s))
	expect(rows[0]).toMatchObject({
		values: { company: { id: 'c-rare' }, ownerId: 'u-zhang', stage: 'visited', source: 'expo', nextActionDate: new Date(Date.UTC(2026, 11, 1)) },
		duplicate: { entityId: 'l-rare', by: 'lead' },
		action: 'skip',
	})
	expect(rows[1]).toMatchObject({ values: { company: { id: 'c-a' }, ownerId: 'u-zhang', source: 'business' }, duplicate: null, action: 'create' })
	expect(rows[2]!.issues).toEqual([{ column: '企业名称', level: 'error', messageKey: 'importer.errors.unknownCompany', params: { value: '没有的公司' } }])

	// A new lead needs an owner: from the row or, in the UI, the importing user.
	const create = validateImport('leads', s, lookups, options('leads', s, { createMissingCompanies: true }))
	expect(create.rows[2]!.issues).toEqual([{ column: '负责人', level: 'error', messageKey: 'importer.errors.required' }])
	const owned = validateImport('leads', s, lookups, options('leads', s, { createMissingCompanies: true, defaultOwnerId: 'u-me' }))
	expect(owned.rows[2]).toMatchObject({ issues: [], values: { company: { key: 'new:没有的公司', name: '没有的公司', uscc: null } }, action: 'create' })
})

test('projects: choices in Chinese, amounts with units, stage dates checked on the stored result', () => {
	const s = sheet(
		['项目名称', '企业名称', '项目类型', '投资额', '阶段', '洽谈日期', '签约日期', '集群引领性'],
		['新项目', '赣州甲公司', '扩建', '1.2亿元', '签约', '2026-01-05', '2026-03-01', '是'],
		['缺日期', '赣州甲公司', '新建', '500万', '开工', '', '', ''],
		['万吨级分离项目', '中国稀土集团', '新建', '10亿', '签约', '', '2026-02-01', ''],
	)
	const { rows } = validateImport('projects', s, lookups, options('projects', s))
	expect(rows[0]).toMatchObject({ issues: [], values: { type: 'expansion', investmentCNY: 120_000_000, stage: 'signed', isClusterLeading: true } })
	expect(rows[1]!.issues).toEqual([{ column: '阶段', level: 'error', messageKey: 'importer.errors.stageDates' }])
	const blank = sheet(['项目名称', '企业名称', '项目类型', '投资额', '阶段'], ['空白项目', '赣州甲公司', '', '', ''])
	expect(validateImport('projects', blank, lookups, options('projects', blank)).rows[0]!.issues.map((i) => i.column)).toEqual(['项目类型', '投资额', '阶段'])
	// The existing project has its 洽谈 date, so moving it to 签约 with a 签约 date is fine.
	expect(rows[2]).toMatchObject({ issues: [], duplicate: { entityId: 'p-1', by: 'project' }, action: 'skip', allowedActions: ['skip', 'update'] })
})

test('projects: a row that would alter an issued report is refused unless skipped; later dates pass', () => {
	const closed = buildLookups({
		companies: [{ id: 'c-rare', name: '中国稀土集团有限公司', uscc: null, aliases: [{ name: '中国稀土集团' }] }],
		regions: [],
		units: [],
		users: [],
		openLeads: [],
		projects: [...lookups.projects.values()],
		// January 2025 was issued; p-1 has been in 洽谈 since 2025-01-01, so that report reads it.
		closedReports: [{ kind: 'monthly', year: 2025, month: 1, quarter: null, end: '2025-01-31', issuedOn: '2025-02-03', reach: WHOLE_INSTALLATION_REACH }],
		newRecordRegionId: null,
	})
	const s = sheet(
		['项目名称', '企业名称', '项目类型', '投资额', '阶段', '洽谈日期', '签约日期'],
		['万吨级分离项目', '中国稀土集团', '', '10亿', '', '', ''],
		['万吨级分离项目', '中国稀土集团', '', '', '签约', '', '2026-02-01'],
		['一月新项目', '中国稀土集团', '新建', '1亿', '洽谈', '2025-01-20', ''],
		['二月新项目', '中国稀土集团', '新建', '1亿', '洽谈', '2025-02-20', ''],
	)
	const refusal = { column: null, level: 'error', messageKey: 'closedPeriods.importRow', params: { periods: '2025-01' } }
	const updating = validateImport('projects', s, closed, options('projects', s, { duplicateAction: 'update' }))
	// The investment of a project January counted: refused. Signing it in 2026 alters nothing January read.
	expect(updating.rows[0]).toMatchObject({ issues: [refusal], values: null })
	expect(updating.rows[1]).toMatchObject({ issues: [], action: 'update' })
	expect(updating.rows[2]).toMatchObject({ issues: [refusal], values: null })
	expect(updating.rows[3]).toMatchObject({ issues: [], action: 'create' })
	expect(updating.summary.blocking).toBe(2)
	// Skipped rows write nothing, so they are not refused.
	const skipping = validateImport('projects', s, closed, options('projects', s, { actions: { 2: 'skip', 4: 'skip' } }))
	expect(skipping.rows.map((r) => r.issues)).toEqual([[], [], [], []])
	expect(skipping.summary.blocking).toBe(0)
})

test('companies: an update row changing the tags or revenue an issued report counted is refused unless skipped', () => {
	const closed = buildLookups({
		companies: [{ id: 'c-a', name: '赣州甲公司', uscc: A, aliases: [] }],
		regions: [],
		units: [],
		users: [],
		openLeads: [],
		projects: [],
		closedReports: [{ kind: 'annual', year: 2025, month: null, quarter: null, end: '2025-12-31', issuedOn: '2026-01-05', reach: WHOLE_INSTALLATION_REACH }],
		newRecordRegionId: null,
		companyFacts: [{ id: 'c-a', regionId: null, tags: [{ tag: 'gaoxin', grantedYear: 2025 }], revenueCNY: 1_000_000_000n }],
	})
	const headers = ['企业名称', '统一社会信用代码', '资质', '营业收入（亿元）', '联系人']
	const row = (cells: string[], action: 'skip' | 'update' = 'update') => {
		const s = sheet(headers, cells)
		return validateImport('companies', s, closed, options('companies', s, { duplicateAction: action })).rows[0]
	}
	const refusal = { column: null, level: 'error', messageKey: 'closedPeriods.companyImportRow', params: { periods: '2025' } }
	// Same tag (its year kept) and revenue: only the contact changes.
	expect(row(['赣州甲公司', A, '高新技术企业', '10', '王经理'])).toMatchObject({ issues: [], action: 'update' })
	expect(row(['赣州甲公司', A, '', '12', ''])).toMatchObject({ issues: [refusal], values: null })
	// An added tag has no year, so it counts in every year.
	expect(row(['赣州甲公司', A, '高新技术企业、专精特新', '', ''])).toMatchObject({ issues: [refusal], values: null })
	expect(row(['赣州甲公司', A, '', '12', ''], 'skip')).toMatchObject({ issues: [], action: 'skip' })
})

test("a county's issued report closes its period for its own records only: a sibling county's rows and firms pass (ADR 0033)", () => {
	// 市 gz over 赣县区 (gx, the home region) and 南康区 (nk).
	const tree = [
		{ id: 'gz', parentId: null },
		{ id: 'gx', parentId: 'gz' },
		{ id: 'nk', parentId: 'gz' },
	]
	const january = { kind: 'monthly', year: 2025, month: 1, quarter: null, end: '2025-01-31', issuedOn: '2025-02-03' } as const
	const issuedBy = (regionId: string) => [{ ...january, reach: regionReach(tree, regionId, 'gx') }]
	const projectRows = (regionId: string, issuedFor: string, newRecordRegionId: string) => {
		const l = buildLookups({
			companies: [{ id: 'c-rare', name: '中国稀土集团有限公司', uscc: null, aliases: [{ name: '中国稀土集团' }] }],
			regions: [],
			units: [],
			users: [],
			openLeads: [],
			projects: [{ ...lookups.projects.get([...lookups.projects.keys()][0]!)!, regionId }],
			closedReports: issuedBy(issuedFor),
			newRecordRegionId,
		})
		const s = sheet(
			['项目名称', '企业名称', '项目类型', '投资额', '阶段', '洽谈日期'],
			['万吨级分离项目', '中国稀土集团', '', '10亿', '', ''],
			['一月新项目', '中国稀土集团', '新建', '1亿', '洽谈', '2025-01-20', ''],
		)
		return validateImport('projects', s, l, options('projects', s, { duplicateAction: 'update' })).rows.map((r) => r.issues.map((i) => i.messageKey))
	}
	const refused = ['closedPeriods.importRow']
	// 南康区's January report holds 南康区's projects: the update and the new project of a 南康区 importer are refused.
	expect(projectRows('nk', 'nk', 'nk')).toEqual([refused, refused])
	// 赣县区's records are not in it.
	expect(projectRows('gx', 'nk', 'gx')).toEqual([[], []])
	// The 市's report holds every county's.
	expect(projectRows('gx', 'gz', 'gx')).toEqual([refused, refused])

	const companyRow = (firmRegion: string | null, issuedFor: string, newRegion = '') => {
		const l = buildLookups({
			companies: [{ id: 'c-a', name: '赣州甲公司', uscc: A, aliases: [] }],
			regions: [
				{ id: 'gx', name: '赣县区', nameEn: 'Ganxian' },
				{ id: 'nk', name: '南康区', nameEn: 'Nankang' },
			],
			units: [],
			users: [],
			openLeads: [],
			projects: [],
			closedReports: issuedBy(issuedFor),
			newRecordRegionId: null,
			companyFacts: [{ id: 'c-a', regionId: firmRegion, tags: [], revenueCNY: 1_000_000_000n }],
		})
		const s = sheet(['企业名称', '统一社会信用代码', '营业收入（亿元）', '所属地区'], ['赣州甲公司', A, '12', newRegion])
		return validateImport('companies', s, l, options('companies', s, { duplicateAction: 'update' })).rows[0]!.issues.map((i) => i.messageKey)
	}
	// A firm registered in 南康区 counts for 南康区 (and for the home region, whose quotas take every firm flagged local).
	expect(companyRow('nk', 'nk')).toEqual(['closedPeriods.companyImportRow'])
	expect(companyRow('nk', 'gx')).toEqual(['closedPeriods.companyImportRow'])
	// One registered in 赣县区 never counted for 南康区; moving it there would make it count.
	expect(companyRow('gx', 'nk')).toEqual([])
	expect(companyRow('gx', 'nk', '南康区')).toEqual(['closedPeriods.companyImportRow'])
	// A firm registered at the 市 (a group the counties court as local) counts for every county.
	expect(companyRow('gz', 'nk')).toEqual(['closedPeriods.companyImportRow'])
})

test('a large file checked in slices gives the same result as at once, and lets other work run between slices', async () => {
	const rows = Array.from({ length: 2000 }, (_, i) => [i === 7 ? '赣州甲公司' : `切片测试${i}有限公司`, i === 11 ? '不存在的地区' : '赣县区'])
	const file = sheet(['企业名称', '所属地区'], ...rows, ['切片测试3有限公司', '赣县区'])
	let turns = 0
	const ticking = setInterval(() => turns++, 0)
	const sliced = await validateImportInSlices('companies', file, lookups, options('companies', file), 100)
	clearInterval(ticking)
	expect(sliced).toEqual(validateImport('companies', file, lookups, options('companies', file)))
	expect(sliced.summary).toMatchObject({ rows: 2001, invalid: 1, duplicates: 2, create: 1998 })
	// Timers ran while the rows were being checked.
	expect(turns).toBeGreaterThan(0)
})

test('companyProbe: the keys rows can name a company by, after fixes; a company matches by name, alias or USCC', () => {
	const companies = sheet(
		['企业名称', '简称', '统一社会信用代码', '联系人'],
		['赣州（稀土） 有限公司', 'ＡＢＣ', A.toLowerCase(), '王五'],
		['错名公司', '', '', '赵六'],
	)
	const probe = companyProbe('companies', companies, options('companies', companies, { overrides: { '3': { 企业名称: '中国稀土集团' } } }))
	// The fixed cell replaces the read one; contacts are not keys; names are keyed as validation keys them.
	expect([...probe.names].sort()).toEqual(['abc', '中国稀土集团', '赣州稀土有限公司'].sort())
	expect([...probe.usccs]).toEqual([A])
	expect(companyMatchesProbe(probe, { name: '赣州(稀土)有限公司', uscc: null, aliases: [] })).toBe(true)
	expect(companyMatchesProbe(probe, { name: '中国稀土集团有限公司', uscc: null, aliases: [{ name: '中国稀土集团' }] })).toBe(true)
	expect(companyMatchesProbe(probe, { name: '另一家', uscc: A, aliases: [] })).toBe(true)
	expect(companyMatchesProbe(probe, { name: '错名公司', uscc: null, aliases: [] })).toBe(false)

	// A lead's company cell may hold a USCC instead of a name.
	const leads = sheet(['企业名称', '负责人'], [B, 'zhang'], ['赣州甲公司', 'zhang'])
	const leadProbe = companyProbe('leads', leads, options('leads', leads))
	expect(leadProbe.usccs.has(B)).toBe(true)
	expect(leadProbe.names.has('赣州甲公司')).toBe(true)
	expect(leadProbe.names.has('zhang')).toBe(false)
})
