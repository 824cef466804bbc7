import { z } from 'zod'
import { toHalfWidth } from './values'

export const IMPORT_KINDS = ['companies', 'leads', 'projects'] as const
export const importKindSchema = z.enum(IMPORT_KINDS)
export type ImportKind = z.infer<typeof importKindSchema>

/** Planned capacity's headers, the same on leads and projects. */
const PLANNED_HEADERS = {
	plannedLink: ['规划产能环节', '规划环节', 'plannedcapacitylink', 'plannedlink'],
	plannedOutput: ['规划年产能', '规划产能', 'plannedannualoutput', 'plannedoutput'],
	plannedFromYear: ['预计达产年份', '达产年份', 'expectedfromyear', 'plannedfromyear'],
} as const

/**
 * Target fields of each kind with the column headers that mean them. Headers
 * are compared after normalizeHeader, so 企业名称（全称）, ＊企业名称 and 企业名称：
 * all read as 企业名称. The order is the order of the mapping selects.
 */
export const IMPORT_FIELDS = {
	companies: {
		name: ['企业名称', '公司名称', '名称', '单位名称', '企业全称', 'company', 'companyname', 'name'],
		uscc: ['统一社会信用代码', '信用代码', '社会信用代码', '统一代码', 'uscc', 'creditcode'],
		shortName: ['简称', '企业简称', '公司简称', 'shortname'],
		formerNames: ['曾用名', '原名', 'formername', 'formernames'],
		registeredCapital: ['注册资本', '注册资金', 'registeredcapital'],
		industry: ['所属行业', '行业', '行业类别', 'industry'],
		contactName: ['联系人', '联系人姓名', 'contact', 'contactname'],
		contactPhone: ['联系电话', '电话', '手机', '联系方式', '联系人电话', '手机号', 'phone', 'contactphone'],
		address: ['地址', '注册地址', '企业地址', '经营地址', 'address'],
		region: ['所属地区', '地区', '所在地区', '区域', 'region'],
		isLocal: ['本地/外地', '本地', '外地', '是否本地', '本地企业', 'islocal', 'local'],
		tags: ['资质', '标签', '企业资质', '资质标签', 'tags'],
		revenue: ['营收', '营业收入', '年营收', '营业额', 'revenue'],
		employees: ['员工数', '从业人数', '员工人数', '职工人数', 'employees'],
		description: ['简介', '主营业务', '企业简介', '经营范围', 'description'],
		source: ['来源', '数据来源', '信息来源', 'source'],
	},
	leads: {
		company: ['企业名称', '企业', '公司名称', '公司', '名称', '单位名称', 'company', 'companyname'],
		companyUscc: ['统一社会信用代码', '信用代码', '社会信用代码', 'uscc'],
		owner: ['负责人', '招商负责人', '跟进人', '招商专员', 'owner'],
		unit: ['责任单位', '单位', 'unit'],
		stage: ['阶段', '线索阶段', '状态', 'stage'],
		priority: ['优先级', '重要程度', 'priority'],
		source: ['来源渠道', '来源', '渠道', '招商方式', 'source'],
		nextActionDate: ['下次跟进', '下次跟进日期', '下次跟进时间', '下一步日期', 'nextaction', 'nextactiondate'],
		notes: ['备注', '说明', '情况说明', 'notes'],
		createdAt: ['创建时间', '创建日期', '登记日期', '录入日期', 'createdat', 'created'],
		// Planned capacity (ADR 0040), as the lead export writes it.
		plannedLink: PLANNED_HEADERS.plannedLink,
		plannedOutput: PLANNED_HEADERS.plannedOutput,
		plannedFromYear: PLANNED_HEADERS.plannedFromYear,
	},
	projects: {
		title: ['项目名称', '项目', 'title', 'project'],
		company: ['企业名称', '企业', '公司名称', '投资方', '投资主体', '签约企业', 'company'],
		companyUscc: ['统一社会信用代码', '信用代码', '社会信用代码', 'uscc'],
		type: ['项目类型', '类型', '建设性质', 'type'],
		investment: ['投资额', '总投资', '计划总投资', '投资总额', 'investment'],
		increment: ['增资额', '新增投资', '增量投资', 'increment'],
		stage: ['阶段', '项目阶段', '进度', '状态', 'stage'],
		negotiatingDate: ['洽谈日期', '洽谈时间', 'negotiatingdate'],
		signedDate: ['签约日期', '签约时间', 'signeddate'],
		startedDate: ['开工日期', '开工时间', 'starteddate'],
		producingDate: ['投产日期', '投产时间', 'producingdate'],
		terminatedDate: ['终止日期', '终止时间', 'terminateddate'],
		responsibleUnit: ['责任单位', '单位', 'responsibleunit', 'unit'],
		isClusterLeading: ['集群引领性', '是否集群引领性项目', '集群引领性项目', '引领性项目', 'clusterleading'],
		notes: ['备注', '说明', 'notes'],
		source: ['来源', '信息来源', 'source'],
		links: ['所属环节', '产业链环节', '环节', '链条环节', 'links', 'chainlinks'],
		// 履约 (ADR 0039), as the project export writes it; 投资强度 is worked out, never read.
		commitStartBy: ['开工期限', '承诺开工日期', '约定开工日期', 'startdeadline', 'commitstartby'],
		commitProduceBy: ['投产期限', '承诺投产日期', '约定投产日期', 'productiondeadline', 'commitproduceby'],
		commitLandMu: ['用地面积', '用地', '供地面积', 'land', 'landmu', 'commitlandmu'],
		commitOutput: ['预计年产值', '承诺年产值', '年产值', 'expectedannualoutput', 'commitoutput', 'commitoutputcny'],
		commitTax: ['预计年税收', '承诺年税收', '年税收', 'expectedannualtax', 'committax', 'committaxcny'],
		plannedLink: PLANNED_HEADERS.plannedLink,
		plannedOutput: PLANNED_HEADERS.plannedOutput,
		plannedFromYear: PLANNED_HEADERS.plannedFromYear,
	},
} as const satisfies Record<ImportKind, Record<string, readonly string[]>>

export type ImportField<K extends ImportKind = ImportKind> = keyof (typeof IMPORT_FIELDS)[K] & string

export function fieldsOf(kind: ImportKind): string[] {
	return Object.keys(IMPORT_FIELDS[kind])
}

export function isImportField(kind: ImportKind, field: string) {
	return Object.hasOwn(IMPORT_FIELDS[kind], field)
}

/** Header as written in the file → field; headers left out are ignored. */
export type ColumnMapping = Record<string, string>
export const columnMappingSchema = z.record(z.string(), z.string())

/**
 * How headers are compared: half-width, lower case, without spaces, colons,
 * required-markers (*) and a trailing bracket such as （万元） or （单位：元）.
 */
export function normalizeHeader(raw: string) {
	let text = toHalfWidth(raw).replace(/\s+/g, '').toLowerCase()
	for (let previous = ''; previous !== text;) {
		previous = text
		text = text.replace(/\([^()]*\)$/, '')
	}
	return text.replace(/[:*_\-.]/g, '')
}

const SYNONYMS = Object.fromEntries(
	Object.entries(IMPORT_FIELDS).map(([kind, fields]) => {
		const map = new Map<string, string>()
		for (const [field, synonyms] of Object.entries<readonly string[]>(fields)) {
			for (const synonym of synonyms) if (!map.has(normalizeHeader(synonym))) map.set(normalizeHeader(synonym), field)
		}
		return [kind, map]
	}),
) as Record<ImportKind, Map<string, string>>

/** The field a header means for `kind`, or null when it is not recognised. */
export function recognizeHeader(kind: ImportKind, header: string) {
	return SYNONYMS[kind].get(normalizeHeader(header)) ?? null
}

/**
 * The mapping to use: the user's choices first (a chosen "" ignores the column),
 * then recognised headers for the fields still free, left to right. Each field
 * takes one column; choices naming unknown headers or fields are dropped.
 */
export function resolveMapping(kind: ImportKind, headers: readonly string[], chosen: ColumnMapping = {}): ColumnMapping {
	const mapping: ColumnMapping = {}
	const taken = new Set<string>()
	for (const header of headers) {
		const field = chosen[header]
		if (field && isImportField(kind, field) && !taken.has(field)) {
			mapping[header] = field
			taken.add(field)
		}
	}
	for (const header of headers) {
		if (Object.hasOwn(chosen, header)) continue
		const field = recognizeHeader(kind, header)
		if (field && !taken.has(field)) {
			mapping[header] = field
			taken.add(field)
		}
	}
	return mapping
}

/** Fields a row must have a value for. */
export const REQUIRED_FIELDS: { [K in ImportKind]: readonly ImportField<K>[] } = {
	companies: ['name'],
	leads: ['company'],
	projects: ['title', 'company', 'type', 'investment', 'stage'],
}
