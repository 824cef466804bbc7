import { type ReactNode, type SelectHTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { ROLES } from '~/domain/auth/roles'
import { useLocalizedName } from '~/i18n/use-localized'

type SelectProps = SelectHTMLAttributes<HTMLSelectElement>

/** The role and unit choices of a user form (create and edit), with their errors. */
export function RoleUnitFields({
	role,
	unit,
	units,
	roleError,
	unitError,
}: {
	role: SelectProps
	unit: SelectProps
	units: { id: string; name: string; nameEn: string }[]
	roleError: ReactNode
	unitError: ReactNode
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
		</>
	)
}
