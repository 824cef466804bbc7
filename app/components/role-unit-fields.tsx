import { type ReactNode, type SelectHTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { ROLES } from '~/domain/auth/roles'
import { useLocalizedName } from '~/i18n/use-localized'

type SelectProps = SelectHTMLAttributes<HTMLSelectElement>

type RegionChoice = { id: string; name: string; nameEn: string; depth: number }

/**
 * The role, unit and region choices of a user form (create and edit), with their
 * errors. The region decides what the account sees: it and every region under it (ADR 0026).
 */
export function RoleUnitFields({
	role,
	unit,
	region,
	units,
	regions,
	roleError,
	unitError,
	regionError,
}: {
	role: SelectProps
	unit: SelectProps
	region: SelectProps
	units: { id: string; name: string; nameEn: string }[]
	regions: readonly RegionChoice[]
	roleError: ReactNode
	unitError: ReactNode
	regionError: ReactNode
}) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	return (
		<>
			<label>
				{t('users.role')}
				<select {...role}>
					{ROLES.map((value) => (
						<option key={value} value={value}>
							{t(`roles.${value}`)}
						</option>
					))}
				</select>
				{roleError}
			</label>
			<label>
				{t('users.unit')}
				<select {...unit}>
					<option value="">{t('users.noUnit')}</option>
					{units.map((u) => (
						<option key={u.id} value={u.id}>
							{localized(u)}
						</option>
					))}
				</select>
				{unitError}
			</label>
			<label>
				{t('users.region')}
				<select {...region}>
					<option value="">{t('users.noRegion')}</option>
					{regions.map((r) => (
						<option key={r.id} value={r.id}>
							{'\u3000'.repeat(r.depth)}
							{localized(r)}
						</option>
					))}
				</select>
				<small className="muted">{t('users.regionHint')}</small>
				{regionError}
			</label>
		</>
	)
}
