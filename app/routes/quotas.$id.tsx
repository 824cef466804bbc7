import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList } from '~/components/forms'
import { CumulativeChart, ProgressBar, useFigureFormat } from '~/components/quota/charts'
import { QuotaStatusBadge } from '~/components/quota/dashboard-status'
import { AwaitingItems, ExcludedItems, PipelineItems, QualifyingItems } from '~/components/quota/quota-detail'
import { ManualEntries, ManualEntryForm, UnitFigures, UnitSharesConflict } from '~/components/quota/quota-figures-forms'
import { QuotaRulesConflict, QuotaRulesForm, RuleDescription } from '~/components/quota/quota-rules-form'
import { QuotaTargetConflict, QuotaTargetForm } from '~/components/quota/quota-target-form'
import { MemberParts, RegionParts } from '~/components/quota/region-figures'
import { prisma } from '~/db.server'
import { roleHasPermission } from '~/domain/auth/roles'
import { type Conflict } from '~/domain/concurrency/conflict'
import { defaultAsOf, normalizationFactor } from '~/domain/quota/pace'
import {
	manualEntrySchema,
	quotaRulesFormSchema,
	type QuotaRulesFormValues,
	quotaRulesFormValues,
	readManualEntryForm,
	readQuotaRulesForm,
	readUnitTargetsForm,
	shareText,
	type UnitSharesValues,
	unitSharesFormValues,
	unitTargetsSchema,
} from '~/domain/quota/quota-forms'
import { quotaMessageText } from '~/domain/quota/quota-message'
import { parseQuotaTargetForm, QUOTA_TARGET_FIELDS, type QuotaTargetFormValues, quotaTargetFormValues } from '~/domain/quota/quota-target-form'
import { parseQuotaRules } from '~/domain/quota/rules'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { loadQuotaProgress } from '~/models/quota-progress.server'
import {
	addManualEntry,
	getQuota,
	listManualEntries,
	listRuleChains,
	type QuotaSaveResult,
	saveQuotaRules,
	saveQuotaTarget,
	saveUnitTargets,
} from '~/models/quota.server'
import { requirePermission } from '~/utils/auth.server'
import { type ActionResult, type FieldErrors, fieldErrors, formText, parseDay, refusal } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { todayInChina } from '~/utils/today'
import { readUrlYear } from '~/utils/url-period'

const notFound = () => new Response('Quota not found', { status: 404 })

/** Rows read and sent per list: a sum over a whole register can have tens of thousands of items; the totals are shown. */
const LIST_LIMIT = 500

/** Years a quota page can show: the quotas' own span. */
const QUOTA_YEARS = { min: 1949, max: 2100 }

/** ?year= (default: this year) and ?asOf= (default: today, or the year's end or start). */
function readPeriod(url: URL, today: string) {
	const year = readUrlYear(url.searchParams, Number(today.slice(0, 4)), QUOTA_YEARS)
	const asOfParam = parseDay(url.searchParams.get('asOf') ?? '')
	const asOf = asOfParam && asOfParam.getUTCFullYear() === year ? asOfParam.toISOString().slice(0, 10) : defaultAsOf(year, today)
	return { year, asOf }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const today = todayInChina()
	const { year, asOf } = readPeriod(new URL(request.url), today)
	const quota = await getQuota(prisma, params.id ?? '', user.scope)
	if (!quota) throw notFound()
	const [[progress], chains, manualEntries] = await Promise.all([
		loadQuotaProgress(prisma, {
			year,
			asOf,
			scope: user.scope,
			quotaIds: [quota.id],
			limits: { items: LIST_LIMIT, excluded: LIST_LIMIT, pipeline: LIST_LIMIT, awaiting: LIST_LIMIT },
		}),
		listRuleChains(prisma),
		quota.kind === 'manual' ? listManualEntries(prisma, quota.id, year) : [],
	])
	if (!progress) throw notFound()
	const { rules } = parseQuotaRules(quota.kind, quota.filters)
	return {
		quota,
		progress,
		totals: progress.counts,
		rules,
		rulesForm: quotaRulesFormValues(rules, quota.version),
		targetForm: quotaTargetFormValues(quota),
		shares: unitSharesFormValues(quota.units.map((u) => ({ unitId: u.unit.id, share: shareText(u.target, normalizationFactor(quota)), version: u.version }))),
		chains,
		manualEntries,
		factor: normalizationFactor(quota),
		canWrite: roleHasPermission(user.role, 'write:quota'),
		year,
		asOf,
		today,
	}
}

/** The values each form's stale save compares (ADR 0015); a manual figure is only ever added. */
type ConflictValues = { rules: QuotaRulesFormValues; target: QuotaTargetFormValues; unitTargets: UnitSharesValues; manual: never }
type Intent = keyof ConflictValues
/** Each form's answer (ADR 0045): which form (`intent`); saved, whether anything changed; refused, for a stale save its conflict. */
type Answer<I extends Intent> = ActionResult<{ intent: I; changed: boolean }, { intent: I; conflict: Conflict<ConflictValues[I]> | null }>
type Refused<I extends Intent> = Extract<Answer<I>, { ok: false }>

export type QuotaPageActionResult = Answer<'rules'> | Answer<'target'> | Answer<'unitTargets'> | Answer<'manual'>

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:quota')
	// Every form of the page changes this quota: one outside the manager's scope is not found (ADR 0029).
	const quota = await getQuota(prisma, params.id ?? '', user.scope)
	if (!quota) throw notFound()
	const id = quota.id
	const formData = await request.formData()
	const intent = formData.get('intent')
	// A refused save of each form: its errors, and for a stale save (409) the stored values beside the submitted ones (ADR 0015).
	const answer = <I extends Intent>(intent: I, result: QuotaSaveResult<ConflictValues[I]>) => {
		if (result.ok) return data<Answer<I>>({ intent, ok: true, changed: result.changed })
		if (result.status === 404) throw notFound()
		const { status, ...refused } = result
		return data<Refused<I>>({ ...refused, intent }, { status })
	}
	// A form that does not pass its schema: the messages under its fields; one on the whole form (a bad version) above it.
	const refuse = <I extends Intent>(intent: I, { form, ...errors }: FieldErrors) =>
		data<Refused<I>>({ ...refusal(errors, form ?? null), intent, conflict: null }, { status: 400 })

	if (intent === 'rules') {
		const parsed = quotaRulesFormSchema.safeParse(readQuotaRulesForm(formData))
		if (!parsed.success) return refuse(intent, fieldErrors(parsed.error))
		return answer(intent, await saveQuotaRules(prisma, user.id, id, parsed.data))
	}
	if (intent === 'target') {
		const posted = Object.fromEntries(QUOTA_TARGET_FIELDS.map((field) => [field, formText(formData, field) ?? ''])) as QuotaTargetFormValues
		const parsed = parseQuotaTargetForm(posted, quota.unit)
		if (!parsed.ok) return refuse(intent, parsed.errors)
		return answer(intent, await saveQuotaTarget(prisma, user.id, id, parsed.data))
	}
	if (intent === 'manual') {
		const parsed = manualEntrySchema.safeParse(readManualEntryForm(formData))
		if (!parsed.success) return refuse(intent, fieldErrors(parsed.error))
		return answer(intent, await addManualEntry(prisma, user.id, id, parsed.data))
	}
	if (intent === 'unitTargets') {
		const parsed = unitTargetsSchema.safeParse(
			readUnitTargetsForm(
				formData,
				quota.units.map((u) => u.unit.id),
			),
		)
		if (!parsed.success) return refuse(intent, fieldErrors(parsed.error))
		return answer(intent, await saveUnitTargets(prisma, user.id, id, parsed.data))
	}
	throw new Response('Unknown form', { status: 400 })
}

const RULES_FORM_ID = 'quota-rules-form'
const TARGET_FORM_ID = 'quota-target-form'
const SHARES_FORM_ID = 'unit-shares-form'

type HandleData = Awaited<ReturnType<typeof loader>>
export const handle = pageTitle<HandleData>(({ quota }) => quota.metric)

export default function QuotaPage() {
	const { quota, progress, totals, rules, rulesForm, targetForm, shares, chains, manualEntries, factor, canWrite, year, asOf, today } =
		useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	// A stale save of the rule or the shares (ADR 0015): the comparison above the form, which holds the submitted values.
	const rulesConflict = actionData?.intent === 'rules' && !actionData.ok ? actionData.conflict : null
	const sharesConflict = actionData?.intent === 'unitTargets' && !actionData.ok ? actionData.conflict : null
	const targetConflict = actionData?.intent === 'target' && !actionData.ok ? actionData.conflict : null
	const discardTo = `/quotas/${quota.id}?year=${year}&asOf=${asOf}`
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const { figure, target } = useFigureFormat(progress)
	const result = (intent: QuotaPageActionResult['intent']) => (actionData?.intent === intent ? actionData : null)
	const refusedOf = (intent: QuotaPageActionResult['intent']) => {
		const r = result(intent)
		return r?.ok === false ? r : null
	}
	const errorsOf = (intent: QuotaPageActionResult['intent']) => refusedOf(intent)?.errors ?? {}
	const saved = (intent: QuotaPageActionResult['intent']) => {
		const r = result(intent)
		return r?.ok ? (
			<p className="form-success" role="status">
				{r.changed ? t('quota.saved') : t('quota.unchanged')}
			</p>
		) : null
	}
	const formError = (intent: QuotaPageActionResult['intent']) => <ErrorList messages={[refusedOf(intent)?.formError]} />
	const notDue = progress.status === 'not_due'
	const count = (list: keyof typeof totals) => (
		<span className="muted" data-testid={`quota-${list}-total`}>
			({totals[list]})
		</span>
	)
	const limited = (list: keyof typeof totals) =>
		totals[list] > progress[list].length ? <p className="muted">{t('quota.listLimited', { shown: progress[list].length, total: totals[list] })}</p> : null

	return (
		<>
			<p>
				<Link to={`/quotas?year=${year}`}>← {t('quota.backToList')}</Link>
			</p>
			<h1>
				{quota.section ? <span className="quota-section">{quota.section}</span> : null} {quota.metric} <QuotaStatusBadge status={progress.status} />{' '}
				<span className="badge">{t(`quotas.kinds.${quota.kind}`, { defaultValue: quota.kind })}</span>
			</h1>

			<blockquote className="quota-clause" data-testid="quota-clause">
				{quota.excerpt}
			</blockquote>
			{progress.sources.length > 1 ? (
				<div className="quota-sources" data-testid="quota-sources">
					<p className="muted">{t('quota.sources', { count: progress.sources.length })}</p>
					<ol>
						{progress.sources.map((source) => (
							<li key={`${source.start}-${source.excerpt}`}>
								{source.section ? <span className="quota-section">{source.section}</span> : null} {source.excerpt}
							</li>
						))}
					</ol>
				</div>
			) : null}
			{quota.document ? (
				<p className="source">
					{t('quota.document')}: {quota.document.title}
					{quota.document.docNumber ? `（${quota.document.docNumber}）` : ''}
					{quota.document.issuer ? ` · ${quota.document.issuer}` : ''}
				</p>
			) : null}

			<Form method="get" className="form-row no-print">
				<label>
					{t('quota.year')} <input type="number" name="year" defaultValue={year} min={1949} max={2100} step={1} />
				</label>
				<label>
					{t('quota.asOf')} <input type="date" name="asOf" defaultValue={asOf} />
				</label>
				<button type="submit">{t('quota.show')}</button>
			</Form>

			<section aria-labelledby="figures-heading">
				<h2 id="figures-heading">{t('quota.figuresTitle', { year, asOf })}</h2>
				<dl className="figures" data-testid="quota-figures">
					<dt>{t('quotas.target')}</dt>
					<dd title={t(`quotas.ops.${quota.op}`, { defaultValue: quota.op })}>
						{target}
						<span className="muted">
							{' '}
							· {t(`quotas.periods.${quota.period}`, { defaultValue: quota.period })}
							{quota.startYear || quota.endYear ? ` ${quota.startYear ?? ''}–${quota.endYear ?? ''}` : ''}
						</span>
						{notDue ? <span className="muted"> · {t('quota.notDue', { year })}</span> : null}
					</dd>
					{progress.yearValues.length > 0 ? (
						<>
							<dt>{t('quota.staged.title')}</dt>
							<dd data-testid="quota-year-values">
								<ul className="inline-list">
									{progress.yearValues.map((v) => (
										<li key={v.year} data-year={v.year} className={v.year === progress.year ? 'is-current' : undefined}>
											{t('quota.staged.year', { year: v.year })} {v.value}
											{v.valueMax === null ? '' : `–${v.valueMax}`}
											{quota.unit}
											{v.year === progress.year ? t('quota.staged.thisYear') : ''}
										</li>
									))}
								</ul>
							</dd>
						</>
					) : null}
					{progress.members !== null && progress.memberProgress.length > 0 ? (
						<>
							<dt>{t('quota.members.title', { members: progress.members })}</dt>
							<dd data-testid="quota-members-met" data-met={progress.membersMet} data-total={progress.memberProgress.length}>
								{t('quota.members.summary', { met: progress.membersMet, total: progress.memberProgress.length })}
							</dd>
						</>
					) : null}
					<dt>{t('quota.actual')}</dt>
					<dd data-testid="quota-actual" data-actual={progress.actual}>
						{figure(progress.actual)}
					</dd>
					{quota.kind === 'projects' ? (
						<>
							<dt title={t('quota.awaiting.hint')}>{t('quota.awaiting.figure')}</dt>
							<dd data-testid="quota-awaiting-actual" data-awaiting={progress.awaitingActual}>
								{figure(progress.awaitingActual)}
							</dd>
						</>
					) : null}
					<dt title={t('quota.paceHint')}>{t('quota.pace')}</dt>
					<dd>{notDue ? '—' : figure(progress.pace)}</dd>
					<dt title={t('quota.forecastHint')}>{t('quota.forecast')}</dt>
					<dd>{figure(progress.forecast)}</dd>
				</dl>
				<div className="quota-page-chart">
					<ProgressBar progress={progress} />
					{progress.cumulative.length > 0 ? <CumulativeChart progress={progress} /> : null}
				</div>
				{progress.problems.length > 0 ? (
					<div className="callout-warn" role="note" data-testid="quota-problems">
						{t('quota.problems')}
						<ul>
							{progress.problems.map((problem, i) => (
								<li key={i} data-problem={problem.key}>
									{quotaMessageText(problem, t, locale)}
								</li>
							))}
						</ul>
					</div>
				) : null}
			</section>

			<section aria-labelledby="rule-heading">
				<h2 id="rule-heading">{t('quota.rule.title')}</h2>
				<RuleDescription rules={rules} year={year} chains={chains} />
			</section>

			<section aria-labelledby="items-heading">
				<h2 id="items-heading">
					{t('quota.items.title')} {count('items')}
				</h2>
				<QualifyingItems progress={progress} />
				{limited('items')}
			</section>

			{quota.kind === 'projects' ? (
				<section aria-labelledby="awaiting-heading">
					<h2 id="awaiting-heading">
						{t('quota.awaiting.title')} {count('awaiting')}
					</h2>
					<p className="muted">{t('quota.awaiting.intro')}</p>
					<AwaitingItems progress={progress} />
					{limited('awaiting')}
				</section>
			) : null}

			{quota.kind !== 'manual' ? (
				<section aria-labelledby="excluded-heading">
					<h2 id="excluded-heading">
						{t('quota.excluded.title')} {count('excluded')}
					</h2>
					<ExcludedItems items={progress.excluded} />
					{limited('excluded')}
				</section>
			) : null}

			{quota.kind === 'projects' ? (
				<section aria-labelledby="pipeline-heading">
					<h2 id="pipeline-heading">
						{t('quota.pipeline.title')} {count('pipeline')}
					</h2>
					<p className="muted">{t('quota.pipeline.hint')}</p>
					<PipelineItems progress={progress} />
					{limited('pipeline')}
				</section>
			) : null}

			{progress.members !== null ? (
				<section aria-labelledby="members-heading">
					<h2 id="members-heading">{t('quota.members.title', { members: progress.members })}</h2>
					{progress.memberProgress.length > 0 ? (
						<>
							<p className="muted">{t('quota.members.intro', { region: progress.region ? localized(progress.region) : '' })}</p>
							<MemberParts members={progress.memberProgress} figure={figure} />
						</>
					) : (
						<p className="muted">{t('quota.members.none', { region: progress.region ? localized(progress.region) : '' })}</p>
					)}
				</section>
			) : null}
			{progress.regions.length > 0 && progress.members === null ? (
				<section aria-labelledby="regions-heading">
					<h2 id="regions-heading">{t('quota.regions.title', { region: progress.region ? localized(progress.region) : '' })}</h2>
					<p className="muted">{t('quota.regions.intro')}</p>
					<RegionParts parts={progress.regions} target={progress.target} figure={figure} />
				</section>
			) : null}

			<section aria-labelledby="units-heading">
				<h2 id="units-heading">{t('quota.units.title')}</h2>
				{saved('unitTargets')}
				{formError('unitTargets')}
				{sharesConflict ? (
					<UnitSharesConflict
						conflict={sharesConflict}
						units={quota.units.map((u) => u.unit)}
						unit={quota.unit}
						formId={SHARES_FORM_ID}
						discardTo={discardTo}
					/>
				) : null}
				<UnitFigures
					// A saved share reloads the units: start the inputs again from the stored values (after a conflict, the submitted ones).
					key={sharesConflict ? `conflict-${JSON.stringify(sharesConflict.current)}` : quota.units.map((u) => u.version).join()}
					id={SHARES_FORM_ID}
					progress={progress}
					listedUnitIds={quota.units.map((u) => u.unit.id)}
					values={sharesConflict?.submitted ?? shares}
					factor={factor}
					canWrite={canWrite}
					serverErrors={errorsOf('unitTargets')}
				/>
			</section>

			{quota.kind === 'manual' ? (
				<section aria-labelledby="manual-heading">
					<h2 id="manual-heading">{t('quota.manual.title', { year })}</h2>
					<p className="muted">{t('quota.manual.hint')}</p>
					<ManualEntries entries={manualEntries} progress={progress} />
					{canWrite ? (
						<>
							{saved('manual')}
							{formError('manual')}
							<ManualEntryForm key={manualEntries.length} quota={quota} defaultDate={asOf < today ? asOf : today} serverErrors={errorsOf('manual')} />
						</>
					) : null}
				</section>
			) : null}

			{canWrite ? (
				<section aria-labelledby="target-edit-heading">
					<h2 id="target-edit-heading">{t('quota.target.title')}</h2>
					<p className="muted">{t('quota.target.intro')}</p>
					{saved('target')}
					{targetConflict ? <QuotaTargetConflict conflict={targetConflict} formId={TARGET_FORM_ID} discardTo={discardTo} /> : null}
					<QuotaTargetForm
						key={targetConflict ? `conflict-${targetConflict.current.version}` : targetForm.version}
						id={TARGET_FORM_ID}
						defaults={targetConflict?.submitted ?? targetForm}
						unit={quota.unit}
						serverErrors={errorsOf('target')}
						formError={refusedOf('target')?.formError ?? null}
					/>
				</section>
			) : null}

			{canWrite ? (
				<section aria-labelledby="rules-edit-heading">
					<h2 id="rules-edit-heading">{t('quota.rules.title')}</h2>
					<p className="muted">{t('quota.rules.intro')}</p>
					{saved('rules')}
					{formError('rules')}
					{rulesConflict ? <QuotaRulesConflict conflict={rulesConflict} chains={chains} formId={RULES_FORM_ID} discardTo={discardTo} /> : null}
					<QuotaRulesForm
						key={rulesConflict ? `conflict-${rulesConflict.current.version}` : `${quota.kind}-${quota.filters}`}
						id={RULES_FORM_ID}
						defaults={rulesConflict?.submitted ?? rulesForm}
						chains={chains}
						serverErrors={errorsOf('rules')}
					/>
				</section>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
