import { zodResolver } from '@hookform/resolvers/zod'
import { Form, useNavigation, useSubmit } from '@remix-run/react'
import { type ReactNode } from 'react'
import { type Resolver, useForm } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { formatQuantity } from '~/domain/chain/describe-flag'
import { type Conflict } from '~/domain/concurrency/conflict'
import { parseMoneyToCNY } from '~/domain/money'
import { investmentIntensity, parseLandMu } from '~/domain/project/commitments'
import { PROJECT_CONFLICT_FIELDS, type ProjectFormData, projectFormSchema, type ProjectFormValues, STAGE_DATE_FIELDS } from '~/domain/project/project-schema'
import { PROJECT_STAGES, PROJECT_TYPES, type ProjectStage } from '~/domain/project/stages'
import { CORRECTION_REASON_MAX } from '~/domain/report/closed-periods'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { formatNumber } from '~/utils/format'
import { type UserMessage, userMessage } from '~/utils/user-error'
import { PlannedCapacityFields, type PlannedLinkChoice } from './capacity/planned-fields'
import { type ClosedPeriodState, ClosedPeriodNotice, closedReportList } from './closed-period-notice'
import { type ConflictField, ConflictReview } from './conflict-review'
import { ErrorList, FieldError, fieldAria } from './forms'
import { type RegionOption, RegionSelect } from './region-select'

type Named = { id: string; name: string; nameEn: string }
export type ChainLinkOption = Named & { chain: Named }

export type ProjectFormOptions = {
	companies: { id: string; name: string; isSample: boolean }[]
	units: Named[]
	links: ChainLinkOption[]
	/** A new project's region, for a user over several regions (ADR 0026); empty: theirs. */
	regions?: readonly RegionOption[]
	defaultRegionId?: string | null
	/** Chains in reach and their material links, for the planned capacity (ADR 0040). */
	plannedLinks?: readonly PlannedLinkChoice[]
}

/** Chain links as <option>s grouped by chain, in the order given. */
export function ChainLinkOptions({ links }: { links: ChainLinkOption[] }) {
	const localized = useLocalizedName()
	const chains = new Map<string, { chain: Named; links: ChainLinkOption[] }>()
	for (const link of links) {
		const group = chains.get(link.chain.id) ?? { chain: link.chain, links: [] }
		group.links.push(link)
		chains.set(link.chain.id, group)
	}
	return (
		<>
			{[...chains.values()].map(({ chain, links: chainLinks }) => (
				<optgroup key={chain.id} label={localized(chain)}>
					{chainLinks.map((link) => (
						<option key={link.id} value={link.id}>
							{localized(link)}
						</option>
					))}
				</optgroup>
			))}
		</>
	)
}

function landOrNull(raw: string) {
	const parsed = parseLandMu(raw)
	return parsed.ok ? parsed.mu : null
}

// The schema accepts any strings (choices are checked when parsing), so the form holds what was typed.
const resolver = zodResolver(projectFormSchema) as unknown as Resolver<ProjectFormValues, unknown, ProjectFormData>

/**
 * The project form of /projects/new and /projects/:id: validated by the same zod
 * schema here and in the action, and usable without JavaScript (every input
 * carries its initial value in the HTML).
 */
export function ProjectForm({
	id,
	intent,
	defaults,
	options,
	serverErrors,
	formError = null,
	stages = PROJECT_STAGES,
	closed = { reports: [], askReason: false },
	submitLabel,
}: {
	/** The form's element id: a conflict's "save anyway" button submits it from outside. */
	id: string
	intent: 'create' | 'update'
	defaults: ProjectFormValues
	options: ProjectFormOptions
	/** Field → i18n key, from a refused submission. */
	serverErrors: Record<string, string>
	/** A refusal of the whole form (e.g. not allowed); its message may name the issued reports (`reports`). */
	formError?: UserMessage | null
	/** The stages the user may put the project in (staff: not 签约/开工/投产). */
	stages?: readonly ProjectStage[]
	/** Issued reports that read the project (ADR 0011); askReason: a manager, who may correct them with a reason. */
	closed?: ClosedPeriodState
	submitLabel: string
}) {
	const { t } = useTranslation()
	const locale = useLocale()
	const reports = closedReportList(closed.reports, t, locale)
	const localized = useLocalizedName()
	const submit = useSubmit()
	const navigation = useNavigation()
	const form = useForm<ProjectFormValues, unknown, ProjectFormData>({ resolver, defaultValues: defaults })
	const pending = navigation.state === 'submitting' && navigation.formData?.get('intent') === intent
	const type = form.watch('type')
	// 投资强度 follows what is typed (ADR 0039); the server works it out the same way for the page.
	const investment = parseMoneyToCNY(form.watch('investmentWan'), 'wan')
	const intensity = investmentIntensity(investment.ok ? (investment.cny ?? 0) : 0, landOrNull(form.watch('commitLandMu')))

	const clientErrors = form.formState.errors as Record<string, { message?: unknown } | undefined>
	const errorKey = (name: keyof ProjectFormValues) => {
		const message = clientErrors[name]?.message
		return typeof message === 'string' ? message : serverErrors[name]
	}
	const hasErrors = Object.keys(clientErrors).length > 0 || Object.keys(serverErrors).length > 0
	const text = (name: Exclude<keyof ProjectFormValues, 'isClusterLeading' | 'linkIds'>) => ({
		...form.register(name),
		defaultValue: defaults[name],
		id: `project-${name}`,
		...fieldAria(`project-${name}`, errorKey(name)),
	})
	const field = (name: keyof ProjectFormValues, control: ReactNode, hint?: string) => {
		return (
			<label htmlFor={`project-${name}`}>
				<span>{t(`projects.fields.${name}`)}</span>
				{control}
				{hint ? <span className="muted field-hint">{hint}</span> : null}
				<FieldError id={`project-${name}`} message={errorKey(name)} params={{ reports }} />
			</label>
		)
	}

	return (
		<Form
			method="post"
			id={id}
			className="project-form"
			noValidate
			onSubmit={(event) => {
				const target = event.currentTarget
				event.preventDefault()
				void form.handleSubmit(() => submit(target))(event)
			}}
		>
			<input type="hidden" name="intent" value={intent} />
			{/* The version the form was opened at (ADR 0015); after a conflict, the stored one, so the same values save knowingly. */}
			{defaults.version ? <input type="hidden" name="version" value={defaults.version} /> : null}
			<ErrorList
				messages={[
					formError
						? { key: formError.key, params: { ...formError.params, reports } }
						: hasErrors
							? userMessage('projects.errors.fixFields', { reports })
							: null,
				]}
			/>
			{closed.askReason && closed.reports.length > 0 ? (
				<ClosedPeriodNotice
					testId="closed-period-notice"
					message={t('closedPeriods.notice', { reports })}
					reasonField={field('closedReason', <textarea {...text('closedReason')} rows={2} maxLength={CORRECTION_REASON_MAX} className="input-wide" />)}
				/>
			) : null}
			<div className="form-grid">
				{field('title', <input {...text('title')} className="input-wide" />)}
				{field(
					'companyId',
					<select {...text('companyId')}>
						<option value="">{t('projects.choose')}</option>
						{options.companies.map((company) => (
							<option key={company.id} value={company.id}>
								{company.name}
								{company.isSample ? ` (${t('app.sample')})` : ''}
							</option>
						))}
					</select>,
				)}
				{field(
					'type',
					<select {...text('type')}>
						{PROJECT_TYPES.map((value) => (
							<option key={value} value={value}>
								{t(`projects.types.${value}`)}
							</option>
						))}
					</select>,
				)}
				{field(
					'stage',
					<select {...text('stage')}>
						{stages.map((value) => (
							<option key={value} value={value}>
								{t(`projects.stages.${value}`)}
							</option>
						))}
					</select>,
				)}
				{field('investmentWan', <input {...text('investmentWan')} inputMode="decimal" />, t('projects.hints.investment'))}
				{type === 'capital_increase' ? field('incrementWan', <input {...text('incrementWan')} inputMode="decimal" />, t('projects.hints.increment')) : null}
				{field(
					'responsibleUnitId',
					<select {...text('responsibleUnitId')}>
						<option value="">{t('projects.noUnit')}</option>
						{options.units.map((unit) => (
							<option key={unit.id} value={unit.id}>
								{localized(unit)}
							</option>
						))}
					</select>,
				)}
				<label className="checkbox-label" htmlFor="project-isClusterLeading">
					<input type="checkbox" id="project-isClusterLeading" {...form.register('isClusterLeading')} defaultChecked={defaults.isClusterLeading} />
					{t('projects.fields.isClusterLeading')}
				</label>
				{intent === 'create' ? (
					<RegionSelect
						field={{ name: 'regionId' }}
						regions={options.regions ?? []}
						defaultValue={options.defaultRegionId ?? ''}
						error={<FieldError id="project-regionId" message={serverErrors.regionId} />}
					/>
				) : null}
			</div>

			<fieldset className="stage-dates">
				<legend>{t('projects.timeline.title')}</legend>
				<p className="muted field-hint">{t('projects.hints.dates')}</p>
				<div className="form-grid">
					{STAGE_DATE_FIELDS.map((name) => (
						<div key={name}>{field(name, <input type="date" {...text(name)} />)}</div>
					))}
				</div>
			</fieldset>

			<fieldset className="commitments" data-testid="commitment-fields">
				<legend>{t('commitments.title')}</legend>
				<p className="muted field-hint">{t('commitments.hint')}</p>
				<div className="form-grid">
					{field('commitStartBy', <input type="date" {...text('commitStartBy')} />)}
					{field('commitProduceBy', <input type="date" {...text('commitProduceBy')} />)}
					{field(
						'commitLandMu',
						<input {...text('commitLandMu')} inputMode="decimal" />,
						intensity === null ? t('commitments.intensityNeedsLand') : t('commitments.intensityIs', { value: formatNumber(intensity, locale) }),
					)}
					{field('commitOutputWan', <input {...text('commitOutputWan')} inputMode="decimal" />, t('projects.hints.wan'))}
					{field('commitTaxWan', <input {...text('commitTaxWan')} inputMode="decimal" />, t('projects.hints.wan'))}
				</div>
			</fieldset>

			<div className="form-grid">
				{field(
					'linkIds',
					<select
						multiple
						size={8}
						id="project-linkIds"
						{...form.register('linkIds')}
						defaultValue={defaults.linkIds}
						aria-invalid={errorKey('linkIds') ? true : undefined}
					>
						<ChainLinkOptions links={options.links} />
					</select>,
					t('projects.hints.links'),
				)}
				{field('notes', <textarea {...text('notes')} rows={4} />)}
				{field('source', <input {...text('source')} className="input-wide" />)}
				<PlannedCapacityFields
					bind={text}
					errorFor={(name) => <FieldError id={`project-${name}`} message={errorKey(name)} />}
					chains={options.plannedLinks ?? []}
					selectedLinkId={defaults.plannedLinkId}
				/>
			</div>
			<p>
				<button type="submit" className="button-primary" disabled={pending}>
					{submitLabel}
				</button>
			</p>
		</Form>
	)
}

/** A refused stale save of the project form (ADR 0015): stored against submitted, with the form `formId` to save anyway. */
export function ProjectConflict({
	conflict,
	options,
	formId,
	discardTo,
}: {
	conflict: Conflict<ProjectFormValues>
	options: ProjectFormOptions
	formId: string
	discardTo: string
}) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const locale = useLocale()
	const plannedLink = (value: unknown) => options.plannedLinks?.flatMap((c) => c.links).find((l) => l.id === value)
	const show: Partial<Record<(typeof PROJECT_CONFLICT_FIELDS)[number], ConflictField['show']>> = {
		plannedLinkId: (value) => (value ? localized(plannedLink(value)) || String(value) : ''),
		plannedOutput: (value) => (value ? formatQuantity(Number(value), plannedLink(conflict.submitted.plannedLinkId)?.unit ?? '', locale) : ''),
		companyId: (value) => options.companies.find((c) => c.id === value)?.name ?? String(value),
		type: (value) => t(`projects.types.${String(value)}`, { defaultValue: String(value) }),
		stage: (value) => t(`projects.stages.${String(value)}`, { defaultValue: String(value) }),
		responsibleUnitId: (value) => localized(options.units.find((u) => u.id === value)),
		linkIds: (value) =>
			[value]
				.flat()
				.map((linkId) => localized(options.links.find((l) => l.id === linkId)) || String(linkId))
				.join('、'),
	}
	return (
		<ConflictReview
			fields={PROJECT_CONFLICT_FIELDS.map((name) => ({ name, label: t(`projects.fields.${name}`), show: show[name] }))}
			current={conflict.current}
			submitted={conflict.submitted}
			formId={formId}
			discardTo={discardTo}
		/>
	)
}
