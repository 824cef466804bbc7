import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { periodSpan } from '~/domain/funnel/query'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { type FunnelFilterDescription } from '~/models/funnel-records.server'

/**
 * Above a lead or project list opened from a 链上转化 number: which number it lists (chain, link,
 * period, stage, unit or owner), a way back to the funnel and one to drop the filter.
 */
export function FunnelFilterNote({ description, clearHref }: { description: FunnelFilterDescription; clearHref: string }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const { filter, chain, link, period, unit, owner } = description
	if (description.broken || !chain || !period) {
		return (
			<p className="callout-warn" role="note" data-testid="funnel-filter-note">
				{t('funnel.drill.broken')} <Link to={clearHref}>{t('funnel.drill.clear')}</Link>
			</p>
		)
	}
	const monthName = period.month
		? new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(period.year, period.month - 1, 1)))
		: ''
	const text =
		t(filter.funnelOutcome === 'lost' ? 'funnel.drill.lost' : 'funnel.drill.reached', {
			chain: localized(chain),
			link: link ? t('funnel.drill.linkPart', { link: localized(link) }) : '',
			period: t(`reports.periods.${period.kind}`, { year: period.year, month: period.month, quarter: period.quarter, monthName }),
			stage: t(`funnel.stages.${filter.funnelStage}`),
		}) +
		(unit !== undefined ? t('funnel.drill.unit', { unit: unit ? localized(unit) : t('funnel.noUnit') }) : '') +
		(owner !== undefined ? t('funnel.drill.owner', { owner: owner ? owner.name : t('funnel.noOwner') }) : '')
	const back = new URLSearchParams({ year: String(period.year) })
	if (periodSpan(period)) back.set('span', periodSpan(period))
	if (link) back.set('link', link.key)
	return (
		<p className="callout-info funnel-filter-note" role="note" data-testid="funnel-filter-note">
			<span>
				<strong>{t('funnel.drill.label')}</strong>
				{text}
			</span>
			<Link to={`/chains/${chain.slug}/funnel?${back}`}>{t('funnel.drill.back')}</Link>
			<Link to={clearHref}>{t('funnel.drill.clear')}</Link>
		</p>
	)
}
