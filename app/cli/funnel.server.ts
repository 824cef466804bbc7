// `cli -- funnel <chain-slug> [--year Y] [--quarter Q | --month M] [--as username] [--lang zh-CN|en] --json`:
// the chain's 链上转化 (ADR 0032) as the funnel page shows it — the whole chain, every link, every unit
// and owner — for the operator (everything) or as one account sees it (--as).
import { type Db } from '~/db.server'
import { type FunnelFigures } from '~/domain/funnel/funnel'
import { parseReportPeriod, type ReportKind } from '~/domain/report/period'
import { i18nFor, type Locale } from '~/i18n/i18n'
import { loadChainFunnel } from '~/models/funnel.server'
import { loadRegionScope } from '~/models/region.server'
import { todayInChina } from '~/utils/today'
import { UsageError } from './commands.server'

type FunnelOptions = { chain: string; year?: string; quarter?: string; month?: string; as?: string; locale: Locale; today?: string }

/** Null when no chain has that id or slug; a UsageError for a bad period or an unknown account. */
export async function funnelReport(db: Db, options: FunnelOptions) {
	const { locale } = options
	const today = options.today ?? todayInChina()
	const { t } = i18nFor(locale)
	const kind: ReportKind = options.month !== undefined ? 'monthly' : options.quarter !== undefined ? 'quarterly' : 'annual'
	const parsed = parseReportPeriod(kind, { year: options.year ?? today.slice(0, 4), quarter: options.quarter, month: options.month }, today)
	if (!parsed.ok) throw new UsageError(t(parsed.error.key, parsed.error.values))
	const { period } = parsed
	const viewer = options.as ? await db.user.findUnique({ where: { username: options.as }, select: { role: true, regionId: true } }) : null
	if (options.as && !viewer) throw new UsageError(`unknown user: ${options.as}`)
	// The machine's operator sees every county; --as shows what that account sees (ADR 0026).
	const scope = viewer ? await loadRegionScope(db, viewer) : ({ kind: 'all' } as const)
	const funnel = await loadChainFunnel(db, { chain: options.chain, year: period.year, window: { start: period.start, end: period.end, asOf: today }, scope })
	if (!funnel) return null

	const { chain } = funnel.gap
	const english = locale === 'en'
	const name = (record: { name: string; nameEn: string }) => (english ? record.nameEn : record.name)
	const linkById = new Map(chain.links.map((l) => [l.id, l]))
	const stages = (figures: FunnelFigures) =>
		figures.stages.map((s) => ({
			stage: s.stage,
			reached: s.reached,
			leads: s.reachedAs.leads,
			projects: s.reachedAs.projects,
			conversion: s.conversion,
			medianDays: s.medianDays,
			timed: s.timed,
			lost: s.lost,
			skipped: s.skipped,
			entered: s.entered,
		}))
	const links = funnel.links.map((l) => {
		const link = linkById.get(l.linkId)!
		return {
			key: link.key,
			name: link.name,
			nameEn: link.nameEn,
			flags: l.flags.map((f) => f.code),
			level: l.level,
			// The JSON keeps the key `targets` (scripts read it); in code they are prospects.
			targets: l.prospects,
			pursuits: l.figures.pursuits,
			stages: stages(l.figures),
		}
	})
	const data = {
		chain: { id: chain.id, slug: chain.slug, name: chain.name, nameEn: chain.nameEn },
		period: { kind: period.kind, year: period.year, quarter: period.quarter, month: period.month, start: period.start, end: period.end },
		asOf: today,
		as: options.as ?? null,
		total: { targets: funnel.prospects, pursuits: funnel.total.pursuits, stages: stages(funnel.total) },
		links,
		byUnit: funnel.byUnit.map((u) => ({ unit: u.unit ? name(u.unit) : null, pursuits: u.figures.pursuits, stages: stages(u.figures) })),
		byOwner: funnel.byOwner.map((o) => ({ owner: o.owner?.name ?? null, pursuits: o.figures.pursuits, stages: stages(o.figures) })),
	}

	const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`)
	const column = english ? 12 : 8
	const labels = [
		...links.map((l) => name(l)),
		...data.byUnit.map((u) => u.unit ?? t('funnel.noUnit')),
		...data.byOwner.map((o) => o.owner ?? t('funnel.noOwner')),
	]
	const labelWidth = Math.max(...labels.map(displayWidth)) + 1
	const row = (label: string, figures: ReturnType<typeof stages>) =>
		`${pad(label, labelWidth)}${figures.map((s) => pad(String(s.reached), column, 'start')).join('')}`
	const header = `${pad('', labelWidth)}${funnel.total.stages.map((s) => pad(t(`funnel.stages.${s.stage}`), column, 'start')).join('')}`
	const periodName = t(`reports.periods.${period.kind}`, { year: period.year, quarter: period.quarter, month: period.month, monthName: period.month ?? '' })
	const text = [
		`${name(chain)} · ${t('funnel.open')} · ${periodName} · ${t('funnel.asOf', { asOf: today })}`,
		'',
		`${t('funnel.wholeChain')}: ${t('funnel.targetsLine', funnel.prospects)}`,
		...data.total.stages.map(
			(s) =>
				`  ${pad(t(`funnel.stages.${s.stage}`), 12)} ${String(s.reached).padStart(4)}  → ${percent(s.conversion).padStart(4)}  ${s.medianDays === null ? '' : t('funnel.days', { count: s.medianDays, days: s.medianDays })}${s.lost > 0 ? `  ${t('funnel.columns.lost')} ${s.lost}` : ''}`,
		),
		'',
		header,
		...links.map(
			(l) => `${row(name(l), l.stages)}  ${t(`funnel.levels.${l.level}`)}${l.targets.proposed > 0 ? ` · ${t('funnel.targetsShort', l.targets)}` : ''}`,
		),
		'',
		t('funnel.byUnitTitle'),
		...data.byUnit.map((u) => row(u.unit ?? t('funnel.noUnit'), u.stages)),
		'',
		t('funnel.byOwnerTitle'),
		...data.byOwner.map((o) => row(o.owner ?? t('funnel.noOwner'), o.stages)),
	].join('\n')
	return { data, text }
}

/** Columns a text takes in a terminal: Chinese characters take two. */
function displayWidth(text: string) {
	return [...text].reduce((sum, ch) => sum + (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0)
}

/** A terminal cell of `width` columns (at least one space between cells). */
function pad(text: string, width: number, side: 'end' | 'start' = 'end') {
	const fill = ' '.repeat(Math.max(width - displayWidth(text), 1))
	return side === 'end' ? text + fill : fill + text
}
