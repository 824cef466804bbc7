import { zodResolver } from '@hookform/resolvers/zod'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useForm } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { PlannedCapacityFigures } from '~/components/capacity/planned-figures'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, FieldError, fieldAria, useCheckedSubmit, useFormFields } from '~/components/forms'
import { LeadConflict, LeadFields } from '~/components/lead/lead-form'
import { LeadMarkers } from '~/components/lead/lead-markers'
import { LeadMoveForm } from '~/components/lead/lead-move-form'
import { FieldLabel } from '~/components/required-mark'
import { SampleBadge } from '~/components/sample-badge'
import { prisma } from '~/db.server'
import { actorOf, leadAccessProblem } from '~/domain/auth/record-access'
import { type Conflict, VersionConflict } from '~/domain/concurrency/conflict'
import {
	ACTIVITY_KINDS,
	type ActivityData,
	type ActivityInput,
	activitySchema,
	convertSchema,
	defaultProjectTitle,
	type LeadEditData,
	type LeadEditInput,
	leadEditFormValues,
	leadEditSchema,
	type LeadEditValues,
	leadRefusal,
	NOTES_MAX,
} from '~/domain/lead/schemas'
import { canConvertLead, isOpenStage, negotiationStartDay } from '~/domain/lead/stages'
import { useLocalizedName } from '~/i18n/use-localized'
import { convertLeadToProject, getLead, leadEditConflict, leadFormOptions, logLeadActivity, updateLead } from '~/models/lead.server'
import { gapClosedOf } from '~/models/planned-capacity.server'
import { requirePermission } from '~/utils/auth.server'
import { formatDate } from '~/utils/format'
import { type ActionResult, type FieldErrors, fieldErrors, refusal } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { analysisYear } from '~/utils/url-period'
import { UserError } from '~/utils/user-error'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const now = new Date()
	const [lead, options] = await Promise.all([getLead(prisma, params.id ?? '', user.scope, { now }), leadFormOptions(prisma, user)])
	if (!lead) throw new Response('Lead not found', { status: 404 })
	// Its planned capacity's place in its chain's gap-closed ranking, this year (ADR 0040).
	const gapClosed = await gapClosedOf(prisma, { kind: 'lead', id: lead.id, plannedLinkId: lead.plannedLinkId }, analysisYear(null, now), user.scope)
	// What the page offers; the action checks the same rule again (ADR 0010).
	const changeProblem = leadAccessProblem(actorOf(user), { ownerId: lead.owner.id, unitId: lead.unit?.id ?? null })
	return {
		lead,
		gapClosed,
		options,
		changeProblem,
		today: formatDate(now),
		negotiatingSince: formatDate(negotiationStartDay(lead.stageChanges, now)),
	}
}

const INTENTS = ['update', 'logActivity', 'convert'] as const
type Intent = (typeof INTENTS)[number]

/** The page has three forms: `intent` says which one the answer is for. */
type LeadPageResult = ActionResult<
	{ intent: 'update' } | { intent: 'logActivity'; movedTo: string | null },
	{
		intent: Intent
		/** The edit form was opened before the lead's last change (ADR 0015). */
		conflict: Conflict<LeadEditValues> | null
	}
>

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const leadId = params.id ?? ''
	const values = Object.fromEntries(await request.formData())
	const intent = INTENTS.find((i) => i === values.intent)
	if (!intent) throw new Response('Unknown form', { status: 400 })
	const invalid = (errors: FieldErrors) => data<LeadPageResult>({ ...refusal(errors, 'leads.errors.fixFields'), intent, conflict: null }, { status: 400 })
	try {
		if (intent === 'update') {
			const parsed = leadEditSchema.safeParse(values)
			if (!parsed.success) return invalid(fieldErrors(parsed.error))
			try {
				await updateLead(prisma, leadId, parsed.data, actorOf(user))
			} catch (error) {
				if (!(error instanceof VersionConflict)) throw error
				const conflict = await leadEditConflict(prisma, leadId, parsed.data, actorOf(user))
				return data<LeadPageResult>({ ...refusal({}), intent, conflict }, { status: 409 })
			}
			return data<LeadPageResult>({ ok: true, intent })
		}
		if (intent === 'logActivity') {
			const parsed = activitySchema.safeParse(values)
			if (!parsed.success) return invalid(fieldErrors(parsed.error))
			const { movedTo } = await logLeadActivity(prisma, { leadId, activity: parsed.data, actor: actorOf(user) })
			return data<LeadPageResult>({ ok: true, intent, movedTo })
		}
		const parsed = convertSchema.safeParse(values)
		if (!parsed.success) return invalid(fieldErrors(parsed.error))
		const projectId = await convertLeadToProject(prisma, {
			leadId,
			title: parsed.data.title,
			negotiatingDate: parsed.data.negotiatingDate,
			actor: actorOf(user),
		})
		return redirect(`/projects/${projectId}`)
	} catch (error) {
		if (!(error instanceof UserError)) throw error
		if (error.status === 404) throw new Response('Lead not found', { status: 404 })
		return data<LeadPageResult>({ ...leadRefusal(error), intent, conflict: null }, { status: error.status })
	}
}

/** The last submission's result when it came from the form of `intent`. */
function useResultOf(intent: Intent) {
	const result = useActionData<typeof action>()
	return result?.intent === intent ? result : null
}

/** The message about the whole form of `intent` from its last submission. */
function FormError({ intent }: { intent: Intent }) {
	const result = useResultOf(intent)
	return <ErrorList messages={[result && !result.ok ? result.formError : null]} />
}

/** A field's error from the last submission of the form of `intent`. */
function useServerError(intent: Intent, field: string) {
	const result = useResultOf(intent)
	return result && !result.ok ? result.errors[field] : undefined
}

const CONVERT_DATE_ID = 'convert-negotiating-date'

type HandleData = Awaited<ReturnType<typeof loader>>
export const handle = pageTitle<HandleData>(({ lead }) => lead.company.name)

export default function LeadPage() {
	const { lead, gapClosed, options, changeProblem, today, negotiatingSince } = useLoaderData<typeof loader>()
	const canChange = changeProblem === null
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const stageLabel = (stage: string | null) => (stage ? t(`leads.stages.${stage}`, { defaultValue: stage }) : t('leads.detail.created'))
	const convertDateError = useServerError('convert', 'negotiatingDate')

	return (
		<>
			<p>
				<Link to="/leads">← {t('leads.detail.back')}</Link>
			</p>
			<h1>
				{lead.company.name} <SampleBadge show={lead.isSample || lead.company.isSample} />
			</h1>
			<p>
				<span className="badge">{stageLabel(lead.stage)}</span> <LeadMarkers overdue={lead.overdue} stalled={lead.stalled} />
			</p>

			<div className="lead-page">
				<section aria-labelledby="lead-info">
					<h2 id="lead-info">{t('leads.detail.info')}</h2>
					<dl className="figures">
						<dt>{t('leads.owner')}</dt>
						<dd>{lead.owner.name}</dd>
						<dt>{t('leads.unit')}</dt>
						<dd>{localized(lead.unit) || t('app.none')}</dd>
						<dt>{t('regions.region')}</dt>
						<dd>{localized(lead.region) || t('app.none')}</dd>
						<dt>{t('leads.priority')}</dt>
						<dd>{t(`leads.priorities.${lead.priority}`, { defaultValue: lead.priority })}</dd>
						<dt>{t('leads.source')}</dt>
						<dd>{t(`leads.sources.${lead.source}`, { defaultValue: lead.source })}</dd>
						<dt>{t('leads.nextAction')}</dt>
						<dd>{formatDate(lead.nextActionDate) || t('app.none')}</dd>
						<dt>{t('leads.lastActivity')}</dt>
						<dd>{formatDate(lead.lastActivityDate) || t('leads.noActivityYet')}</dd>
						<dt>{t('leads.detail.createdAt')}</dt>
						<dd>{formatDate(lead.createdAt)}</dd>
						<dt>{t('leads.detail.notes')}</dt>
						<dd className="pre-line">{lead.notes ?? t('app.none')}</dd>
						<PlannedCapacityFigures planned={lead} gapClosed={gapClosed} />
					</dl>
					{canChange ? (
						<>
							<h3>{t('leads.detail.moveStage')}</h3>
							{isOpenStage(lead.stage) ? <LeadMoveForm lead={lead} /> : <p className="muted">{t('leads.detail.closed', { stage: stageLabel(lead.stage) })}</p>}
						</>
					) : (
						<p className="callout-info" role="note" data-testid="read-only-lead">
							{t(changeProblem)}
						</p>
					)}
				</section>

				{canChange ? (
					<section aria-labelledby="log-activity">
						<h2 id="log-activity">{t('leads.detail.logActivity')}</h2>
						<ActivityForm key={lead.activities.length} today={today} />
					</section>
				) : null}
			</div>

			<section aria-labelledby="activities">
				<h2 id="activities">{t('leads.detail.activities')}</h2>
				{lead.activities.length === 0 ? (
					<p className="muted">{t('leads.detail.noActivities')}</p>
				) : (
					<ol className="timeline" data-testid="activities">
						{lead.activities.map((a) => (
							<li key={a.id}>
								<span className="mono">{formatDate(a.date)}</span> <strong>{t(`leads.activityKinds.${a.kind}`, { defaultValue: a.kind })}</strong> ·{' '}
								{a.user.name}
								{a.people ? ` · ${a.people}` : null} <SampleBadge show={a.isSample} />
								{a.notes ? <div className="pre-line">{a.notes}</div> : null}
							</li>
						))}
					</ol>
				)}
			</section>

			<section aria-labelledby="history">
				<h2 id="history">{t('leads.detail.history')}</h2>
				{lead.stageChanges.length === 0 ? (
					<p className="muted">{t('leads.detail.noHistory')}</p>
				) : (
					<table className="data-table compact" data-testid="stage-history">
						<thead>
							<tr>
								<th>{t('leads.detail.at')}</th>
								<th>{t('leads.detail.from')}</th>
								<th>{t('leads.detail.to')}</th>
								<th>{t('leads.detail.user')}</th>
							</tr>
						</thead>
						<tbody>
							{lead.stageChanges.map((c) => (
								<tr key={c.id}>
									<td className="mono">{formatDate(c.at)}</td>
									<td>{stageLabel(c.fromStage)}</td>
									<td>{stageLabel(c.toStage)}</td>
									<td>{c.user?.name ?? ''}</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</section>

			{canChange ? (
				<section aria-labelledby="edit">
					<h2 id="edit">{t('leads.detail.edit')}</h2>
					<EditForm
						// A saved change reloads the lead: start the form again from the stored values (a stage move keeps what is typed).
						key={JSON.stringify([
							lead.owner.id,
							lead.unit?.id,
							lead.priority,
							lead.source,
							lead.nextActionDate,
							lead.notes,
							lead.plannedLinkId,
							lead.plannedOutput,
							lead.plannedFromYear,
						])}
						stored={leadEditFormValues({ ...lead, ownerId: lead.owner.id, unitId: lead.unit?.id ?? null })}
						leadId={lead.id}
						options={options}
					/>
				</section>
			) : null}

			{canChange && canConvertLead(lead.stage) ? (
				<section aria-labelledby="convert">
					<h2 id="convert">{t('leads.detail.convert')}</h2>
					<p className="muted">{t('leads.detail.convertHint')}</p>
					<FormError intent="convert" />
					<Form
						method="post"
						className="form-row"
						onSubmit={(event) => {
							if (!window.confirm(t('leads.detail.convertConfirm'))) event.preventDefault()
						}}
					>
						<input type="hidden" name="intent" value="convert" />
						<label>
							{t('leads.detail.projectTitle')} <input name="title" defaultValue={defaultProjectTitle(lead.company.name)} maxLength={200} size={40} />
						</label>
						<label>
							<FieldLabel required>{t('leads.detail.negotiatingDate')}</FieldLabel>{' '}
							<input
								type="date"
								name="negotiatingDate"
								id={CONVERT_DATE_ID}
								defaultValue={negotiatingSince}
								max={today}
								required
								data-testid="convert-negotiating-date"
								{...fieldAria(CONVERT_DATE_ID, convertDateError)}
							/>
							<FieldError id={CONVERT_DATE_ID} message={convertDateError} />
						</label>
						<button type="submit" className="button-primary">
							{t('leads.detail.convert')}
						</button>
					</Form>
				</section>
			) : null}
		</>
	)
}

/** Two clicks: pick the kind (dated today), save; people, date and notes are optional. */
function ActivityForm({ today }: { today: string }) {
	const { t } = useTranslation()
	const result = useResultOf('logActivity')
	const form = useForm<ActivityInput, unknown, ActivityData>({
		resolver: zodResolver(activitySchema),
		defaultValues: { date: today, people: '', notes: '' },
	})
	const fields = useFormFields(form, result && !result.ok ? result.errors : {})
	const onSubmit = useCheckedSubmit(form)
	return (
		<Form method="post" className="stack" noValidate onSubmit={onSubmit} data-testid="log-activity">
			<input type="hidden" name="intent" value="logActivity" />
			{result?.ok && result.intent === 'logActivity' ? (
				<p className="form-success" role="status">
					{result.movedTo ? t('leads.detail.loggedAndMoved', { stage: t(`leads.stages.${result.movedTo}`) }) : t('leads.detail.logged')}
				</p>
			) : null}
			<FormError intent="logActivity" />
			<fieldset className="kind-picker">
				<legend>{t('leads.detail.kind')}</legend>
				{ACTIVITY_KINDS.map((kind) => (
					<label key={kind} className="kind-chip">
						<input type="radio" value={kind} {...fields.register('kind')} /> {t(`leads.activityKinds.${kind}`)}
					</label>
				))}
				{fields.errorFor('kind')}
			</fieldset>
			<p className="muted">{t('leads.detail.visitHint')}</p>
			<div className="form-row">
				<label>
					{t('leads.detail.date')} <input type="date" defaultValue={today} {...fields.register('date')} />
					{fields.errorFor('date')}
				</label>
				<label>
					{t('leads.detail.people')} <input {...fields.register('people')} maxLength={200} />
					{fields.errorFor('people')}
				</label>
			</div>
			<label>
				{t('leads.detail.notes')}
				<textarea rows={2} maxLength={NOTES_MAX} {...fields.register('notes')} />
				{fields.errorFor('notes')}
			</label>
			<div>
				<button type="submit" className="button-primary">
					{t('app.save')}
				</button>
			</div>
		</Form>
	)
}

const EDIT_FORM_ID = 'lead-edit-form'

function EditForm({
	stored,
	leadId,
	options,
}: {
	stored: LeadEditValues
	leadId: string
	options: { owners: { id: string; name: string }[]; units: { id: string; name: string; nameEn: string }[]; assignmentLocked: boolean }
}) {
	const result = useResultOf('update')
	const conflict = result && !result.ok ? result.conflict : null
	return (
		<>
			{conflict ? <LeadConflict conflict={conflict} options={options} formId={EDIT_FORM_ID} discardTo={`/leads/${leadId}`} /> : null}
			{/* A conflict starts the form again from the submitted values at the stored version. */}
			<EditFields key={conflict ? `conflict-${conflict.current.version}` : 'stored'} defaults={conflict?.submitted ?? stored} options={options} />
		</>
	)
}

function EditFields({ defaults, options }: { defaults: LeadEditValues; options: Parameters<typeof EditForm>[0]['options'] }) {
	const { t } = useTranslation()
	const result = useResultOf('update')
	const form = useForm<LeadEditInput, unknown, LeadEditData>({
		resolver: zodResolver(leadEditSchema),
		defaultValues: defaults as LeadEditInput,
	})
	const fields = useFormFields(form, result && !result.ok ? result.errors : {})
	const onSubmit = useCheckedSubmit(form)
	return (
		<Form method="post" id={EDIT_FORM_ID} className="stack narrow lead-form" noValidate onSubmit={onSubmit}>
			<input type="hidden" name="intent" value="update" />
			{/* The version the form was opened at (ADR 0015); a stage move updates it without touching what is typed. */}
			<input type="hidden" name="version" value={defaults.version} />
			{result?.ok ? (
				<p className="form-success" role="status">
					{t('leads.detail.saved')}
				</p>
			) : null}
			<FormError intent="update" />
			<LeadFields register={fields.register} errorFor={fields.errorFor} defaults={defaults} options={options} assignmentLocked={options.assignmentLocked} />
			<div>
				<button type="submit" className="button-primary">
					{t('leads.form.save')}
				</button>
			</div>
		</Form>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
