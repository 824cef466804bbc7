import { type ReactNode } from 'react'
import { type UseFormRegisterReturn } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { useLocalizedName } from '~/i18n/use-localized'

export type RegionOption = { id: string; name: string; nameEn: string; depth: number }

/**
 * The region a new lead or project belongs to (ADR 0026), for a user over several
 * regions (a 市 picks one of its 县区); indented under their parents.
 */
export function RegionSelect({
	field,
	regions,
	defaultValue,
	error,
}: {
	/** The select's name, and react-hook-form's handlers where the form registers it. */
	field: Pick<UseFormRegisterReturn, 'name'> & Partial<UseFormRegisterReturn>
	regions: readonly RegionOption[]
	defaultValue: string
	error?: ReactNode
}) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	if (regions.length === 0) return null
	const top = Math.min(...regions.map((r) => r.depth))
	return (
		<label>
			{t('regions.recordRegion')}
			<select {...field} defaultValue={defaultValue}>
				{/* An account without a region (an admin) files records without one unless it picks a region. */}
				{defaultValue === '' ? <option value="">{t('regions.none')}</option> : null}
				{regions.map((r) => (
					<option key={r.id} value={r.id}>
						{'\u3000'.repeat(r.depth - top)}
						{localized(r)}
					</option>
				))}
			</select>
			<small className="muted">{t('regions.recordRegionHint')}</small>
			{error}
		</label>
	)
}
