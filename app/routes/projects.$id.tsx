import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PlannedCapacityFigures } from '~/components/capacity/planned-figures'
import { closedReportList } from '~/components/closed-period-notice'
import { CommitmentFacts, CommitmentWarningList } from '~/components/commitments'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, FieldError, fieldAria } from '~/components/forms'
import { ProjectConflict, ProjectForm } from '~/components/project-form'
import { SampleBadge } from '~/components/sample-badge'
import { StageEvidencePanel } from '~/components/stage-evidence'
import { prisma } from '~/db.server'
import {
	actorOf,
	allowedProjectStages,
	evidenceReviewProblem,
	evidenceSubmitProblem,
	isManager,
	projectAccessProblem,
	projectAdvanceProblem,
} from '~/domain/auth/record-access'
import { type Conflict } from '~/domain/concurrency/conflict'
import { commitmentWarnings } from '~/domain/project/commitments'
import { countedFactsOf } from '~/domain/project/counted-facts'
import { advanceStageSchema, nextStage, parseProjectForm, PROJECT_PATH, type ProjectFormValues, projectFormValues } from '~/domain/project/project-schema'
import { DATE_FIELD, type ProjectStage } from '~/domain/project/stages'
import { CORRECTION_REASON_MAX, type IssuedReportRef } from '~/domain/report/closed-periods'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { closedReportsTouched, issuedRef } from '~/models/closed-period.server'
import { gapClosedOf } from '~/models/planned-capacity.server'
import { advanceProject, getProject, ProjectError, projectFormOptions, saveProjectForm } from '~/models/project.server'
import { loadCommitmentWindows } from '~/models/service-level.server'
import { listStageEvidence } from '~/models/stage-evidence.server'
import { requirePermission } from '~/utils/auth.server'
import { formatCNY, formatDate } from '~/utils/format'
import { type ActionResult, fieldErrors, refusal } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { todayInChina } from '~/utils/today'
import { analysisYear } from '~/utils/url-period'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const id = params.id ?? ''
	const [project, options, evidence] = await Promise.all([getProject(prisma, id, user.scope), projectFormOptions(prisma, user), listStageEvidence(prisma, id)])
	if (!project) throw new Response('Project not found', { status: 404 })
	const actor = actorOf(user)
	const next = nextStage(project.stage)
	// Issued reports that read the project as it stands: a manager's change to them needs a reason (ADR 0011).
	const closed = await closedReportsTouched(prisma, project.regionId, countedFactsOf({ ...project, linkIds: project.links.map((l) => l.id) }), null)
	// Its planned capacity's place in its chain's gap-closed ranking, this year (ADR 0040).
	const gapClosed = await gapClosedOf(prisma, { kind: 'project', id: project.id, plannedLinkId: project.plannedLinkId }, analysisYear(null), user.scope)
	return {
		project,
		gapClosed,
		options,
		stages: allowedProjectStages(actor),
		// What the page offers; the actions check the same rules again (ADR 0010).
		editProblem: projectAccessProblem(actor, project),
		advanceProblem: next ? projectAdvanceProblem(actor, project, next) : null,
		evidence,
		canSubmitEvidence: evidenceSubmitProblem(actor, project) === null,
		canReviewEvidence: evidenceReviewProblem(actor) === null,
		closed: { reports: closed.map(issuedRef), askReason: isManager(actor) },
		today: todayInChina(),
		// The region's 履约 warning window (the service levels' setting).
		commitmentWarnings: commitmentWarnings(project, todayInChina(), (await loadCommitmentWindows(prisma, actor.scope)).daysFor(project.regionId)),
	}
}

/**
 * The page's two forms (`intent`). A refused edit draws the form again from the posted values (a conflict's
 * `submitted` ones). A refused stage move has the date's problem under `errors.date` and any other field's
 * problem under its name: those are fixed in the edit form, which the message names with `toStage`.
 */
export type ProjectPageActionResult =
	| ActionResult<
			{ intent: 'update'; changed: boolean },
			{
				intent: 'update'
				values: ProjectFormValues
				closed: IssuedReportRef[]
				/** The form was opened before the project's last change (ADR 0015). */
				conflict: Conflict<ProjectFormValues> | null
			}
	  >
	| ActionResult<{ intent: 'advance'; stage: ProjectStage }, { intent: 'advance'; toStage: ProjectStage | null; closed: IssuedReportRef[] }>

const notFound = () => new Response('Project not found', { status: 404 })

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const id = params.id ?? ''
	const formData = await request.formData()
	const intent = formData.get('intent')
	if (intent === 'update') {
		const form = parseProjectForm(formData)
		if (!form.data) return data<ProjectPageActionResult>({ ...refusal(form.errors), intent, values: form.values, closed: [], conflict: null }, { status: 400 })
		const result = await saveProjectForm(prisma, actorOf(user), form.data, { projectId: id })
		if (result.ok) return data<ProjectPageActionResult>({ intent, ok: true, changed: result.changed })
		if (result.status === 404) throw notFound()
		const { ok, errors, formError, closed, conflict } = result
		return data<ProjectPageActionResult>(
			{ intent, ok, errors, formError, closed, conflict, values: conflict?.submitted ?? form.values },
			{ status: result.status },
		)
	}
	if (intent !== 'advance') throw new Response('Unknown form', { status: 400 })

	const parsed = advanceStageSchema.safeParse(Object.fromEntries(formData))
	if (!parsed.success) {
		const errors = fieldErrors(parsed.error)
		const refused = errors.toStage ? refusal({}, 'projects.errors.stageChanged') : refusal(errors.date ? { date: errors.date } : {})
		return data<ProjectPageActionResult>({ ...refused, intent, toStage: null, closed: [] }, { status: 400 })
	}
	const { toStage } = parsed.data
	try {
		const { stage } = await advanceProject(prisma, actorOf(user), id, parsed.data)
		return data<ProjectPageActionResult>({ intent, ok: true, stage })
	} catch (error) {
		if (!(error instanceof ProjectError)) throw error
		if (error.status === 404) throw notFound()
		// A problem with the new stage's own date belongs beside the date input; the rest is to fix in the edit form.
		const { [DATE_FIELD[toStage]]: dateError, ...others } = error.errors
		const errors = dateError ? { ...others, date: dateError } : others
		const formError = Object.keys(others).length > 0 || !dateError ? error.userMessage : null
		return data<ProjectPageActionResult>({ ...refusal(errors, formError), intent, toStage, closed: error.closed }, { status: error.status })
	}
}

const EDIT_FORM_ID = 'project-edit-form'

type HandleData = Awaited<ReturnType<typeof loader>>
export const handle = pageTitle<HandleData>(({ project }) => project.title)

export default function ProjectPage() {
	const {
		project,
		gapClosed,
		options,
		stages,
		editProblem,
		advanceProblem,
		evidence,
		canSubmitEvidence,
		canReviewEvidence,
		closed,
		today,
		commitmentWarnings: warnings,
	} = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const update = actionData?.intent === 'update' ? actionData : null
	const investmentPending = project.investmentCNY === 0
	const stored = projectFormValues({ ...project, linkIds: project.links.map((l) => l.id) })

	return (
		<>
			<p>
				<Link to="/projects">← {t('projects.backToList')}</Link>
			</p>
			<h1>
				{project.title} <span className="badge">{t(`projects.stages.${project.stage}`, { defaultValue: project.stage })}</span>{' '}
				<SampleBadge show={project.isSample} />
			</h1>
			{investmentPending ? (
				<p className="callout-warn" role="note" data-testid="investment-pending">
					<strong>{t('projects.investmentPending')}</strong> {t('projects.investmentPendingNote')}
				</p>
			) : null}

			<CommitmentWarningList warnings={warnings} />

			<dl className="figures project-facts">
				<dt>{t('projects.company')}</dt>
				<dd>
					<Link to={`/companies/${project.company.id}`}>{project.company.name}</Link> <SampleBadge show={project.company.isSample} />
				</dd>
				<dt>{t('projects.type')}</dt>
				<dd>{t(`projects.types.${project.type}`, { defaultValue: project.type })}</dd>
				<dt>{t('projects.investment')}</dt>
				<dd>{investmentPending ? <span className="badge badge-warn">{t('projects.investmentPending')}</span> : formatCNY(project.investmentCNY, locale)}</dd>
				{project.incrementCNY !== null ? (
					<>
						<dt>{t('projects.increment')}</dt>
						<dd>{formatCNY(project.incrementCNY, locale)}</dd>
					</>
				) : null}
				<dt>{t('projects.unit')}</dt>
				<dd>{project.responsibleUnit ? localized(project.responsibleUnit) : t('projects.noUnit')}</dd>
				<dt>{t('regions.region')}</dt>
				<dd>{localized(project.region) || t('app.none')}</dd>
				<dt>{t('projects.clusterLeading')}</dt>
				<dd>{project.isClusterLeading ? t('app.yes') : t('app.no')}</dd>
				<dt>{t('projects.links')}</dt>
				<dd>
					{project.links.length === 0
						? t('app.none')
						: project.links.map((link, i) => (
								<span key={link.id}>
									{i > 0 ? '、' : ''}
									<Link to={`/chains/${link.chain.slug}`} title={localized(link.chain)}>
										{localized(link)}
									</Link>
								</span>
							))}
				</dd>
				{project.notes ? (
					<>
						<dt>{t('projects.notes')}</dt>
						<dd className="pre-line">{project.notes}</dd>
					</>
				) : null}
				{project.source ? (
					<>
						<dt>{t('projects.source')}</dt>
						<dd className="source">{project.source}</dd>
					</>
				) : null}
				<PlannedCapacityFigures planned={project} gapClosed={gapClosed} />
			</dl>

			<section aria-labelledby="commitments-heading" data-testid="commitments-section">
				<h2 id="commitments-heading">{t('commitments.title')}</h2>
				<CommitmentFacts project={project} />
			</section>

			<section aria-labelledby="timeline-heading">
				<h2 id="timeline-heading">{t('projects.timeline.title')}</h2>
				<StageTimeline project={project} />
				{advanceProblem ? (
					<p className="muted" data-testid="advance-refused">
						{t(advanceProblem)}
					</p>
				) : (
					<AdvanceStage stage={project.stage} today={today} closed={closed} />
				)}
			</section>

			<section aria-labelledby="evidence-heading" data-testid="evidence-section">
				<h2 id="evidence-heading">{t('evidence.title')}</h2>
				<p className="muted">{t('evidence.intro')}</p>
				<StageEvidencePanel projectId={project.id} stages={evidence} canSubmit={canSubmitEvidence} canReview={canReviewEvidence} />
			</section>

			<section aria-labelledby="activities-heading">
				<h2 id="activities-heading">{t('projects.activities.title')}</h2>
				{project.activities.length === 0 ? (
					<p className="muted">{t('projects.activities.empty')}</p>
				) : (
					<table className="data-table stack-table">
						<thead>
							<tr>
								<th>{t('projects.activities.date')}</th>
								<th>{t('projects.activities.kind')}</th>
								<th>{t('projects.activities.people')}</th>
								<th>{t('projects.activities.notes')}</th>
								<th>{t('projects.activities.user')}</th>
							</tr>
						</thead>
						<tbody>
							{project.activities.map((activity) => (
								<tr key={activity.id}>
									<td className="nowrap">{formatDate(activity.date)}</td>
									<td data-label={t('projects.activities.kind')}>{t(`projects.activities.kinds.${activity.kind}`, { defaultValue: activity.kind })}</td>
									<td data-label={t('projects.activities.people')}>{activity.people}</td>
									<td data-label={t('projects.activities.notes')}>
										{activity.notes} <SampleBadge show={activity.isSample} />
									</td>
									<td data-label={t('projects.activities.user')}>{activity.user.name}</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</section>

			{editProblem === null ? (
				<section aria-labelledby="edit-heading">
					<h2 id="edit-heading">{t('projects.edit.title')}</h2>
					{update?.ok ? (
						<p className="form-success" role="status">
							{update.changed ? t('projects.edit.saved') : t('projects.edit.unchanged')}
						</p>
					) : null}
					{update && !update.ok && update.conflict ? (
						<ProjectConflict conflict={update.conflict} options={options} formId={EDIT_FORM_ID} discardTo={`/projects/${project.id}`} />
					) : null}
					<ProjectForm
						// A saved change (or a stage move) reloads the project: start the form again from the stored values;
						// a conflict starts it from the submitted values at the stored version.
						key={update && !update.ok && update.conflict ? `conflict-${update.conflict.current.version}` : String(project.updatedAt)}
						id={EDIT_FORM_ID}
						intent="update"
						defaults={update && !update.ok ? update.values : stored}
						options={options}
						serverErrors={update && !update.ok ? update.errors : {}}
						formError={update && !update.ok ? update.formError : null}
						stages={stages}
						// A refusal names the reports the change would alter, which may be more than those reading the project now.
						closed={update && !update.ok && update.closed.length > 0 ? { ...closed, reports: update.closed } : closed}
						submitLabel={t('projects.edit.save')}
					/>
				</section>
			) : null}
		</>
	)
}

type TimelineProject = { stage: string } & Record<(typeof DATE_FIELD)[ProjectStage], Date | string | null>

function StageTimeline({ project }: { project: TimelineProject }) {
	const { t } = useTranslation()
	const step = (stage: ProjectStage) => {
		const date = project[DATE_FIELD[stage]]
		const current = project.stage === stage
		return (
			<li
				key={stage}
				className={`stage-step stage-${stage}${date ? ' reached' : ''}${current ? ' current' : ''}`}
				aria-current={current ? 'step' : undefined}
				title={current ? t('projects.timeline.current') : undefined}
			>
				<span className="stage-name">{t(`projects.stages.${stage}`)}</span>
				<span className="stage-date">{date ? formatDate(date) : t('projects.timeline.notReached')}</span>
			</li>
		)
	}
	return (
		<ol className="stage-timeline" data-testid="stage-timeline">
			{PROJECT_PATH.map(step)}
			{project.stage === 'terminated' || project.terminatedDate ? step('terminated') : null}
		</ol>
	)
}

const ADVANCE_DATE_ID = 'advance-date'
const ADVANCE_REASON_ID = 'advance-closed-reason'
const ADVANCE_ERROR_ID = 'advance-error'

function AdvanceStage({ stage, today, closed }: { stage: string; today: string; closed: { reports: IssuedReportRef[]; askReason: boolean } }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const navigation = useNavigation()
	const actionData = useActionData<typeof action>()
	const result = actionData?.intent === 'advance' ? actionData : null
	const next = nextStage(stage)
	const pending = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'advance'
	const done = result?.ok ? (
		<p className="form-success" role="status">
			{t('projects.advance.done', { stage: t(`projects.stages.${result.stage}`) })}
		</p>
	) : null
	if (!next) {
		return (
			<>
				{done}
				<p className="muted">{stage === 'terminated' ? t('projects.advance.terminated') : t('projects.advance.final')}</p>
			</>
		)
	}
	const failed = result && !result.ok ? result : null
	const nextName = t(`projects.stages.${next}`)
	const closedReports = failed && failed.closed.length > 0 ? failed.closed : closed.reports
	const reports = closedReportList(closedReports, t, locale)
	const dateError = failed?.errors.date
	const reasonError = failed?.errors.closedReason
	// The fields to fix in the edit form first, named in the message with the stage it was about.
	const fields = Object.keys(failed?.errors ?? {}).filter((field) => field !== 'date')
	const formError = failed?.formError
		? {
				key: failed.formError.key,
				params: {
					...failed.formError.params,
					stage: failed.toStage ? t(`projects.stages.${failed.toStage}`) : '',
					fields: fields.map((f) => t(`projects.fields.${f}`)).join('、'),
					reports,
				},
			}
		: null
	const askReason = closed.askReason && closedReports.length > 0
	return (
		<>
			{done}
			<ErrorList messages={[formError]} id={ADVANCE_ERROR_ID} />
			{askReason ? (
				<p className="muted closed-period-hint" data-testid="advance-closed-notice">
					{t('closedPeriods.notice', { reports })}
				</p>
			) : null}
			{/* key: after a move the form starts again for the stage after. */}
			<Form method="post" className="form-row advance-form" key={next}>
				<input type="hidden" name="intent" value="advance" />
				<input type="hidden" name="toStage" value={next} />
				{askReason ? (
					<label>
						{t('projects.fields.closedReason')}{' '}
						<input
							type="text"
							name="closedReason"
							id={ADVANCE_REASON_ID}
							maxLength={CORRECTION_REASON_MAX}
							className="input-wide"
							{...fieldAria(ADVANCE_REASON_ID, reasonError, formError ? ADVANCE_ERROR_ID : null)}
						/>
					</label>
				) : null}
				<label>
					{t('projects.advance.date', { stage: nextName })}{' '}
					<input type="date" name="date" id={ADVANCE_DATE_ID} defaultValue={today} required {...fieldAria(ADVANCE_DATE_ID, dateError)} />
				</label>
				<button type="submit" className="button-primary" disabled={pending}>
					{t('projects.advance.submit', { stage: nextName })}
				</button>
				<FieldError id={ADVANCE_DATE_ID} message={dateError} />
			</Form>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
