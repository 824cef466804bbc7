import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { type Conflict, type ConflictValue } from '~/domain/concurrency/conflict'
import { TARGET_OPS, TARGET_PERIODS } from '~/domain/policy/target'
import { QUOTA_TARGET_FIELDS, type QuotaTargetFormValues } from '~/domain/quota/quota-target-form'
import { type FieldErrors } from '~/utils/forms'
import { type UserMessage } from '~/utils/user-error'
import { ConflictReview } from '../conflict-review'
import { ErrorList, Field } from '../forms'

/**
 * A saved quota's target, corrected by a manager: the fields of a review card's
 * target (same labels and hints), checked again on the server
 * (parseQuotaTargetForm). The unit is shown, not edited.
 */
export function QuotaTargetForm({
	id,
	defaults,
	unit,
	serverErrors,
	formError,
}: {
	id: string
	defaults: QuotaTargetFormValues
	unit: string
	/** A refused save's messages (ADR 0045): field → i18n key, and one about the whole form. */
	serverErrors: FieldErrors
	formError: UserMessage | null
}) {
	const { t } = useTranslation()
	const label = (field: keyof QuotaTargetFormValues) => t(`policyImport.fields.${field}`)
	const fieldId = (field: keyof QuotaTargetFormValues) => `${id}-${field}`
	const text = (field: 'metric' | 'value' | 'valueMax' | 'startYear' | 'endYear' | 'stages' | 'members', hint?: string, inputMode?: 'decimal' | 'numeric') => (
		<Field
			id={fieldId(field)}
			label={label(field)}
			hint={hint}
			error={serverErrors[field]}
			className={field === 'metric' || field === 'stages' || field === 'members' ? 'wide' : undefined}
		>
			{(control) => <input {...control} name={field} defaultValue={defaults[field]} inputMode={inputMode} />}
		</Field>
	)
	const choice = (field: 'op' | 'period', options: readonly string[], words: string) => (
		<Field id={fieldId(field)} label={label(field)} error={serverErrors[field]}>
			{(control) => (
				<select {...control} name={field} defaultValue={defaults[field]}>
					{options.map((option) => (
						<option key={option} value={option}>
							{t(`${words}.${option}`)}
						</option>
					))}
				</select>
			)}
		</Field>
	)
	return (
		<Form method="post" id={id} className="quota-target-form" data-testid="quota-target-form">
			<input type="hidden" name="intent" value="target" />
			<input type="hidden" name="version" value={defaults.version} />
			<ErrorList messages={[formError]} />
			<div className="form-grid">
				{text('metric')}
				{choice('op', TARGET_OPS, 'quotas.ops')}
				{text('value', t('quota.target.unit', { unit }), 'decimal')}
				{text('valueMax', t('policyImport.hints.valueMax'), 'decimal')}
				{choice('period', TARGET_PERIODS, 'quotas.periods')}
				{text('startYear', undefined, 'numeric')}
				{text('endYear', undefined, 'numeric')}
				{text('stages', t('policyImport.hints.stages'))}
				{text('members', t('policyImport.hints.members'))}
			</div>
			<button type="submit">{t('quota.target.save')}</button>
		</Form>
	)
}

/** A stale save of the target (ADR 0015): the stored target beside the submitted one. */
export function QuotaTargetConflict({ conflict, formId, discardTo }: { conflict: Conflict<QuotaTargetFormValues>; formId: string; discardTo: string }) {
	const { t } = useTranslation()
	const word = (prefix: string) => (value: ConflictValue) => t(`${prefix}.${String(value)}`, { defaultValue: String(value) })
	return (
		<ConflictReview
			fields={QUOTA_TARGET_FIELDS.filter((name) => name !== 'version').map((name) => ({
				name,
				label: t(`policyImport.fields.${name}`),
				show: name === 'op' ? word('quotas.ops') : name === 'period' ? word('quotas.periods') : undefined,
			}))}
			current={conflict.current}
			submitted={conflict.submitted}
			formId={formId}
			discardTo={discardTo}
		/>
	)
}
