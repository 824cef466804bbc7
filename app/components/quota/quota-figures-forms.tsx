import { Form, useNavigation } from '@remix-run/react'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ZodType } from 'zod'
import { ConflictReview } from '~/components/conflict-review'
import { fieldAria, FieldError } from '~/components/forms'
import { type Conflict } from '~/domain/concurrency/conflict'
import { type FigureUnits, quotaUnitLabel } from '~/domain/quota/english-unit'
import { type QuotaProgress } from '~/domain/quota/progress'
import {
	decimalText,
	manualEntrySchema,
	readManualEntryForm,
	readUnitTargetsForm,
	type UnitSharesValues,
	unitSharesConflictView,
	unitTargetField,
	unitTargetsSchema,
	unitVersionField,
} from '~/domain/quota/quota-forms'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { formatDate } from '~/utils/format'
import { type FieldErrors, fieldErrors } from '~/utils/forms'
import { useFigureFormat } from './charts'

/** Runs the action's schema on submit; refuses to send (and shows why) when it fails. */
function useClientCheck(check: (formData: FormData) => ReturnType<ZodType['safeParse']>) {
	const [errors, setErrors] = useState<FieldErrors>({})
	const onSubmit = (event: FormEvent<HTMLFormElement>) => {
		const parsed = check(new FormData(event.currentTarget))
		setErrors(parsed.success ? {} : fieldErrors(parsed.error))
		if (!parsed.success) event.preventDefault()
	}
	return { errors, onSubmit }
}

function useSubmitting(intent: string) {
	const navigation = useNavigation()
	return navigation.state === 'submitting' && navigation.formData?.get('intent') === intent
}

/**
 * Per-unit figures: listed 责任单位 first (lead unit marked), then units
 * credited by counted items. Managers set each listed unit's own share here,
 * in the clause's unit; blank means the quota's target applies to the unit.
 */
export function UnitFigures({
	id,
	progress,
	listedUnitIds,
	values,
	factor,
	canWrite,
	serverErrors,
}: {
	/** The form's element id: a conflict's "save anyway" button submits it from outside. */
	id: string
	progress: Pick<QuotaProgress, 'units' | 'target' | 'kind'> & FigureUnits
	/** The quota's own 责任单位 (QuotaUnit rows): only they take a share. */
	listedUnitIds: string[]
	/** The share inputs' values and versions: as stored, or after a conflict the submitted ones at the stored versions. */
	values: UnitSharesValues
	/** Normalized units per unit as written. */
	factor: number
	canWrite: boolean
	/** Unit id → i18n key, from a refused save. */
	serverErrors: FieldErrors
}) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const locale = useLocale()
	const { figure } = useFigureFormat(progress)
	const { errors: clientErrors, onSubmit } = useClientCheck((formData) => unitTargetsSchema.safeParse(readUnitTargetsForm(formData, listedUnitIds)))
	const errors = { ...serverErrors, ...clientErrors }
	const pending = useSubmitting('unitTargets')
	const shareId = (unitId: string) => `${id}-${unitId}`
	if (progress.units.length === 0) return <p className="muted">{t('quota.units.none')}</p>
	const table = (
		<table className="data-table" data-testid="quota-units">
			<thead>
				<tr>
					<th>{t('quota.units.unit')}</th>
					<th className="num">{t('quota.units.share')}</th>
					<th className="num">{t('quota.units.actual')}</th>
				</tr>
			</thead>
			<tbody>
				{progress.units.map((u, index) => {
					const share = u.target ?? progress.target
					const editable = canWrite && listedUnitIds.includes(u.unitId)
					return (
						<tr key={u.unitId} data-unit-id={u.unitId}>
							<td>
								{localized({ name: u.unitName, nameEn: u.unitNameEn })}
								{index === 0 && listedUnitIds.includes(u.unitId) ? <span className="badge">{t('quota.units.lead')}</span> : null}
								{listedUnitIds.includes(u.unitId) ? null : <span className="muted"> {t('quota.units.notListed')}</span>}
							</td>
							<td className="num">
								{editable ? (
									<>
										<input
											name={unitTargetField(u.unitId)}
											inputMode="decimal"
											size={8}
											defaultValue={values[unitTargetField(u.unitId)]}
											placeholder={decimalText(progress.target / factor)}
											aria-label={t('quota.units.shareOf', { unit: localized({ name: u.unitName, nameEn: u.unitNameEn }) })}
											id={shareId(u.unitId)}
											{...fieldAria(shareId(u.unitId), errors[u.unitId])}
										/>{' '}
										<input type="hidden" name={unitVersionField(u.unitId)} value={values[unitVersionField(u.unitId)]} />
										{quotaUnitLabel(progress, locale)}
										<FieldError id={shareId(u.unitId)} message={errors[u.unitId]} />
									</>
								) : (
									<>
										{figure(share)}
										{u.target === null ? <span className="muted"> {t('quota.units.quotaTarget')}</span> : null}
									</>
								)}
							</td>
							<td className="num">{figure(u.actual)}</td>
						</tr>
					)
				})}
			</tbody>
		</table>
	)
	if (!canWrite || listedUnitIds.length === 0) return table
	return (
		<Form method="post" id={id} noValidate onSubmit={onSubmit} data-testid="unit-targets-form">
			<input type="hidden" name="intent" value="unitTargets" />
			{table}
			<p className="muted">{t('quota.units.shareHint')}</p>
			<button type="submit" disabled={pending}>
				{t('quota.units.save')}
			</button>
		</Form>
	)
}

/** A refused stale save of the shares (ADR 0015): each listed unit's stored share against the submitted one, with the form `formId` to save anyway. */
export function UnitSharesConflict({
	conflict,
	units,
	unit,
	formId,
	discardTo,
}: {
	conflict: Conflict<UnitSharesValues>
	units: { id: string; name: string; nameEn: string }[]
	/** The clause's unit the shares are typed in. */
	unit: string
	formId: string
	discardTo: string
}) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const ids = units.map((u) => u.id)
	return (
		<ConflictReview
			fields={units.map((u) => ({
				name: u.id,
				label: localized(u),
				show: (value) => (value === '' ? t('quota.units.quotaTarget') : `${String(value)} ${unit}`),
			}))}
			current={unitSharesConflictView(conflict.current, ids)}
			submitted={unitSharesConflictView(conflict.submitted, ids)}
			formId={formId}
			discardTo={discardTo}
		/>
	)
}

export type ManualEntryRow = { id: string; value: number; evidence: string; date: Date | string; createdAt: Date | string; user: { name: string } }

/** The figures reported for a manual quota this year: value, as-of date, evidence, who and when. */
export function ManualEntries({ entries, progress }: { entries: ManualEntryRow[]; progress: FigureUnits }) {
	const { t } = useTranslation()
	const { figure } = useFigureFormat(progress)
	if (entries.length === 0) return <p className="muted">{t('quota.manual.none')}</p>
	return (
		<table className="data-table stack-table" data-testid="manual-entries">
			<thead>
				<tr>
					<th>{t('quota.manual.date')}</th>
					<th className="num">{t('quota.manual.value')}</th>
					<th>{t('quota.manual.evidence')}</th>
					<th>{t('quota.manual.enteredBy')}</th>
				</tr>
			</thead>
			<tbody>
				{entries.map((e) => (
					<tr key={e.id}>
						<td className="nowrap">{formatDate(e.date)}</td>
						<td className="num nowrap" data-label={t('quota.manual.value')}>
							{figure(e.value)}
						</td>
						<td data-label={t('quota.manual.evidence')}>{e.evidence}</td>
						<td className="muted" data-label={t('quota.manual.enteredBy')}>
							{e.user.name} · {formatDate(e.createdAt)}
						</td>
					</tr>
				))}
			</tbody>
		</table>
	)
}

/** Reports a figure for a manual quota: the level as of a date, in the clause's unit, with where it comes from. */
export function ManualEntryForm({
	quota,
	defaultDate,
	serverErrors,
}: {
	quota: Pick<FigureUnits, 'unit' | 'kind'>
	defaultDate: string
	/** Field → i18n key, from a refused save. */
	serverErrors: FieldErrors
}) {
	const { t } = useTranslation()
	const unit = quotaUnitLabel(quota, useLocale())
	const fieldId = (name: 'value' | 'date' | 'evidence') => `manual-entry-${name}`
	const { errors: clientErrors, onSubmit } = useClientCheck((formData) => manualEntrySchema.safeParse(readManualEntryForm(formData)))
	const errors = { ...serverErrors, ...clientErrors }
	const pending = useSubmitting('manual')
	return (
		<Form method="post" className="form-row" noValidate onSubmit={onSubmit} data-testid="manual-entry-form">
			<input type="hidden" name="intent" value="manual" />
			<label htmlFor={fieldId('value')}>
				{t('quota.manual.value')}{' '}
				<input id={fieldId('value')} name="value" inputMode="decimal" size={10} required {...fieldAria(fieldId('value'), errors.value)} /> {unit}
				<FieldError id={fieldId('value')} message={errors.value} />
			</label>
			<label htmlFor={fieldId('date')}>
				{t('quota.manual.date')}{' '}
				<input id={fieldId('date')} type="date" name="date" defaultValue={defaultDate} required {...fieldAria(fieldId('date'), errors.date)} />
				<FieldError id={fieldId('date')} message={errors.date} />
			</label>
			<label htmlFor={fieldId('evidence')}>
				{t('quota.manual.evidence')}{' '}
				<input
					id={fieldId('evidence')}
					name="evidence"
					className="input-wide"
					required
					placeholder={t('quota.manual.evidenceHint')}
					{...fieldAria(fieldId('evidence'), errors.evidence)}
				/>
				<FieldError id={fieldId('evidence')} message={errors.evidence} />
			</label>
			<button type="submit" className="button-primary" disabled={pending}>
				{t('quota.manual.add')}
			</button>
		</Form>
	)
}
