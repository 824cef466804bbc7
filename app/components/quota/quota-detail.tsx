import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SampleBadge } from '~/components/sample-badge'
import { VerificationBadge } from '~/components/stage-evidence'
import { type FigureUnits } from '~/domain/quota/english-unit'
import { type AwaitingItem, type ExcludedItem, type PipelineItem, type QuotaItem } from '~/domain/quota/progress'
import { itemDetailText } from '~/domain/quota/quota-message'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { useFigureFormat } from './charts'

/** Projects and companies open on their own pages; figures and manual entries are listed here only. */
/** The item's responsible unit in the reader's language; a dash when it has none. */
function useItemUnit() {
	const localized = useLocalizedName()
	return (item: QuotaItem) => (item.unitName === null ? '—' : localized({ name: item.unitName, nameEn: item.unitNameEn ?? item.unitName }))
}

function itemHref(item: QuotaItem) {
	if (item.type === 'project') return `/projects/${item.id}`
	if (item.type === 'company') return `/companies/${item.id}`
	return null
}

function ItemLabel({ item }: { item: QuotaItem }) {
	const href = itemHref(item)
	return (
		<>
			{href ? <Link to={href}>{item.label}</Link> : item.label} <SampleBadge show={item.isSample} />
			{item.companyName && item.companyName !== item.label ? (
				<div className="muted">
					{item.companyId && item.type !== 'company' ? <Link to={`/companies/${item.companyId}`}>{item.companyName}</Link> : item.companyName}
				</div>
			) : null}
		</>
	)
}

type Units = FigureUnits

/** What counts toward the quota, with each item's date, amount, 责任单位 and note. */
export function QualifyingItems({ progress }: { progress: Units & { items: QuotaItem[] } }) {
	const { t } = useTranslation()
	const unitOf = useItemUnit()
	const locale = useLocale()
	const { figure } = useFigureFormat(progress)
	if (progress.items.length === 0) return <p className="muted">{t('quota.items.none')}</p>
	return (
		<table className="data-table stack-table" data-testid="quota-items">
			<thead>
				<tr>
					<th>{t('quota.items.item')}</th>
					<th>{t('quota.items.date')}</th>
					<th className="num">{t('quota.items.amount')}</th>
					<th>{t('quota.items.unit')}</th>
					<th>{t('quota.items.detail')}</th>
				</tr>
			</thead>
			<tbody>
				{progress.items.map((item) => (
					<tr key={`${item.type}-${item.id}`} data-item-id={item.id}>
						<td>
							<ItemLabel item={item} />
						</td>
						<td className="nowrap" data-label={t('quota.items.date')}>
							{item.date ?? '—'}
						</td>
						<td className="num nowrap" data-label={t('quota.items.amount')}>
							{figure(item.amount)}
						</td>
						<td data-label={t('quota.items.unit')}>{unitOf(item)}</td>
						<td className="muted" data-label={t('quota.items.detail')}>
							{itemDetailText(item.detail, t, locale)}
						</td>
					</tr>
				))}
			</tbody>
		</table>
	)
}

/** Projects that qualify but await evidence or a manager's 核验: what the count becomes once verified. */
export function AwaitingItems({ progress }: { progress: Units & { awaiting: AwaitingItem[] } }) {
	const { t } = useTranslation()
	const unitOf = useItemUnit()
	const { figure } = useFigureFormat(progress)
	if (progress.awaiting.length === 0) return <p className="muted">{t('quota.awaiting.none')}</p>
	return (
		<table className="data-table stack-table" data-testid="quota-awaiting">
			<thead>
				<tr>
					<th>{t('quota.items.item')}</th>
					<th>{t('quota.items.date')}</th>
					<th className="num">{t('quota.items.amount')}</th>
					<th>{t('quota.items.unit')}</th>
					<th>{t('quota.awaiting.state')}</th>
				</tr>
			</thead>
			<tbody>
				{progress.awaiting.map((item) => (
					<tr key={`${item.type}-${item.id}`} data-item-id={item.id} data-verification={item.verification}>
						<td>
							<ItemLabel item={item} />
						</td>
						<td className="nowrap" data-label={t('quota.items.date')}>
							{item.date ?? '—'}
						</td>
						<td className="num nowrap" data-label={t('quota.items.amount')}>
							{figure(item.amount)}
						</td>
						<td data-label={t('quota.items.unit')}>{unitOf(item)}</td>
						<td data-label={t('quota.awaiting.state')}>
							<VerificationBadge state={item.verification} />
						</td>
					</tr>
				))}
			</tbody>
		</table>
	)
}

/** The reason code in words, with its detail (type codes named, amounts in the reader's locale). */
function ExclusionReason({ item }: { item: ExcludedItem }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const detail =
		item.reason === 'project_type' && typeof item.detail === 'string'
			? t(`projects.types.${item.detail}`, { defaultValue: item.detail })
			: itemDetailText(item.detail, t, locale)
	return (
		<>
			{t(`quota.reasons.${item.reason}`, { defaultValue: item.reason })}
			{detail ? <span className="muted">{t('app.aside', { text: detail })}</span> : null}
		</>
	)
}

/** Candidates that did not count, each with why. */
export function ExcludedItems({ items }: { items: ExcludedItem[] }) {
	const { t } = useTranslation()
	const unitOf = useItemUnit()
	if (items.length === 0) return <p className="muted">{t('quota.excluded.none')}</p>
	return (
		<table className="data-table stack-table" data-testid="quota-excluded">
			<thead>
				<tr>
					<th>{t('quota.items.item')}</th>
					<th>{t('quota.items.date')}</th>
					<th>{t('quota.items.unit')}</th>
					<th>{t('quota.excluded.reason')}</th>
				</tr>
			</thead>
			<tbody>
				{items.map((item) => (
					<tr key={`${item.type}-${item.id}`} data-item-id={item.id} data-reason={item.reason}>
						<td>
							<ItemLabel item={item} />
						</td>
						<td className="nowrap" data-label={t('quota.items.date')}>
							{item.date ?? '—'}
						</td>
						<td data-label={t('quota.items.unit')}>{unitOf(item)}</td>
						<td data-label={t('quota.excluded.reason')}>
							<ExclusionReason item={item} />
						</td>
					</tr>
				))}
			</tbody>
		</table>
	)
}

/** Projects that may still count this year, with the stage weight the forecast uses. */
export function PipelineItems({ progress }: { progress: Units & { pipeline: PipelineItem[] } }) {
	const { t } = useTranslation()
	const unitOf = useItemUnit()
	const locale = useLocale()
	const { figure } = useFigureFormat(progress)
	const percent = new Intl.NumberFormat(locale, { style: 'percent' })
	if (progress.pipeline.length === 0) return <p className="muted">{t('quota.pipeline.none')}</p>
	return (
		<table className="data-table stack-table" data-testid="quota-pipeline">
			<thead>
				<tr>
					<th>{t('quota.items.item')}</th>
					<th>{t('quota.pipeline.stage')}</th>
					<th>{t('quota.pipeline.since')}</th>
					<th className="num">{t('quota.items.amount')}</th>
					<th className="num">{t('quota.pipeline.weight')}</th>
					<th>{t('quota.items.unit')}</th>
				</tr>
			</thead>
			<tbody>
				{progress.pipeline.map((item) => (
					<tr key={item.id} data-item-id={item.id}>
						<td>
							<ItemLabel item={item} />
						</td>
						<td data-label={t('quota.pipeline.stage')}>{t(`projects.stages.${item.stage}`, { defaultValue: item.stage })}</td>
						<td className="nowrap" data-label={t('quota.pipeline.since')}>
							{item.date ?? '—'}
						</td>
						<td className="num nowrap" data-label={t('quota.items.amount')}>
							{figure(item.amount)}
						</td>
						<td className="num" data-label={t('quota.pipeline.weight')}>
							{percent.format(item.weight)}
						</td>
						<td data-label={t('quota.items.unit')}>{unitOf(item)}</td>
					</tr>
				))}
			</tbody>
		</table>
	)
}
