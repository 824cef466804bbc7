import { type ReactNode, useState } from 'react'
import { type UseFormRegisterReturn } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { type PlannedField, PLANNED_YEAR_MAX, PLANNED_YEAR_MIN } from '~/domain/capacity/planned'
import { type Locale } from '~/i18n/i18n'
import { unitLabel } from '~/i18n/units'
import { useLocalizedName } from '~/i18n/use-localized'

export type PlannedLinkChoice = { id: string; name: string; nameEn: string; links: { id: string; name: string; nameEn: string; unit: string }[] }

/**
 * 规划产能 (ADR 0040): the chain link the record would add output at, its planned annual output
 * in the link's unit and the year it is expected from — all three or none. Part of the lead and
 * project forms.
 */
export function PlannedCapacityFields({
	bind,
	errorFor,
	chains,
	selectedLinkId,
}: {
	bind: (field: PlannedField) => UseFormRegisterReturn & { defaultValue?: string }
	errorFor: (field: PlannedField) => ReactNode
	chains: readonly PlannedLinkChoice[]
	selectedLinkId?: string
}) {
	const { t, i18n } = useTranslation()
	const localized = useLocalizedName()
	const locale = i18n.language as Locale
	const unitOf = (id: string | undefined) => chains.flatMap((c) => c.links).find((l) => l.id === id)?.unit ?? null
	// The unit follows the link picked, before any save.
	const [linkId, setLinkId] = useState(selectedLinkId)
	const unit = unitOf(linkId)
	const linkField = bind('plannedLinkId')
	return (
		<fieldset className="planned-capacity" data-testid="planned-capacity">
			<legend>{t('planned.title')}</legend>
			<p className="muted">{t('planned.hint')}</p>
			<label>
				{t('planned.link')}
				<select
					{...linkField}
					onChange={(event) => {
						setLinkId(event.target.value)
						void linkField.onChange(event)
					}}
				>
					<option value="">{t('planned.noLink')}</option>
					{chains.map((c) => (
						<optgroup key={c.id} label={localized(c)}>
							{c.links.map((l) => (
								<option key={l.id} value={l.id}>
									{localized(l)}（{unitLabel(l.unit, locale)}）
								</option>
							))}
						</optgroup>
					))}
				</select>
				{errorFor('plannedLinkId')}
			</label>
			<label>
				{unit ? t('planned.outputIn', { unit: unitLabel(unit, locale) }) : t('planned.output')}
				<input inputMode="decimal" autoComplete="off" {...bind('plannedOutput')} />
				{errorFor('plannedOutput')}
			</label>
			<label>
				{t('planned.fromYear')}
				<input type="number" min={PLANNED_YEAR_MIN} max={PLANNED_YEAR_MAX} step={1} {...bind('plannedFromYear')} />
				{errorFor('plannedFromYear')}
			</label>
		</fieldset>
	)
}
