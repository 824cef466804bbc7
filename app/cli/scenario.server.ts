// `cli -- scenario <chain-slug> [--id ID | --name NAME] [--stop company[@link]] [--cut company[@link]=N]
//   [--capacity link=±N] [--factor from>to=V] [--external link=N] [--planned lead|project:ID[@year]] [--year Y] [--as username] [--lang zh-CN|en] --json`:
// a 情景推演 (ADR 0035) — a saved one, or one given on the command line — run against today's chain:
// every link before and after, links turning red/green and losing input, quotas hit. Without a
// scenario it lists the chain's saved scenarios.
import { type Db } from '~/db.server'
import { type Actor } from '~/domain/auth/record-access'
import { roleSchema } from '~/domain/auth/roles'
import { describeLinkFlags, formatPercent, formatQuantity } from '~/domain/chain/describe-flag'
import { quotaStatusKey } from '~/domain/scenario/comparison'
import { describeChange, describeProblem, plannedLookup, producerName, type ScenarioNames } from '~/domain/scenario/describe'
import { scenarioChangeSchema, type ScenarioChange } from '~/domain/scenario/scenario-schema'
import { i18nFor, type Locale } from '~/i18n/i18n'
import { loadRegionScope } from '~/models/region.server'
import { getScenario, listScenarios, loadChain, runSavedScenario } from '~/models/scenario.server'
import { todayInChina } from '~/utils/today'
import { analysisYear } from '~/utils/url-period'
import { UsageError } from './commands.server'

export type ScenarioOptions = {
	chain: string
	id?: string
	name?: string
	stop: string[]
	cut: string[]
	capacity: string[]
	factor: string[]
	external: string[]
	/** lead:ID or project:ID, optionally @year (the year it lands from; else the record's own). */
	planned: string[]
	year?: string
	as?: string
	locale: Locale
}

/** Null when no chain has that id or slug. */
export async function scenarioReport(db: Db, options: ScenarioOptions) {
	const { locale } = options
	const { t } = i18nFor(locale)
	const english = locale === 'en'
	const chain = await loadChain(db, options.chain)
	if (!chain) return null
	const viewer = options.as ? await db.user.findUnique({ where: { username: options.as }, select: { id: true, role: true, regionId: true } }) : null
	if (options.as && !viewer) throw new UsageError(`unknown user: ${options.as}`)
	// The machine's operator sees every region; --as shows what that account sees (ADR 0026).
	const actor: Pick<Actor, 'id' | 'role' | 'scope'> = viewer
		? { id: viewer.id, role: roleSchema.parse(viewer.role), scope: await loadRegionScope(db, viewer) }
		: { id: '', role: 'admin', scope: { kind: 'all' } }
	const linkByKey = new Map(chain.links.map((l) => [l.key, l]))
	const linkById = new Map(chain.links.map((l) => [l.id, l]))
	const linkName = (id: string) => (english ? linkById.get(id)?.nameEn : linkById.get(id)?.name) ?? id

	const adHoc = [options.stop, options.cut, options.capacity, options.factor, options.external, options.planned].some((list) => list.length > 0)
	if (!options.id && !options.name && !adHoc) {
		const saved = await listScenarios(db, chain.id, actor)
		const data = {
			chain: { slug: chain.slug, name: chain.name, nameEn: chain.nameEn },
			scenarios: saved.map((s) => ({ id: s.id, name: s.name, year: s.year, changes: s.changes.length, author: s.authorName, updatedAt: s.updatedAt })),
		}
		const text = saved.length === 0 ? t('scenarios.empty') : saved.map((s) => `${s.id}  ${s.name}  ${s.year}  ${s.authorName}`).join('\n')
		return { data, text }
	}

	let scenario: { id: string | null; name: string; year: number; changes: ScenarioChange[] }
	if (options.id || options.name) {
		const found = options.id
			? await getScenario(db, chain.id, options.id, actor)
			: ((await listScenarios(db, chain.id, actor)).find((s) => s.name === options.name) ?? null)
		if (!found) throw new UsageError(`no scenario ${options.id ?? `named "${options.name}"`} on ${chain.slug}`)
		scenario = { id: found.id, name: found.name, year: found.year, changes: found.changes }
	} else {
		scenario = { id: null, name: t('scenarios.title'), year: analysisYear(options.year ?? null), changes: await parseChanges(db, chain, options, linkByKey) }
	}
	if (options.year !== undefined && (options.id || options.name)) scenario.year = analysisYear(options.year)

	const today = todayInChina()
	const run = await runSavedScenario(db, chain, scenario, actor, today)
	const { result, quotas } = run
	const edgeById = new Map(chain.edges.map((e) => [e.id, e]))
	const names: ScenarioNames = {
		link: linkName,
		unit: (id) => linkById.get(id)?.unit ?? '',
		company: (id) => producerName(id, (key, o) => t(key, o), run.companyNames, run.planned),
		planned: plannedLookup(run.planned),
		edge: (id) => {
			const e = edgeById.get(id)
			return e ? { from: linkName(e.fromLinkId), to: linkName(e.toLinkId), unit: e.factorUnit, factor: e.factor } : null
		},
	}
	const afterById = new Map(result.after.links.map((l) => [l.linkId, l]))
	const keyOf = (id: string) => linkById.get(id)?.key ?? id
	const data = {
		chain: { id: chain.id, slug: chain.slug, name: chain.name, nameEn: chain.nameEn },
		scenario: { id: scenario.id, name: scenario.name, year: scenario.year },
		asOf: today,
		as: options.as ?? null,
		changes: result.changes.map((c) => ({ change: c.change, text: describeChange(c.change, t, names, locale), problem: c.problem })),
		turnedRed: result.turnedRed.map(keyOf),
		turnedGreen: result.turnedGreen.map(keyOf),
		lostInput: result.lostInput.map(keyOf),
		links: result.links.map((l) => {
			const link = linkById.get(l.linkId)!
			return {
				key: link.key,
				name: link.name,
				nameEn: link.nameEn,
				unit: link.unit,
				before: {
					supply: l.before.supply,
					demand: l.before.demand,
					coverage: l.before.coverage,
					health: l.before.health,
					severity: l.before.severity,
					flags: l.before.flags.map((f) => f.code),
				},
				after: {
					supply: l.after.supply,
					demand: l.after.demand,
					coverage: l.after.coverage,
					health: l.after.health,
					severity: l.after.severity,
					flags: describeLinkFlags(afterById.get(l.linkId)!, (key, o) => t(key, o), names, locale),
				},
				capacity: l.capacity,
				output: l.output,
				inputRatio: l.inputRatio,
				inputLostFrom: l.inputLostFrom.map(keyOf),
				inputUnknownFrom: l.inputUnknownFrom.map(keyOf),
				turnedRed: l.turnedRed,
				turnedGreen: l.turnedGreen,
			}
		}),
		quotas: quotas.map((q) => ({ ...q, unconvertible: q.unconvertible.map(keyOf), effect: quotaStatusKey(q).split('.').pop() })),
	}

	const list = (ids: readonly string[]) => (ids.length > 0 ? ids.map(linkName).join(english ? ', ' : '、') : t('app.none'))
	const text = [
		`${english ? chain.nameEn : chain.name} · ${scenario.name} · ${scenario.year}`,
		...result.changes.map((c, i) => `  ${i + 1}. ${describeChange(c.change, t, names, locale)}${c.problem ? ` — ${describeProblem(c.problem, t)}` : ''}`),
		'',
		`${t('scenarios.turnedRedTitle')} ${list(result.turnedRed)}`,
		`${t('scenarios.lostInputTitle')} ${list(result.lostInput)}`,
		`${t('scenarios.turnedGreenTitle')} ${list(result.turnedGreen)}`,
		'',
		...result.links
			.filter((l) => l.changed)
			.map((l) => {
				const unit = names.unit(l.linkId)
				const q = (v: number | null) => (v === null ? '—' : formatQuantity(v, unit, locale))
				const lost = l.inputRatio < 1 ? ` · ${t('scenarios.columns.inputRatio')} ${formatPercent(l.inputRatio, locale)}` : ''
				return `${linkName(l.linkId)}: ${t(`gaps.severity.${l.before.severity}`)} → ${t(`gaps.severity.${l.after.severity}`)} · ${t('gaps.supply')} ${q(l.before.supply)} → ${q(l.after.supply)}${lost}`
			}),
		...(quotas.length > 0
			? [
					'',
					t('scenarios.quotasTitle'),
					...quotas.map(
						(q) =>
							`  ${q.metric}: ${formatQuantity(q.before, q.normalizedUnit, locale)} → ${formatQuantity(q.after, q.normalizedUnit, locale)} (${t(quotaStatusKey(q))})`,
					),
				]
			: []),
	].join('\n')
	return { data, text }
}

/** Changes written on the command line, by link keys and company names or ids, checked by the same schema as the page's forms. */
async function parseChanges(
	db: Db,
	chain: NonNullable<Awaited<ReturnType<typeof loadChain>>>,
	options: ScenarioOptions,
	linkByKey: Map<string, { id: string }>,
) {
	const link = (key: string) => {
		const found = linkByKey.get(key)
		if (!found) throw new UsageError(`no link "${key}" on ${chain.slug} (links: ${[...linkByKey.keys()].join(', ')})`)
		return found.id
	}
	const company = async (text: string) => {
		const found = await db.company.findFirst({ where: { OR: [{ id: text }, { name: text }, { uscc: text }] }, select: { id: true } })
		if (!found) throw new UsageError(`no company "${text}"`)
		return found.id
	}
	const split = (text: string, sep: string) => {
		const at = text.lastIndexOf(sep)
		if (at <= 0) throw new UsageError(`expected …${sep}…: "${text}"`)
		return [text.slice(0, at), text.slice(at + 1)] as const
	}
	const raw: unknown[] = []
	for (const s of options.stop) {
		const [name, key] = s.includes('@') ? split(s, '@') : [s, null]
		raw.push({ kind: 'company', companyId: await company(name), linkId: key === null ? null : link(key), cutPercent: 100 })
	}
	for (const s of options.cut) {
		const [who, n] = split(s, '=')
		const [name, key] = who.includes('@') ? split(who, '@') : [who, null]
		raw.push({ kind: 'company', companyId: await company(name), linkId: key === null ? null : link(key), cutPercent: n })
	}
	for (const s of options.capacity) {
		const [key, n] = split(s, '=')
		raw.push({ kind: 'capacity', linkId: link(key), delta: n })
	}
	for (const s of options.factor) {
		const [pair, v] = split(s, '=')
		const [from, to] = split(pair, '>')
		const edge = chain.edges.find((e) => e.fromLinkId === link(from) && e.toLinkId === link(to))
		if (!edge) throw new UsageError(`no edge ${from} > ${to} on ${chain.slug}`)
		raw.push({ kind: 'factor', edgeId: edge.id, value: v })
	}
	for (const s of options.external) {
		const [key, n] = split(s, '=')
		raw.push({ kind: 'external', linkId: link(key), cutPercent: n })
	}
	for (const s of options.planned) {
		const [what, year] = s.includes('@') ? split(s, '@') : [s, null]
		const [record, recordId] = split(what, ':')
		raw.push({ kind: 'planned', record, recordId, fromYear: year })
	}
	return raw.map((r) => {
		const parsed = scenarioChangeSchema.safeParse(r)
		if (!parsed.success) throw new UsageError(`invalid change ${JSON.stringify(r)}: ${parsed.error.issues[0]?.message ?? ''}`)
		return parsed.data
	})
}
