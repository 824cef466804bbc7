import { zodResolver } from '@hookform/resolvers/zod'
import { Form, Link, useFetcher, useNavigation, useSubmit } from '@remix-run/react'
import { type InputHTMLAttributes, type ReactNode, useEffect } from 'react'
import { useForm } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import {
	COMPANY_CONFLICT_FIELDS,
	COMPANY_KINDS,
	companyConflictView,
	type CompanyFormData,
	type CompanyFormField,
	type CompanyFormValues,
	companyFormSchema,
	tagYearInputName,
} from '~/domain/company/company-schema'
import { type LikelyDuplicate } from '~/domain/company/duplicates'
import { type Conflict } from '~/domain/concurrency/conflict'
import { CORRECTION_REASON_MAX } from '~/domain/report/closed-periods'
import { COMPANY_TAGS } from '~/domain/seed/seed-files'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { type UserMessage } from '~/utils/user-error'
import { type ClosedPeriodState, ClosedPeriodNotice, closedReportList } from './closed-period-notice'
import { type ConflictField, ConflictReview } from './conflict-review'
import { ErrorList, FieldError, fieldAria } from './forms'
import { FieldLabel } from './required-mark'

type TextField = Exclude<CompanyFormField, 'tags' | 'tagYears' | 'kind' | 'isLocal' | 'regionId' | 'duplicateConfirmed'>

/**
 * The company create/edit form. react-hook-form checks it with the shared zod
 * schema before posting; the action checks again (plus USCC uniqueness) and sends
 * back field → i18n key errors and the posted values. Inputs carry their initial
 * values as HTML attributes, so the form also shows and posts them before
 * hydration or without JavaScript.
 */
export function CompanyForm({
	id,
	defaults,
	serverErrors,
	formError = null,
	regions,
	cancelTo,
	countedFactsLocked = false,
	closed = { reports: [], askReason: false },
	creating = false,
	companyId = null,
	duplicates = [],
}: {
	/** The form's element id: a conflict's "save anyway" button submits it from outside. */
	id: string
	defaults: CompanyFormValues
	/** Field → i18n key of the action's refusal. */
	serverErrors: Partial<Record<string, string>>
	/** The refusal's message about the whole form. */
	formError?: UserMessage | null
	regions: { id: string; name: string; nameEn: string; depth: number }[]
	cancelTo: string
	/** Staff see tags, grant years and revenue but cannot change them (they count in assessments). */
	countedFactsLocked?: boolean
	/** Issued reports that read the company's tags and revenue (ADR 0011); askReason: a manager, who may correct them with a reason. */
	closed?: ClosedPeriodState
	/** The new-company page: its notice speaks of creating the company, not of changing it. */
	creating?: boolean
	/** The company being edited: left out of the duplicate warning. */
	companyId?: string | null
	/** Likely duplicates the server found when it refused the save. */
	duplicates?: LikelyDuplicate[]
}) {
	const { t } = useTranslation()
	const locale = useLocale()
	const reports = closedReportList(closed.reports, t, locale)
	const localized = useLocalizedName()
	const submit = useSubmit()
	const navigation = useNavigation()
	const form = useForm<CompanyFormValues, unknown, CompanyFormData>({ resolver: zodResolver(companyFormSchema), defaultValues: defaults })
	const saving = navigation.state === 'submitting'

	const errorKey = (name: CompanyFormField) => {
		const message = form.formState.errors[name]?.message
		return typeof message === 'string' ? message : serverErrors[name]
	}
	/** aria attributes tying an input to its hint and error. */
	const described = (name: CompanyFormField, hint: boolean) => fieldAria(name, errorKey(name), hint ? `${name}-hint` : null)
	const notes = (name: CompanyFormField, hint?: string) => (
		<>
			{hint ? (
				<span className="field-hint muted" id={`${name}-hint`}>
					{hint}
				</span>
			) : null}
			<FieldError id={name} message={errorKey(name)} params={{ reports }} />
		</>
	)
	const labelText = (label: string, required: boolean) => <FieldLabel required={required}>{label}</FieldLabel>
	const input = (name: TextField, label: string, props: InputHTMLAttributes<HTMLInputElement> & { hint?: string } = {}) => {
		const { hint, ...inputProps } = props
		return (
			<label>
				{labelText(label, props.required === true)}
				<input {...inputProps} {...described(name, !!hint)} {...form.register(name)} defaultValue={defaults[name]} />
				{notes(name, hint)}
			</label>
		)
	}
	const textarea = (name: TextField, label: string) => (
		<label className="span-all">
			{labelText(label, false)}
			<textarea rows={3} {...described(name, false)} {...form.register(name)} defaultValue={defaults[name]} />
			{notes(name)}
		</label>
	)
	const select = (name: 'kind' | 'isLocal' | 'regionId', label: string, options: ReactNode) => (
		<label>
			{labelText(label, name !== 'regionId')}
			<select {...described(name, false)} {...form.register(name)} defaultValue={defaults[name]}>
				{options}
			</select>
			{notes(name)}
		</label>
	)
	const tagsError = errorKey('tags')
	const tagYearError = (tag: (typeof COMPANY_TAGS)[number]) => {
		const message = form.formState.errors.tagYears?.[tag]?.message
		return typeof message === 'string' ? message : serverErrors[tagYearInputName(tag)]
	}

	return (
		<Form
			method="post"
			id={id}
			className="company-form"
			noValidate
			onSubmit={(event) => {
				const target = event.currentTarget
				event.preventDefault()
				void form.handleSubmit(() => submit(target))(event)
			}}
		>
			{/* The version the form was opened at (ADR 0015); after a conflict, the stored one, so the same values save knowingly. */}
			{defaults.version ? <input type="hidden" name="version" value={defaults.version} /> : null}
			{/* A message about the whole form; else, when fields were refused, the hint to fix them. */}
			<ErrorList messages={[formError ?? (Object.keys(serverErrors).length > 0 ? 'companyDb.form.fixFields' : null)]} />
			{closed.askReason && closed.reports.length > 0 ? (
				<ClosedPeriodNotice
					testId="closed-period-notice"
					message={t(creating ? 'closedPeriods.newCompanyNotice' : 'closedPeriods.companyNotice', { reports })}
					reasonField={
						<label className="span-all">
							{labelText(t('closedPeriods.reasonLabel'), false)}
							<textarea
								rows={2}
								maxLength={CORRECTION_REASON_MAX}
								className="input-wide"
								{...described('closedReason', false)}
								{...form.register('closedReason')}
								defaultValue={defaults.closedReason}
							/>
							{notes('closedReason')}
						</label>
					}
				/>
			) : null}
			<fieldset>
				<legend>{t('companyDb.form.identity')}</legend>
				{input('name', t('companies.name'), { required: true, maxLength: 100, autoComplete: 'off' })}
				<DuplicateWarning form={form} defaults={defaults} companyId={companyId} refused={duplicates} error={serverErrors.duplicateConfirmed} />
				{input('shortName', t('companyDb.fields.shortName'), { maxLength: 100 })}
				{input('formerNames', t('companyDb.fields.formerNames'), { hint: t('companyDb.form.formerNamesHint') })}
				{input('uscc', t('companies.uscc'), { className: 'mono', maxLength: 30, autoComplete: 'off', hint: t('companyDb.form.usccHint') })}
				{select(
					'kind',
					t('companies.kind'),
					COMPANY_KINDS.map((kind) => (
						<option key={kind} value={kind}>
							{t(`companies.kinds.${kind}`)}
						</option>
					)),
				)}
				{select(
					'isLocal',
					t('companies.local'),
					<>
						<option value="1">{t('companies.isLocal')}</option>
						<option value="0">{t('companies.isExternal')}</option>
					</>,
				)}
				{select(
					'regionId',
					t('companies.region'),
					<>
						<option value="">{t('companyDb.form.noRegion')}</option>
						{regions.map((region) => (
							<option key={region.id} value={region.id}>
								{`${'\u3000'.repeat(region.depth)}${localized(region)}`}
							</option>
						))}
					</>,
				)}
				<fieldset className="span-all checkbox-group" {...fieldAria('tags', tagsError)} disabled={countedFactsLocked}>
					<legend>{t('companies.tags')}</legend>
					{countedFactsLocked ? <p className="field-hint muted">{t('access.countedCompanyFactsAreManagers')}</p> : null}
					{COMPANY_TAGS.map((tag) => {
						const yearError = tagYearError(tag)
						return (
							<div key={tag} className="tag-with-year">
								<label className="checkbox">
									<input type="checkbox" value={tag} {...form.register('tags')} defaultChecked={defaults.tags.includes(tag)} />
									{t(`tags.${tag}`)}
								</label>
								<label className="checkbox tag-year">
									<span className="muted">{t('companies.tagGrantedYear')}</span>
									<input
										inputMode="numeric"
										maxLength={4}
										placeholder={t('companies.tagGrantedYearPlaceholder')}
										aria-label={t('companies.tagGrantedYearOf', { tag: t(`tags.${tag}`) })}
										{...fieldAria(tagYearInputName(tag), yearError)}
										{...form.register(tagYearInputName(tag))}
										defaultValue={defaults.tagYears[tag]}
									/>
								</label>
								<FieldError id={tagYearInputName(tag)} message={yearError} />
							</div>
						)
					})}
					{notes('tags')}
				</fieldset>
				{countedFactsLocked ? (
					// A disabled fieldset posts nothing: the stored tags travel as they are.
					<>
						{defaults.tags.map((tag) => (
							<input key={tag} type="hidden" name="tags" value={tag} />
						))}
						{COMPANY_TAGS.map((tag) => (
							<input key={tag} type="hidden" name={tagYearInputName(tag)} value={defaults.tagYears[tag]} />
						))}
					</>
				) : null}
			</fieldset>
			<fieldset>
				<legend>{t('companyDb.form.business')}</legend>
				{input('revenueWan', t('companyDb.form.revenueWan'), {
					inputMode: 'decimal',
					readOnly: countedFactsLocked,
					hint: countedFactsLocked ? t('access.countedCompanyFactsAreManagers') : t('companyDb.form.moneyHint'),
				})}
				{input('registeredCapitalWan', t('companyDb.form.registeredCapitalWan'), { inputMode: 'decimal', hint: t('companyDb.form.moneyHint') })}
				{input('employees', t('companies.employees'), { inputMode: 'numeric' })}
				{input('industry', t('companyDb.fields.industry'), { maxLength: 100 })}
			</fieldset>
			<fieldset>
				<legend>{t('companyDb.form.contact')}</legend>
				{input('contactName', t('companyDb.fields.contactName'), { maxLength: 50 })}
				{input('contactPhone', t('companyDb.fields.contactPhone'), { type: 'tel', maxLength: 20, hint: t('companyDb.form.phoneHint') })}
				{input('address', t('companyDb.fields.address'), { maxLength: 200 })}
			</fieldset>
			<fieldset>
				<legend>{t('companyDb.form.more')}</legend>
				{textarea('description', t('companyDb.fields.description'))}
				{input('source', t('app.source'), { maxLength: 500, hint: t('companyDb.form.sourceHint') })}
			</fieldset>
			<div className="form-actions">
				<button type="submit" className="button-primary" disabled={saving}>
					{saving ? t('companyDb.form.saving') : t('app.save')}
				</button>
				<Link to={cancelTo}>{t('app.cancel')}</Link>
			</div>
		</Form>
	)
}

/** Shortest name (in characters) the form asks about while it is typed. */
const MIN_PROBE_NAME = 2
const PROBE_DELAY_MS = 350

/**
 * Likely duplicates of what the form holds (#13 §6): asked of /companies/duplicates a moment after
 * the name, 简称, 曾用名 or USCC change, and listed with links (in a new tab, so nothing typed is
 * lost) and why each is likely the same company. A save that the server refused for a likely
 * duplicate shows its list until the fields change. "Save anyway" is a checkbox of the form.
 */
function DuplicateWarning({
	form,
	defaults,
	companyId,
	refused,
	error,
}: {
	form: ReturnType<typeof useForm<CompanyFormValues, unknown, CompanyFormData>>
	defaults: CompanyFormValues
	companyId: string | null
	refused: LikelyDuplicate[]
	error: string | undefined
}) {
	const { t } = useTranslation()
	const fetcher = useFetcher<{ duplicates: LikelyDuplicate[] }>()
	const [name = '', shortName = '', formerNames = '', uscc = ''] = form.watch(['name', 'shortName', 'formerNames', 'uscc'])
	const changed = name !== defaults.name || shortName !== defaults.shortName || formerNames !== defaults.formerNames || uscc !== defaults.uscc
	const probe = new URLSearchParams({ name, shortName, formerNames, uscc, ...(companyId ? { exclude: companyId } : {}) }).toString()
	const worthAsking = changed && (name.trim().length >= MIN_PROBE_NAME || shortName.trim() !== '' || formerNames.trim() !== '' || uscc.trim() !== '')
	const { load } = fetcher
	useEffect(() => {
		if (!worthAsking) return
		const timer = setTimeout(() => load(`/companies/duplicates?${probe}`), PROBE_DELAY_MS)
		return () => clearTimeout(timer)
	}, [probe, worthAsking, load])
	const shown = changed && fetcher.data ? fetcher.data.duplicates : refused
	if (shown.length === 0) return null
	const confirmable = shown.some((d) => !d.reasons.includes('uscc'))
	return (
		<div className="span-all callout-warn duplicate-warning" role="status" aria-live="polite" data-testid="duplicate-warning">
			<p>
				<strong>{t('companyDb.duplicates.title')}</strong> {t('companyDb.duplicates.hint')}
			</p>
			<ul>
				{shown.map((d) => (
					<li key={d.id}>
						<a href={`/companies/${d.id}`} target="_blank" rel="noreferrer">
							{d.name}
						</a>{' '}
						{d.reasons.map((reason) => (
							<span key={reason} className={reason === 'uscc' ? 'badge badge-danger' : 'badge badge-warn'}>
								{t(`companyDb.duplicates.reasons.${reason}`)}
							</span>
						))}
						<span className="muted duplicate-facts">
							{[
								...d.aliases.map((a) =>
									t('audit.alias', { name: a.name, kind: t(a.kind === 'short' ? 'companyDb.fields.shortName' : 'companyDb.fields.formerNames') }),
								),
								d.uscc ? `${t('companies.uscc')} ${d.uscc}` : '',
								t('companyDb.duplicates.counts', { leads: d.leads, projects: d.projects }),
							]
								.filter(Boolean)
								.join(' · ')}
						</span>
					</li>
				))}
			</ul>
			{confirmable ? (
				<label className="checkbox duplicate-confirm">
					<input type="checkbox" name="duplicateConfirmed" value="1" {...fieldAria('duplicateConfirmed', error)} />
					{t('companyDb.duplicates.confirm')}
				</label>
			) : (
				<p>{t('companyDb.duplicates.usccOnly')}</p>
			)}
			<FieldError id="duplicateConfirmed" message={error} />
		</div>
	)
}

/** A refused stale save of the company form (ADR 0015): stored against submitted, with the form `formId` to save anyway. */
export function CompanyConflict({
	conflict,
	regions,
	formId,
	discardTo,
}: {
	conflict: Conflict<CompanyFormValues>
	regions: { id: string; name: string; nameEn: string }[]
	formId: string
	discardTo: string
}) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const label: Record<(typeof COMPANY_CONFLICT_FIELDS)[number], string> = {
		name: t('companies.name'),
		shortName: t('companyDb.fields.shortName'),
		formerNames: t('companyDb.fields.formerNames'),
		uscc: t('companies.uscc'),
		kind: t('companies.kind'),
		isLocal: t('companies.local'),
		regionId: t('companies.region'),
		tags: t('companies.tags'),
		revenueWan: t('companyDb.form.revenueWan'),
		registeredCapitalWan: t('companyDb.form.registeredCapitalWan'),
		employees: t('companies.employees'),
		industry: t('companyDb.fields.industry'),
		contactName: t('companyDb.fields.contactName'),
		contactPhone: t('companyDb.fields.contactPhone'),
		address: t('companyDb.fields.address'),
		description: t('companyDb.fields.description'),
		source: t('app.source'),
	}
	const show: Partial<Record<(typeof COMPANY_CONFLICT_FIELDS)[number], ConflictField['show']>> = {
		kind: (value) => t(`companies.kinds.${String(value)}`, { defaultValue: String(value) }),
		isLocal: (value) => (value === '1' ? t('companies.isLocal') : t('companies.isExternal')),
		regionId: (value) => localized(regions.find((region) => region.id === value)) || String(value),
		tags: (value) =>
			[value]
				.flat()
				.map((entry) => {
					const [tag = '', year = ''] = String(entry).split(':')
					const name = t(`tags.${tag}`, { defaultValue: tag })
					return year ? t('companies.tagWithYear', { tag: name, year }) : name
				})
				.join('、'),
	}
	return (
		<ConflictReview
			fields={COMPANY_CONFLICT_FIELDS.map((name) => ({ name, label: label[name], show: show[name] }))}
			current={companyConflictView(conflict.current)}
			submitted={companyConflictView(conflict.submitted)}
			formId={formId}
			discardTo={discardTo}
		/>
	)
}
