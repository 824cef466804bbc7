import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SampleBadge } from '~/components/sample-badge'
import { sparklineGeometry } from '~/domain/quota/chart-geometry'
import { nextDirection, OVERVIEW_SORTS, type OverviewRow, type OverviewSort, SORT_DIRECTIONS, type SortDirection } from '~/domain/quota/overview'
import { useLocalizedName } from '~/i18n/use-localized'
import { useFigureFormat } from './charts'
import { QuotaStatusBadge } from './dashboard-status'

type Sort = { sort: OverviewSort; dir: SortDirection }

const SPARK = { width: 96, height: 26 }

/** Month-end cumulative figures as a line (d3 geometry, SVG here), with the pace path and target level behind it. */
function Sparkline({ row }: { row: OverviewRow }) {
	const { t } = useTranslation()
	const { number, figure } = useFigureFormat(row)
	if (row.monthly === null) {
		return (
			<span className="muted overview-no-trend" title={t('quotas.overview.noTrendHint')}>
				{t('quotas.overview.noTrend')}
			</span>
		)
	}
	const g = sparklineGeometry({ ...row, monthly: row.monthly }, SPARK)
	// Month m's figure: "1月 2" (index 0 is the level carried into the year, not a month).
	const label = t('quotas.overview.trendLabel', {
		metric: row.metric,
		values: row.monthly
			.slice(1)
			.map((value, i) => t('quotas.overview.monthValue', { month: i + 1, value: number(value) }))
			.join(t('quotas.overview.listSeparator')),
		actual: figure(row.actual),
	})
	return (
		<svg className={`overview-spark status-${row.status}`} viewBox={`0 0 ${SPARK.width} ${SPARK.height}`} role="img" aria-label={label}>
			<title>{label}</title>
			<line className="spark-target" x1={0} x2={SPARK.width} y1={g.targetY} y2={g.targetY} />
			<line className="spark-pace" x1={g.pace.x1} y1={g.pace.y1} x2={g.pace.x2} y2={g.pace.y2} />
			{g.path ? <path className="spark-actual" d={g.path} /> : null}
			{g.last ? <circle className="spark-end" cx={g.last[0]} cy={g.last[1]} r={2} /> : null}
		</svg>
	)
}

function OverviewCells({ row, showRegion }: { row: OverviewRow; showRegion: boolean }) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const { figure, target } = useFigureFormat(row)
	const gap = row.actual - row.pace
	return (
		<>
			<td className="overview-clause" data-label={t('quotas.overview.columns.clause')}>
				{row.section ?? '—'}
			</td>
			<th scope="row" className="overview-metric" data-label={t('quotas.overview.columns.metric')}>
				<Link to={`/quotas/${row.quotaId}?year=${row.year}`}>{row.metric}</Link> {row.hasSample ? <SampleBadge show /> : null}
				{showRegion && row.region ? <span className="muted overview-region">{localized(row.region)}</span> : null}
			</th>
			<td className="overview-unit" data-label={t('quotas.overview.columns.unit')}>
				{row.leadUnit ? localized(row.leadUnit) : <span className="muted">{t('quotas.overview.noUnit')}</span>}
				{row.otherUnits > 0 ? <span className="muted nowrap"> {t('quotas.overview.otherUnits', { count: row.otherUnits })}</span> : null}
			</td>
			<td className="num overview-target" data-label={t('quotas.overview.columns.target')} title={t(`quotas.ops.${row.op}`, { defaultValue: row.op })}>
				{target}
			</td>
			<td className="num overview-actual" data-label={t('quotas.overview.columns.actual')} data-testid="overview-actual">
				<span className="nowrap">{figure(row.actual)}</span>
				{row.awaitingActual > 0 ? (
					<span className="muted nowrap overview-awaiting" title={t('quotas.awaitingHint')}>
						{' '}
						{t('quotas.overview.awaiting', {
							value: figure(row.awaitingActual),
						})}
					</span>
				) : null}
			</td>
			<td className="num overview-pace" data-label={t('quotas.overview.columns.pace')} title={t('quotas.paceHint')}>
				{row.status === 'not_due' ? (
					<span className="muted">—</span>
				) : (
					<>
						<span className="nowrap">{t('quotas.overview.paceShould', { value: figure(row.pace) })}</span>{' '}
						<span className={`nowrap overview-gap ${gap >= 0 ? 'ahead' : 'behind'}`}>
							{t(gap >= 0 ? 'quotas.overview.ahead' : 'quotas.overview.behind', { value: figure(Math.abs(gap)) })}
						</span>
					</>
				)}
			</td>
			<td className="overview-status" data-label={t('quotas.overview.columns.status')}>
				<QuotaStatusBadge status={row.status} />
			</td>
			<td className="overview-trend" data-label={t('quotas.overview.columns.trend')}>
				<Sparkline row={row} />
			</td>
		</>
	)
}

const COLUMNS: { key: OverviewSort | 'metric' | 'trend'; numeric?: boolean }[] = [
	{ key: 'clause' },
	{ key: 'metric' },
	{ key: 'unit' },
	{ key: 'target', numeric: true },
	{ key: 'actual', numeric: true },
	{ key: 'pace', numeric: true },
	{ key: 'status' },
	{ key: 'trend' },
]

const isSortable = (key: string): key is OverviewSort => (OVERVIEW_SORTS as readonly string[]).includes(key)

/**
 * Every quota of the year in one table, sortable by each column through links
 * (the sort sits in the URL). On a phone the rows become compact cards and a
 * small form chooses the sort.
 */
export function OverviewTable({
	rows,
	sort,
	sortHref,
	keep,
}: {
	rows: OverviewRow[]
	sort: Sort
	sortHref: (sort: Sort) => string
	/** The other query parameters, kept by the phone's sort form. */
	keep: [string, string][]
}) {
	const { t } = useTranslation()
	// Whose target each is, once the table holds more than one region's (a 市 sees its 县区', ADR 0029).
	const showRegion = new Set(rows.map((r) => r.region?.id ?? null)).size > 1
	return (
		<section className="quota-overview" aria-labelledby="quota-overview-title">
			<div className="overview-head">
				<h2 id="quota-overview-title">{t('quotas.overview.title')}</h2>
				<Form method="get" className="overview-sort-form no-print" aria-label={t('quotas.overview.sortLabel')}>
					{keep.map(([name, value]) => (
						<input key={name} type="hidden" name={name} value={value} />
					))}
					<label>
						{t('quotas.overview.sortLabel')}{' '}
						<select name="sort" defaultValue={sort.sort}>
							{OVERVIEW_SORTS.map((key) => (
								<option key={key} value={key}>
									{t(`quotas.overview.columns.${key}`)}
								</option>
							))}
						</select>
					</label>
					<select name="dir" defaultValue={sort.dir} aria-label={t('quotas.overview.direction')}>
						{SORT_DIRECTIONS.map((dir) => (
							<option key={dir} value={dir}>
								{t(`quotas.overview.directions.${dir}`)}
							</option>
						))}
					</select>
					<button type="submit">{t('quotas.overview.sortApply')}</button>
				</Form>
			</div>
			<table className="data-table overview-table" data-testid="quota-overview">
				<caption className="visually-hidden">{t('quotas.overview.caption')}</caption>
				<thead>
					<tr>
						{COLUMNS.map(({ key, numeric }) => {
							const active = isSortable(key) && sort.sort === key
							return (
								<th
									key={key}
									scope="col"
									className={numeric ? 'num' : undefined}
									aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
								>
									{isSortable(key) ? (
										<Link
											to={sortHref({
												sort: key,
												dir: nextDirection(sort, key),
											})}
											className="sort-link"
											title={t(`quotas.overview.sortHints.${key}`)}
											preventScrollReset
										>
											{t(`quotas.overview.columns.${key}`)}
											<span aria-hidden="true" className="sort-mark">
												{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
											</span>
										</Link>
									) : (
										t(`quotas.overview.columns.${key}`)
									)}
								</th>
							)
						})}
					</tr>
				</thead>
				<tbody>
					{rows.map((row) => (
						<tr
							key={row.quotaId}
							className={`status-${row.status}`}
							data-testid="overview-row"
							data-quota-id={row.quotaId}
							data-status={row.status}
							data-actual={row.actual}
							data-done={row.done}
						>
							<OverviewCells row={row} showRegion={showRegion} />
						</tr>
					))}
				</tbody>
			</table>
		</section>
	)
}
