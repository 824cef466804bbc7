import { useFetcher } from '@remix-run/react'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, fieldAria, FieldError } from '~/components/forms'
import { SampleBadge } from '~/components/sample-badge'
import { TagBadges } from '~/components/tag-badges'
import { formatPercent, formatQuantity } from '~/domain/chain/describe-flag'
import { type ProspectLeadsResult } from '~/domain/chain/prospect-leads-schema'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'

export type ProspectRow = {
	companyId: string
	linkId: string
	name: string
	isSample: boolean
	hasOpenLead: boolean
	score: number
	addresses: string[]
	quantity: number | null
	fillShare: number | null
	tags: readonly string[]
	linkName?: { name: string; nameEn: string }
	unit?: string
}
export type LeadFormOptions = {
	owners: { id: string; name: string }[]
	units: { id: string; name: string; nameEn: string }[]
	defaultOwnerId: string
	defaultUnitId: string | null
	/** Staff create leads for themselves, in their unit or none. */
	assignmentLocked: boolean
} | null

/**
 * Ranked external companies with a checkbox each and one button that turns
 * the selection into leads (posted to the prospect list's action, the targets page).
 */
export function ProspectLeadsForm({
	slug,
	year,
	candidates,
	leadForm,
	compact = false,
}: {
	slug: string
	year: number
	candidates: ProspectRow[]
	leadForm: LeadFormOptions
	compact?: boolean
}) {
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const fetcher = useFetcher<ProspectLeadsResult>()
	const result = fetcher.data
	const refused = result?.ok === false ? result : null
	const ownerId = `${useId()}owner`
	const unitId = `${useId()}unit`
	const busy = fetcher.state !== 'idle'
	const scoreFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })

	return (
		<fetcher.Form method="post" action={`/chains/${slug}/targets?year=${year}`} className="prospect-form" data-testid="prospect-leads-form">
			<table className={`data-table stack-table prospect-table${compact ? ' compact' : ''}`}>
				<thead>
					<tr>
						<th>{t('gaps.targets.select')}</th>
						<th>{t('gaps.targets.company')}</th>
						{compact ? null : <th>{t('gaps.targets.link')}</th>}
						<th>{t('gaps.targets.addresses')}</th>
						<th className="num">{t('gaps.targets.quantity')}</th>
						<th className="num">{t('gaps.targets.gapFill')}</th>
						{compact ? null : <th>{t('gaps.targets.tags')}</th>}
						<th className="num">{t('gaps.targets.score')}</th>
					</tr>
				</thead>
				<tbody>
					{candidates.map((c) => (
						<tr key={`${c.companyId}-${c.linkId}`}>
							<td className="prospect-select">
								{leadForm && !c.hasOpenLead ? (
									<input type="checkbox" name="companyId" value={c.companyId} aria-label={`${t('gaps.targets.select')} ${c.name}`} />
								) : c.hasOpenLead ? (
									<span className="badge">{t('gaps.targets.existingLead')}</span>
								) : null}
							</td>
							<td className="prospect-name">
								{c.name} <SampleBadge show={c.isSample} />
							</td>
							{compact ? null : <td data-label={t('gaps.targets.link')}>{c.linkName ? localized(c.linkName) : ''}</td>}
							<td data-label={t('gaps.targets.addresses')}>
								{c.addresses.map((code) => (
									<span key={code} className="badge">
										{code === 'extension' ? t('gaps.targets.extension') : t(`gaps.flags.${code}`)}
									</span>
								))}
							</td>
							<td className="num" data-label={t('gaps.targets.quantity')}>
								{c.quantity === null ? '—' : formatQuantity(c.quantity, c.unit ?? '', locale, 3)}
							</td>
							<td className="num" data-label={t('gaps.targets.gapFill')}>
								{c.fillShare === null ? '—' : formatPercent(c.fillShare, locale)}
							</td>
							{compact ? null : (
								<td data-label={t('gaps.targets.tags')}>
									<TagBadges tags={c.tags} />
								</td>
							)}
							<td className="num" data-label={t('gaps.targets.score')}>
								{scoreFormat.format(c.score)}
							</td>
						</tr>
					))}
				</tbody>
			</table>
			{leadForm ? (
				<div className="form-row">
					<label htmlFor={ownerId}>
						{t('gaps.targets.owner')}{' '}
						<select name="ownerId" id={ownerId} defaultValue={leadForm.defaultOwnerId} {...fieldAria(ownerId, refused?.errors.ownerId)}>
							{leadForm.owners
								.filter((o) => !leadForm.assignmentLocked || o.id === leadForm.defaultOwnerId)
								.map((o) => (
									<option key={o.id} value={o.id}>
										{o.name}
									</option>
								))}
						</select>
						<FieldError id={ownerId} message={refused?.errors.ownerId} />
					</label>
					<label htmlFor={unitId}>
						{t('gaps.targets.unit')}{' '}
						<select name="unitId" id={unitId} defaultValue={leadForm.defaultUnitId ?? ''} {...fieldAria(unitId, refused?.errors.unitId)}>
							<option value="">{t('gaps.targets.noUnit')}</option>
							{leadForm.units
								.filter((u) => !leadForm.assignmentLocked || u.id === leadForm.defaultUnitId)
								.map((u) => (
									<option key={u.id} value={u.id}>
										{localized(u)}
									</option>
								))}
						</select>
						<FieldError id={unitId} message={refused?.errors.unitId} />
					</label>
					<button type="submit" className="button-primary" disabled={busy}>
						{t('gaps.targets.create')}
					</button>
				</div>
			) : null}
			<div role="status" aria-live="polite">
				{/* The selection has no one control: its refusal (none chosen) is about the form. */}
				<ErrorList messages={[refused?.formError, refused?.errors.companyIds, refused?.errors.linkId]} />
				{result?.ok ? (
					<p className="form-success" data-testid="leads-created">
						{t('gaps.targets.created', { count: result.created })} {result.skipped ? t('gaps.targets.skipped', { count: result.skipped }) : null}
					</p>
				) : null}
			</div>
		</fetcher.Form>
	)
}
