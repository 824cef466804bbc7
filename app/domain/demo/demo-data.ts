// Sample companies, leads and projects for demos and benchmarks (`demo:generate`):
// plausible Chinese names and figures, all marked as sample. Pure: the caller
// passes what the database holds (regions, links, users, units, names and USCCs in use)
// and stores the records; the same seed and world give the same records.
import { usccCheckChar } from '~/domain/company/uscc'
import { type LEAD_PRIORITIES, type LEAD_SOURCES } from '~/domain/lead/schemas'
import { type LeadStage, isOpenStage } from '~/domain/lead/stages'
import { startOfDay } from '~/domain/lead/status'
import { type PROJECT_TYPES, type ProjectStage } from '~/domain/project/stages'
import { type COMPANY_TAGS } from '~/domain/seed/seed-files'
import { type Random, seededRandom } from './random'

export const DEMO_MAX_ROWS = 1_000_000
export const DEMO_NAME_PREFIX = '（示例）'
export const DEMO_SOURCE = '示例数据（demo:generate 生成）'
/** Year of the generated chain-link figures: the last full year before `now` (ADR 0021). */
export function demoFigureYear(now: Date) {
	return now.getUTCFullYear() - 1
}
const LOCAL_SHARE = 0.3
const DAY_MS = 24 * 60 * 60 * 1000

type CompanyTag = (typeof COMPANY_TAGS)[number]

/** Chance of each tag per company, in draw order; 链主 stays rare so small links lack a leader. */
const TAG_ODDS: readonly (readonly [CompanyTag, number])[] = [
	['lianzhu', 0.003],
	['zhuanjingtexin', 0.05],
	['xiaojuren', 0.03],
	['gaoxin', 0.15],
	['danxiangguanjun', 0.01],
	['guishang', 0.05],
]

export function sampleTags(random: Random): CompanyTag[] {
	return TAG_ODDS.filter(([, odds]) => random.chance(odds)).map(([tag]) => tag)
}

/** A company's capacity and output at one link: mostly both, sometimes one, rarely neither. */
export function sampleFigure(random: Random) {
	const mode = random.next()
	const capacity = mode < 0.85 ? Math.round(random.logUniform(50, 50_000)) : null
	let output: number | null = null
	if (capacity !== null && mode < 0.7) output = Math.round(capacity * (0.4 + random.next() * 0.6))
	else if (capacity === null && mode < 0.999) output = Math.round(random.logUniform(20, 40_000))
	return { capacity, output }
}

export type DemoOptions = { companies: number; leads: number; projects: number; seed: number }

const COUNT_FLAGS = ['companies', 'leads', 'projects'] as const

/**
 * The options of `demo:generate` as given on the command line (strings), or what is
 * wrong with them: counts are whole numbers up to DEMO_MAX_ROWS, at least one
 * company, at most one lead and one project per company; the seed is an unsigned
 * 32-bit integer, `defaultSeed` when none is given.
 */
export function parseDemoOptions(
	raw: { companies?: string; leads?: string; projects?: string; seed?: string },
	defaultSeed: number,
): { ok: true; options: DemoOptions } | { ok: false; error: string } {
	if (raw.companies === undefined) return { ok: false, error: 'demo:generate needs --companies N' }
	const counts = { companies: 0, leads: 0, projects: 0 }
	for (const flag of COUNT_FLAGS) {
		const text = raw[flag] ?? '0'
		if (!/^\d+$/.test(text) || Number(text) > DEMO_MAX_ROWS) {
			return { ok: false, error: `--${flag} must be a whole number from 0 to ${DEMO_MAX_ROWS.toLocaleString('en')}, not "${text}"` }
		}
		counts[flag] = Number(text)
	}
	if (counts.companies === 0) return { ok: false, error: '--companies must be at least 1' }
	if (counts.leads > counts.companies || counts.projects > counts.companies) {
		return { ok: false, error: '--leads and --projects may not exceed --companies (one of each per company at most)' }
	}
	if (raw.seed !== undefined && (!/^\d+$/.test(raw.seed) || Number(raw.seed) > 0xffffffff)) {
		return { ok: false, error: `--seed must be a whole number from 0 to 4294967295, not "${raw.seed}"` }
	}
	return { ok: true, options: { ...counts, seed: raw.seed === undefined ? defaultSeed : Number(raw.seed) } }
}

// ---------- names ----------

/** 字号: two characters, one from each list (disjoint, so never doubled). */
const STEM_FIRST = [...'华恒瑞金鑫宏盛泰中天东南新永嘉博正德海长安富国祥龙凯浩晶联万汇通锦卓立科创精睿佳']
const STEM_SECOND = [...'源达昌丰诚信辉阳光远鸿润兴隆成茂宇禾川峰力能捷弘邦和美泽益晟航星磊璟驰腾旭舜']
const LEGAL_SUFFIXES = { 有限公司: 6, 股份有限公司: 2.5, 有限责任公司: 1.5 }
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘钟']
const TITLES = ['先生', '女士', '经理', '总']

/**
 * Name words and 所属行业 of a chain link, by words in its name (first match
 * wins, so 永磁电机 is a motor and 电池回收 recycling), else by its stage.
 */
const LINK_RULES: readonly { match: RegExp; words: readonly string[]; industry: string }[] = [
	{ match: /电机/, words: ['电机', '电气', '机电', '驱动科技', '动力科技'], industry: '电动机制造' },
	{ match: /回收|二次资源|循环/, words: ['再生资源', '资源循环', '环保科技'], industry: '金属废料和碎屑加工处理' },
	{ match: /电池/, words: ['电池', '储能', '新能源'], industry: '锂离子电池制造' },
	{ match: /汽车/, words: ['汽车', '新能源汽车', '汽车科技'], industry: '新能源车整车制造' },
	{ match: /磁|钕铁硼/, words: ['磁材', '永磁', '磁业', '磁电科技', '磁性材料'], industry: '电子专用材料制造' },
	{ match: /锂/, words: ['锂业', '锂电材料', '新能源材料'], industry: '无机盐制造' },
	{ match: /矿/, words: ['矿业', '稀土矿业', '资源'], industry: '稀土金属矿采选' },
	{ match: /发光/, words: ['发光材料', '光电材料'], industry: '电子专用材料制造' },
	{ match: /催化/, words: ['催化材料', '环保材料', '催化科技'], industry: '其他专用化学产品制造' },
	{ match: /储氢/, words: ['储氢材料', '氢能科技', '合金'], industry: '有色金属合金制造' },
	{ match: /金属|合金/, words: ['金属', '合金', '稀土金属', '冶金'], industry: '稀土金属冶炼' },
	{ match: /加工|机械/, words: ['精密', '精密机械', '机械制造'], industry: '机械零部件加工' },
	{ match: /表面/, words: ['表面处理', '涂层科技', '表面技术'], industry: '金属表面处理及热处理加工' },
	{ match: /设计/, words: ['工业设计', '设计', '科技'], industry: '工业设计服务' },
	{ match: /稀土|氧化物/, words: ['稀土', '稀土新材料', '新材料'], industry: '稀土金属冶炼' },
]
const STAGE_RULES: Record<string, { words: readonly string[]; industry: string }> = {
	resource: { words: ['矿业', '资源'], industry: '有色金属矿采选' },
	material: { words: ['新材料', '材料科技'], industry: '新材料制造' },
	component: { words: ['精密', '科技', '部件'], industry: '零部件制造' },
	application: { words: ['装备', '科技', '智能装备'], industry: '专用设备制造' },
	recycling: { words: ['再生资源', '资源循环'], industry: '再生资源回收' },
	supporting: { words: ['科技', '技术服务'], industry: '专业技术服务' },
}

export function linkProfile(link: { name: string; stage: string }) {
	return LINK_RULES.find((rule) => rule.match.test(link.name)) ?? STAGE_RULES[link.stage] ?? STAGE_RULES.material!
}

/** The place word a company name starts with: 赣州高新区 → 赣州, 赣县区 → 赣县, 江西省 → 江西. */
export function regionWord(regionName: string) {
	const word = regionName.replace(/(自治区|自治州|高新区|经开区|开发区|新区|地区|省|市|区|县)$/, '')
	return word.length >= 2 ? word : regionName
}

/** A link name without its notes: 钕铁硼磁材（成品） → 钕铁硼磁材, 钕铁硼合金/毛坯 → 钕铁硼合金. */
function shortLinkName(name: string) {
	return name
		.replace(/（[^）]*）|\([^)]*\)/g, '')
		.split('/')[0]!
		.trim()
}

// ---------- USCC ----------

/** 行政区划代码 of the places sample companies are named after; others borrow one. */
const DIVISION_CODES: Record<string, string> = {
	赣州: '360700',
	赣县: '360721',
	江西: '360000',
	宜春: '360900',
	北京: '110000',
	上海: '310000',
	天津: '120000',
	宁波: '330200',
	杭州: '330100',
	苏州: '320500',
	常州: '320400',
	无锡: '320200',
	深圳: '440300',
	广州: '440100',
	包头: '150200',
	合肥: '340100',
	厦门: '350200',
	长沙: '430100',
	武汉: '420100',
	成都: '510100',
	西安: '610100',
}
const USCC_CHARS = [...'0123456789ABCDEFGHJKLMNPQRTUWXY']
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

/** Check character of a 组织机构代码 (GB 11714): 8 characters, then this one. */
export function orgCodeCheckChar(body: string) {
	const sum = [...body].reduce((total, ch, i) => total + parseInt(ch, 36) * ORG_WEIGHTS[i]!, 0)
	const check = 11 - (sum % 11)
	return check === 10 ? 'X' : check === 11 ? '0' : String(check)
}

/** 91 (enterprise) + division code + 组织机构代码 with its check character + the USCC check character. */
function drawUscc(random: Random, word: string) {
	const division = DIVISION_CODES[word] ?? random.pick(Object.values(DIVISION_CODES))
	// Newer registrations carry an "MA…" code, older ones a numeric one.
	const body = random.chance(0.6)
		? `MA${Array.from({ length: 6 }, () => random.pick(USCC_CHARS)).join('')}`
		: Array.from({ length: 8 }, () => random.int(0, 9)).join('')
	const first17 = `91${division}${body}${orgCodeCheckChar(body)}`
	return first17 + usccCheckChar(first17)!
}

// ---------- records ----------

export type DemoRegion = { id: string; name: string; weight: number }
export type DemoLink = { id: string; chainId: string; name: string; stage: string }
export type DemoWorld = {
	/** Where local and external companies sit, weighted like the companies already there. */
	localRegions: readonly DemoRegion[]
	externalRegions: readonly DemoRegion[]
	links: readonly DemoLink[]
	/** Lead owners. */
	owners: readonly { id: string; unitId: string | null }[]
	/** Responsible units of projects. */
	unitIds: readonly string[]
	/** Company names and USCCs in use; drawn ones are added, so every USCC is new and names rarely repeat. */
	names: Set<string>
	usccs: Set<string>
	/** "Now": leads' next action dates lie around it, nothing is dated after it. */
	now: Date
	/**
	 * The first day no issued report has closed (the day after the latest issued
	 * period's end), or null: project stage dates fall on it or later, so no
	 * issued figure changes (ADR 0011).
	 */
	openFrom: Date | null
}

const LEAD_STAGE_WEIGHTS: Record<LeadStage, number> = { new: 22, contacted: 22, visited: 18, negotiating: 14, converted: 8, dropped: 16 }
const LEAD_PRIORITY_WEIGHTS: Record<(typeof LEAD_PRIORITIES)[number], number> = { high: 2, medium: 5, low: 3 }
const LEAD_SOURCE_WEIGHTS: Record<(typeof LEAD_SOURCES)[number], number> = {
	expo: 2,
	business: 3,
	fund: 1,
	agent: 1,
	walk_in: 1,
	chain_gap: 3,
	other: 1,
}
const LEAD_NOTES = ['已电话接洽', '展会上结识', '经本地企业介绍', '补链目标企业', '中介推荐', '拟赴企业拜访', '等待对方答复投资意向']
const PROJECT_STAGE_WEIGHTS: Record<ProjectStage, number> = { negotiating: 35, signed: 25, started: 18, producing: 12, terminated: 10 }
const PROJECT_TYPE_WEIGHTS: Record<(typeof PROJECT_TYPES)[number], number> = { new: 5, expansion: 3, renovation: 1.5, capital_increase: 1 }
const PROJECT_TYPE_TITLE: Record<(typeof PROJECT_TYPES)[number], string> = {
	new: '',
	expansion: '扩建',
	renovation: '技改',
	capital_increase: '增资扩产',
}
/** Days from reaching the previous stage of 洽谈→签约→开工→投产 to reaching this one. */
const STAGE_GAP_DAYS = { signed: [20, 180], started: [30, 240], producing: [120, 540] } as const
const STAGE_PATH = ['negotiating', 'signed', 'started', 'producing'] as const satisfies readonly ProjectStage[]
/** 注册资本 steps as companies register them. */
const CAPITAL_STEPS = [1e6, 2e6, 3e6, 5e6, 8e6, 1e7, 2e7, 3e7, 5e7, 1e8, 2e8, 5e8, 1e9]

const roundTo = (value: number, step: number) => Math.round(value / step) * step
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value))
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY_MS)

export type DemoCompany = ReturnType<ReturnType<typeof demoGenerator>['company']>
export type DemoLead = ReturnType<ReturnType<typeof demoGenerator>['lead']>
export type DemoProject = ReturnType<ReturnType<typeof demoGenerator>['project']>

export function demoGenerator(seed: number, world: DemoWorld) {
	const random = seededRandom(seed)
	const today = startOfDay(world.now)
	const linksOfChain = new Map<string, DemoLink[]>()
	for (const link of world.links) linksOfChain.set(link.chainId, [...(linksOfChain.get(link.chainId) ?? []), link])
	/** An instant up to `days` days before now. */
	const within = (days: number) => new Date(world.now.getTime() - random.next() * days * DAY_MS)

	function nameParts(word: string, words: readonly string[], revenue: number | null) {
		const big = revenue !== null && revenue >= 1e9
		// A name in use is drawn again: two-character 字号 first, three where a place and trade
		// have used up the two-character ones. Past the last try a repeat is kept (the space is finite).
		for (let attempt = 0; ; attempt++) {
			const first = random.pick(STEM_FIRST)
			const stem = first + random.pick(STEM_SECOND) + (attempt < 5 ? '' : random.pick(STEM_FIRST.filter((c) => c !== first)))
			const suffix = big && random.chance(0.6) ? '股份有限公司' : random.weighted(LEGAL_SUFFIXES)
			const industryWord = random.pick(words)
			const name = `${DEMO_NAME_PREFIX}${word}${stem}${industryWord}${suffix}`
			if (!world.names.has(name) || attempt === 29) {
				world.names.add(name)
				return { name, stem, industryWord }
			}
		}
	}

	return {
		random,
		company() {
			const isLocal = random.chance(LOCAL_SHARE)
			const region = random.weightedPick(isLocal ? world.localRegions : world.externalRegions, (r) => r.weight)
			const word = regionWord(region.name)
			const link = random.pick(world.links)
			const profile = linkProfile(link)
			const revenueCNY = random.chance(0.08) ? null : roundTo(clamp(random.logNormal(3e7, 1.5), 5e5, 3e11), 1e4)
			const { name, stem, industryWord } = nameParts(word, profile.words, revenueCNY)
			let uscc = drawUscc(random, word)
			while (world.usccs.has(uscc)) uscc = drawUscc(random, word)
			world.usccs.add(uscc)
			const employees =
				revenueCNY === null ? (random.chance(0.5) ? null : random.int(5, 300)) : Math.round(clamp(revenueCNY / random.logNormal(8e5, 0.5), 3, 200_000))
			const capitalTarget = random.logNormal((revenueCNY ?? 3e7) * 0.2, 0.7)
			const registeredCapitalCNY = CAPITAL_STEPS.reduce((best, step) =>
				Math.abs(Math.log(step / capitalTarget)) < Math.abs(Math.log(best / capitalTarget)) ? step : best,
			)
			const others = linksOfChain.get(link.chainId)!.filter((l) => l.id !== link.id)
			const second = others.length > 0 && random.chance(0.15) ? random.pick(others) : undefined
			const createdAt = within(3 * 365)
			return {
				name,
				shortName: random.chance(0.3) ? `${DEMO_NAME_PREFIX}${stem}${industryWord.slice(0, 2)}` : null,
				uscc,
				isLocal,
				regionId: region.id,
				revenueCNY,
				employees,
				registeredCapitalCNY,
				industry: profile.industry,
				contactName: random.pick(SURNAMES) + random.pick(TITLES),
				contactPhone: `138-0000-${String(random.int(0, 9999)).padStart(4, '0')}`,
				address: `${region.name}示例路${random.int(1, 999)}号`,
				description: `示例企业，主营${shortLinkName(link.name)}`,
				tags: sampleTags(random),
				links: [link, ...(second ? [second] : [])].map((l) => ({ linkId: l.id, ...sampleFigure(random) })),
				createdAt,
				updatedAt: new Date(createdAt.getTime() + random.next() * (world.now.getTime() - createdAt.getTime())),
				/** What the company's projects are named after and linked to. */
				stem,
				link,
			}
		},
		lead() {
			const owner = random.pick(world.owners)
			const stage = random.weighted(LEAD_STAGE_WEIGHTS)
			const createdAt = within(365)
			return {
				ownerId: owner.id,
				unitId: owner.unitId,
				stage,
				priority: random.weighted(LEAD_PRIORITY_WEIGHTS),
				source: random.weighted(LEAD_SOURCE_WEIGHTS),
				// Around today: about a quarter of the dated open leads are overdue.
				nextActionDate: isOpenStage(stage) && random.chance(0.9) ? addDays(today, random.int(-20, 60)) : null,
				notes: `示例线索：${random.pick(LEAD_NOTES)}`,
				createdAt,
				updatedAt: new Date(createdAt.getTime() + random.next() * (world.now.getTime() - createdAt.getTime())),
			}
		},
		project(company: { stem: string; link: DemoLink }) {
			const type = random.weighted(PROJECT_TYPE_WEIGHTS)
			const stage = random.weighted(PROJECT_STAGE_WEIGHTS)
			const investmentCNY = roundTo(random.logUniform(5e6, 5e9), 1e4)
			// Stage dates in path order, days apart; a terminated project ends after its first one or two stages.
			const reached = stage === 'terminated' ? STAGE_PATH.slice(0, random.int(1, 2)) : STAGE_PATH.slice(0, STAGE_PATH.indexOf(stage) + 1)
			const offsets = new Map<ProjectStage, number>()
			let day = 0
			for (const s of reached) {
				if (s !== 'negotiating') {
					const [low, high] = STAGE_GAP_DAYS[s]
					day += random.int(low, high)
				}
				offsets.set(s, day)
			}
			if (stage === 'terminated') offsets.set('terminated', (day += random.int(10, 200)))
			// The last stage was reached up to a year ago, never after today, and never in a closed period:
			// there the path starts on the first open day, squeezed to fit before today.
			const drawn = addDays(today, -(day + random.int(0, 365)))
			const start = world.openFrom !== null && drawn < world.openFrom ? world.openFrom : drawn
			const room = Math.max(0, Math.round((today.getTime() - start.getTime()) / DAY_MS))
			const scale = day > room ? room / day : 1
			const date = (s: ProjectStage) => {
				const offset = offsets.get(s)
				return offset === undefined ? null : addDays(start, Math.floor(offset * scale))
			}
			return {
				title: `${DEMO_NAME_PREFIX}${company.stem}${shortLinkName(company.link.name)}${PROJECT_TYPE_TITLE[type]}项目`,
				type,
				investmentCNY,
				incrementCNY: type === 'capital_increase' ? roundTo(investmentCNY * (0.2 + random.next() * 0.6), 1e4) : null,
				stage,
				negotiatingDate: date('negotiating'),
				signedDate: date('signed'),
				startedDate: date('started'),
				producingDate: date('producing'),
				terminatedDate: date('terminated'),
				responsibleUnitId: world.unitIds.length > 0 ? random.pick(world.unitIds) : null,
				isClusterLeading: investmentCNY >= 1e9 && random.chance(0.5),
				linkId: company.link.id,
				createdAt: start,
				updatedAt: addDays(start, Math.floor(day * scale)),
			}
		},
	}
}
