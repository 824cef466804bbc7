import { type ReactNode } from 'react'
import { type UseFormRegisterReturn } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { PlannedCapacityFields, type PlannedLinkChoice } from '~/components/capacity/planned-fields'
import { type ConflictField, ConflictReview } from '~/components/conflict-review'
import { FieldLabel } from '~/components/required-mark'
import { formatQuantity } from '~/domain/chain/describe-flag'
import { type Conflict } from '~/domain/concurrency/conflict'
import { LEAD_CONFLICT_FIELDS, LEAD_PRIORITIES, LEAD_SOURCES, type LeadEditInput, type LeadEditValues, NOTES_MAX } from '~/domain/lead/schemas'
import { type Locale } from '~/i18n/i18n'
import { useLocalizedName } from '~/i18n/use-localized'

/** The fields a person fills in (the version travels hidden, ADR 0015). */
type Field = Exclude<keyof LeadEditInput, 'version'>

type Options = { owners: { id: string; name: string }[]; units: { id: string; name: string; nameEn: string }[]; plannedLinks?: readonly PlannedLinkChoice[] }

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
	register: (field: Field) => UseFormRegisterReturn
	errorFor: (field: Field) => ReactNode
	defaults: Partial<Record<Field, string>>
	options: Options
	/** Staff keep owner and unit as they are (handing a lead over is a manager's act): shown, not editable. */
	assignmentLocked?: boolean
}) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const bind = (field: Field) => ({ ...register(field), defaultValue: defaults[field] ?? '' })
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
				<OtherLeadFields bind={bind} errorFor={errorFor} plannedLinks={options.plannedLinks ?? []} defaults={defaults} />
			</>
		)
	}
	return (
		<>
			<label>
				<FieldLabel required>{t('leads.owner')}</FieldLabel>
				<select {...bind('ownerId')} required>
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
			<OtherLeadFields bind={bind} errorFor={errorFor} plannedLinks={options.plannedLinks ?? []} defaults={defaults} />
		</>
	)
}

/** Priority, source, next action and notes: the fields everyone who may change the lead edits. */
function OtherLeadFields({
	bind,
	errorFor,
	plannedLinks,
	defaults,
}: {
	bind: (field: Field) => UseFormRegisterReturn & { defaultValue: string }
	errorFor: (field: Field) => ReactNode
	plannedLinks: readonly PlannedLinkChoice[]
	defaults: Partial<Record<Field, string>>
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
				<FieldLabel required>{t('leads.source')}</FieldLabel>
				<select {...bind('source')} required>
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
			<PlannedCapacityFields bind={bind} errorFor={errorFor} chains={plannedLinks} selectedLinkId={defaults.plannedLinkId} />
		</>
	)
}

/** A refused stale save of the lead edit form (ADR 0015): stored against submitted, with the form `formId` to save anyway. */
export function LeadConflict({
	conflict,
	options,
	formId,
	discardTo,
}: {
	conflict: Conflict<LeadEditValues>
	options: Options
	formId: string
	discardTo: string
}) {
	const { t, i18n } = useTranslation()
	const localized = useLocalizedName()
	const plannedLink = (value: unknown) => options.plannedLinks?.flatMap((c) => c.links).find((l) => l.id === value)
	const fields: Record<(typeof LEAD_CONFLICT_FIELDS)[number], Omit<ConflictField, 'name'>> = {
		ownerId: { label: t('leads.owner'), show: (value) => options.owners.find((o) => o.id === value)?.name ?? String(value) },
		unitId: { label: t('leads.unit'), show: (value) => localized(options.units.find((u) => u.id === value)) },
		priority: { label: t('leads.priority'), show: (value) => t(`leads.priorities.${String(value)}`, { defaultValue: String(value) }) },
		source: { label: t('leads.source'), show: (value) => t(`leads.sources.${String(value)}`, { defaultValue: String(value) }) },
		nextActionDate: { label: t('leads.form.nextActionDate') },
		notes: { label: t('leads.form.notes') },
		plannedLinkId: { label: t('planned.link'), show: (value) => (value ? localized(plannedLink(value)) || String(value) : '') },
		plannedOutput: {
			label: t('planned.output'),
			show: (value) => (value ? formatQuantity(Number(value), plannedLink(conflict.submitted.plannedLinkId)?.unit ?? '', i18n.language as Locale) : ''),
		},
		plannedFromYear: { label: t('planned.fromYear') },
	}
	return (
		<ConflictReview
			fields={LEAD_CONFLICT_FIELDS.map((name) => ({ name, ...fields[name] }))}
			current={conflict.current}
			submitted={conflict.submitted}
			formId={formId}
			discardTo={discardTo}
		/>
	)
}
