import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ScrollRegion } from '~/components/scroll-region'
import { FUNNEL_STAGES, type FunnelFigures, type FunnelLevel } from '~/domain/funnel/funnel'
import { FUNNEL_NONE } from '~/domain/funnel/query'
import { useLocalizedName } from '~/i18n/use-localized'
import { FunnelCount, type FunnelScope } from './funnel-count'

type Named = { name: string; nameEn: string }

export type FunnelLinkRow = {
	key: string
	name: string
	nameEn: string
	severity: string
	flags: readonly { code: string; severity: string }[]
	level: FunnelLevel
	prospects: { proposed: number; withLead: number }
	figures: FunnelFigures
	units: readonly { id: string | null; count: number }[]
}

/** Every link's funnel in one table, weak links first: prospects, each stage's count (opening its records), who works on it. */
export function FunnelLinksTable({
	rows,
	scope,
	unitNames,
	linkHref,
	prospectsHref,
}: {
	rows: readonly FunnelLinkRow[]
	scope: FunnelScope
	unitNames: Readonly<Record<string, Named>>
	linkHref: (key: string) => string
	prospectsHref: (key: string) => string
}) {
	const { t, i18n } = useTranslation()
	const localized = useLocalizedName()
	const separator = i18n.language === 'en' ? ', ' : '、'
	return (
		<ScrollRegion label={t('funnel.linksTitle')}>
			<table className="data-table funnel-links funnel-grid" data-testid="funnel-links">
				<thead>
					<tr>
						<th scope="col">{t('funnel.columns.link')}</th>
						<th scope="col">{t('funnel.columns.level')}</th>
						<th scope="col" className="num" title={t('funnel.targetsHint')}>
							{t('funnel.columns.targets')}
						</th>
						{FUNNEL_STAGES.map((stage) => (
							<th key={stage} scope="col" className="num">
								{t(`funnel.stages.${stage}`)}
							</th>
						))}
						<th scope="col" className="funnel-units">
							{t('funnel.columns.units')}
						</th>
					</tr>
				</thead>
				<tbody>
					{rows.map((row) => (
						<tr key={row.key} className={`severity-row severity-${row.severity} funnel-level-${row.level}`} data-link-key={row.key}>
							<th scope="row">
								<Link to={linkHref(row.key)} preventScrollReset title={t('funnel.showLink')}>
									{localized(row)}
								</Link>{' '}
								{row.flags.map((f) => (
									<span key={f.code} className={`badge flag-${f.severity}`}>
										{t(`gaps.flags.${f.code}`)}
									</span>
								))}
							</th>
							<td data-label={t('funnel.columns.level')}>
								<span className={`funnel-level funnel-level-${row.level}`}>
									<span className="swatch" aria-hidden="true" /> {t(`funnel.levels.${row.level}`)}
								</span>
							</td>
							<td className="num" data-label={t('funnel.columns.targets')}>
								{row.prospects.proposed === 0 ? (
									<span className="muted">0</span>
								) : (
									<Link to={prospectsHref(row.key)} title={t('funnel.targetsLine', row.prospects)}>
										{t('funnel.targetsShort', row.prospects)}
									</Link>
								)}
							</td>
							{row.figures.stages.map((s) => (
								<td key={s.stage} className="num" data-label={t(`funnel.stages.${s.stage}`)}>
									<FunnelCount scope={{ ...scope, funnelLink: row.key }} stage={s.stage} count={s.reached} as={s.reachedAs} compact />
								</td>
							))}
							<td className="funnel-units" data-label={t('funnel.columns.units')}>
								{row.units.length === 0
									? null
									: row.units.map((u) => `${u.id === null ? t('funnel.noUnit') : localized(unitNames[u.id])} ${u.count}`).join(separator)}
							</td>
						</tr>
					))}
				</tbody>
			</table>
		</ScrollRegion>
	)
}

/** The whole chain's funnel per responsible unit or per owner (the 季通报's view): each stage's count opening its records. */
export function FunnelResponsibleTable({
	by,
	rows,
	scope,
}: {
	by: 'unit' | 'owner'
	rows: readonly { id: string | null; name: string; figures: FunnelFigures }[]
	scope: FunnelScope
}) {
	const { t } = useTranslation()
	return (
		<ScrollRegion label={t(by === 'unit' ? 'funnel.byUnitTitle' : 'funnel.byOwnerTitle')}>
			<table className="data-table funnel-grid" data-testid={`funnel-by-${by}`}>
				<thead>
					<tr>
						<th scope="col">{t(by === 'unit' ? 'funnel.columns.unit' : 'funnel.columns.owner')}</th>
						<th scope="col" className="num">
							{t('funnel.columns.pursuits')}
						</th>
						{FUNNEL_STAGES.map((stage) => (
							<th key={stage} scope="col" className="num">
								{t(`funnel.stages.${stage}`)}
							</th>
						))}
					</tr>
				</thead>
				<tbody>
					{rows.map((row) => {
						const own = { ...scope, [by === 'unit' ? 'funnelUnit' : 'funnelOwner']: row.id ?? FUNNEL_NONE }
						return (
							<tr key={row.id ?? FUNNEL_NONE}>
								<th scope="row">{row.name}</th>
								<td className="num" data-label={t('funnel.columns.pursuits')}>
									{row.figures.pursuits}
								</td>
								{row.figures.stages.map((s) => (
									<td key={s.stage} className="num" data-label={t(`funnel.stages.${s.stage}`)}>
										<FunnelCount scope={own} stage={s.stage} count={s.reached} as={s.reachedAs} compact />
									</td>
								))}
							</tr>
						)
					})}
				</tbody>
			</table>
		</ScrollRegion>
	)
}
