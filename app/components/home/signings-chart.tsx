import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { signingsChartGeometry } from '~/domain/project/signings'

const SIZE = { width: 300, height: 120 }

/** This year's signings by month: each bar opens /projects filtered to that month; the current month is marked. */
export function SigningsChart({ months, current, year }: { months: { month: number; count: number; href: string }[]; current: number; year: number }) {
	const { t } = useTranslation()
	const g = signingsChartGeometry(months, { ...SIZE, current })
	const hrefOf = new Map(months.map((m) => [m.month, m.href]))
	return (
		<svg className="signings-chart" viewBox={`0 0 ${SIZE.width} ${SIZE.height}`} role="group" aria-label={t('home.signingsChart', { year })}>
			<line className="signings-baseline" x1={0} x2={SIZE.width} y1={g.baseline} y2={g.baseline} />
			{g.bars.map((bar) => {
				const label = t('home.signingsBar', { month: bar.month, count: bar.count })
				return (
					<Link key={bar.month} to={hrefOf.get(bar.month)!} aria-label={label} className={bar.current ? 'is-current' : bar.future ? 'is-future' : undefined}>
						<title>{label}</title>
						{/* A tall transparent target, so an empty month can be clicked too. */}
						<rect className="signings-hit" x={bar.x} width={bar.width} y={0} height={g.baseline} />
						<rect className="signings-bar" x={bar.x} width={bar.width} y={bar.y} height={bar.height} />
						<text className="signings-month" x={bar.labelX} y={SIZE.height - 5} textAnchor="middle">
							{bar.month}
						</text>
					</Link>
				)
			})}
			{/* The counts sit outside the links, so each link's visible text is its month, the start of its name (WCAG 2.5.3); clicks pass through to the bar. */}
			<g className="signings-counts" aria-hidden="true">
				{g.bars.map((bar) =>
					bar.count > 0 ? (
						<text key={bar.month} className="signings-count" x={bar.labelX} y={bar.y - 3} textAnchor="middle">
							{bar.count}
						</text>
					) : null,
				)}
			</g>
		</svg>
	)
}
