import { type ReactNode } from 'react'
import { type UseFormRegisterReturn } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { LEAD_PRIORITIES, LEAD_SOURCES, type LeadEditInput, NOTES_MAX } from '~/domain/lead/schemas'
import { useLocalizedName } from '~/i18n/use-localized'

type Options = { owners: { id: string; name: string }[]; units: { id: string; name: string; nameEn: string }[] }

/**
 * Owner, unit, priority, source, next action date and notes: the fields of the
 * new-lead and edit forms. `defaults` also go into the server-rendered HTML,
 * since react-hook-form fills inputs only after hydration.
 */
export function LeadFields({
	register,
	errorFor,
	defaults,
	options,
	assignmentLocked = false,
}: {
	register: (field: keyof LeadEditInput) => UseFormRegisterReturn
	errorFor: (field: keyof LeadEditInput) => ReactNode
	defaults: Partial<Record<keyof LeadEditInput, string>>
	options: Options
	/** Staff keep owner and unit as they are (handing a lead over is a manager's act): shown, not editable. */
	assignmentLocked?: boolean
}) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const bind = (field: keyof LeadEditInput) => ({ ...register(field), defaultValue: defaults[field] ?? '' })
	if (assignmentLocked) {
		const owner = options.owners.find((o) => o.id === defaults.ownerId)
		const unit = options.units.find((u) => u.id === defaults.unitId)
		return (
			<>
				<input type="hidden" {...bind('ownerId')} />
				<input type="hidden" {...bind('unitId')} />
				<p className="muted" data-testid="assignment-locked">
					{t('leads.owner')}：{owner?.name ?? ''} · {t('leads.unit')}：{unit ? localized(unit) : t('leads.form.noUnit')}
					<br />
					{t('access.reassignIsManagers')}
				</p>
				<OtherLeadFields bind={bind} errorFor={errorFor} />
			</>
		)
	}
	return (
		<>
			<label>
				{t('leads.owner')}
				<select {...bind('ownerId')}>
					{options.owners.map((o) => (
						<option key={o.id} value={o.id}>
							{o.name}
						</option>
					))}
				</select>
				{errorFor('ownerId')}
			</label>
			<label>
				{t('leads.unit')}
				<select {...bind('unitId')}>
					<option value="">{t('leads.form.noUnit')}</option>
					{options.units.map((u) => (
						<option key={u.id} value={u.id}>
							{localized(u)}
						</option>
					))}
				</select>
				{errorFor('unitId')}
			</label>
			<OtherLeadFields bind={bind} errorFor={errorFor} />
		</>
	)
}

/** Priority, source, next action and notes: the fields everyone who may change the lead edits. */
function OtherLeadFields({
	bind,
	errorFor,
}: {
	bind: (field: keyof LeadEditInput) => UseFormRegisterReturn & { defaultValue: string }
	errorFor: (field: keyof LeadEditInput) => ReactNode
}) {
	const { t } = useTranslation()
	return (
		<>
			<label>
				{t('leads.priority')}
				<select {...bind('priority')}>
					{LEAD_PRIORITIES.map((p) => (
						<option key={p} value={p}>
							{t(`leads.priorities.${p}`)}
						</option>
					))}
				</select>
				{errorFor('priority')}
			</label>
			<label>
				{t('leads.source')}
				<select {...bind('source')}>
					<option value="">{t('leads.form.choose')}</option>
					{LEAD_SOURCES.map((s) => (
						<option key={s} value={s}>
							{t(`leads.sources.${s}`)}
						</option>
					))}
				</select>
				{errorFor('source')}
			</label>
			<label>
				{t('leads.form.nextActionDate')}
				<input type="date" {...bind('nextActionDate')} />
				{errorFor('nextActionDate')}
			</label>
			<label>
				{t('leads.form.notes')}
				<textarea rows={3} maxLength={NOTES_MAX} {...bind('notes')} />
				{errorFor('notes')}
			</label>
		</>
	)
}
