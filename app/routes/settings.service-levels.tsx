import { zodResolver } from '@hookform/resolvers/zod'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useForm } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, fieldAria, FieldError, useCheckedSubmit } from '~/components/forms'
import { prisma } from '~/db.server'
import { actorOf } from '~/domain/auth/record-access'
import { roleHasPermission } from '~/domain/auth/roles'
import { CN_HOLIDAY_YEARS } from '~/domain/calendar/cn-calendar'
import { VersionConflict } from '~/domain/concurrency/conflict'
import {
	levelFieldErrors,
	MAX_COMMITMENT_WARN_DAYS,
	MAX_LEVEL_DAYS,
	nestFormEntries,
	type ServiceLevelsForm,
	serviceLevelsFormSchema,
} from '~/domain/lead/service-levels'
import { OPEN_LEAD_STAGES } from '~/domain/lead/stages'
import { useLocalizedName } from '~/i18n/use-localized'
import { inheritServiceLevels, listServiceLevelSettings, saveServiceLevels } from '~/models/service-level.server'
import { requirePermission } from '~/utils/auth.server'
import { type ActionResult, formText, refusal, refusalOf } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { clientAddressOf } from '~/utils/request-context.server'
import { UserError } from '~/utils/user-error'

/**
 * /settings/service-levels: 跟进时限 (ADR 0037). Everyone sees the levels that apply to the regions of
 * their scope and where they come from; managers and admins change a region's own levels.
 */
export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const regions = await listServiceLevelSettings(prisma, user.scope)
	const canEdit = roleHasPermission(user.role, 'manage:service-levels')
	const regionNames = new Map(regions.map((r) => [r.region.id, { name: r.region.name, nameEn: r.region.nameEn }]))
	return {
		canEdit,
		regions: regions.map((r) => ({
			id: r.region.id,
			name: r.region.name,
			nameEn: r.region.nameEn,
			depth: r.region.depth,
			levels: r.levels,
			origin: r.origin.kind,
			inheritedFrom: r.origin.kind === 'inherited' ? (regionNames.get(r.origin.regionId) ?? null) : null,
			version: r.version,
		})),
		calendar: CN_HOLIDAY_YEARS.map((y) => ({ year: y.year, title: y.source.title, number: y.source.number, url: y.source.url })),
	}
}

/** Which region's form the answer is for: the page has one form per region. */
type LevelsResult = ActionResult<{ regionId: string }, { regionId: string }>

export async function action({ request, context }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'manage:service-levels')
	const posted = await request.formData()
	const intent = posted.get('intent')
	const regionId = formText(posted, 'regionId') ?? ''
	const saved = () => data<LevelsResult>({ ok: true, regionId })
	const actor = { ...actorOf(user), address: clientAddressOf(context) ?? undefined }
	try {
		if (intent === 'inherit') {
			const version = Number(posted.get('version'))
			if (!Number.isInteger(version)) return data<LevelsResult>({ ...refusal({}, 'errors.badRequest'), regionId }, { status: 400 })
			await inheritServiceLevels(prisma, { regionId, version }, actor)
			return saved()
		}
		if (intent !== 'save') return data<LevelsResult>({ ...refusal({}, 'errors.badRequest'), regionId }, { status: 400 })
		const parsed = serviceLevelsFormSchema.safeParse(nestFormEntries(posted.entries()))
		if (!parsed.success) return data<LevelsResult>({ ...refusal(levelFieldErrors(parsed.error), 'serviceLevels.errors.fixFields'), regionId }, { status: 400 })
		await saveServiceLevels(prisma, parsed.data, actor)
		return saved()
	} catch (error) {
		if (error instanceof VersionConflict) return data<LevelsResult>({ ...refusal({}, 'serviceLevels.errors.stale'), regionId }, { status: 409 })
		if (error instanceof UserError) return data<LevelsResult>({ ...refusalOf(error), regionId }, { status: error.status })
		throw error
	}
}

export const handle = pageTitle('serviceLevels.title')

type RegionRow = ReturnType<typeof useLoaderData<typeof loader>>['regions'][number]

function LevelsForm({ region, result }: { region: RegionRow; result: LevelsResult | undefined }) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const mine = result?.regionId === region.id ? result : undefined
	const defaults: ServiceLevelsForm = { regionId: region.id, version: region.version, levels: region.levels }
	const form = useForm({ resolver: zodResolver(serviceLevelsFormSchema), defaultValues: defaults })
	const onSubmit = useCheckedSubmit(form)
	const busy = navigation.state !== 'idle' && navigation.formData?.get('regionId') === region.id
	const number = (name: `levels.${string}`, label: string, hideLabel = true, max = MAX_LEVEL_DAYS) => {
		const message = levelError(form.formState.errors, name) ?? (mine?.ok === false ? mine.errors[name] : null) ?? null
		const id = `${region.id}-${name}`
		return (
			<label className="level-field" htmlFor={id}>
				<span className={hideLabel ? 'visually-hidden' : 'level-label'}>{label}</span>
				<input
					type="number"
					inputMode="numeric"
					min={0}
					max={max}
					step={1}
					id={id}
					{...form.register(name as 'levels.firstContactDays')}
					{...fieldAria(id, message)}
				/>
				<FieldError id={id} message={message} />
			</label>
		)
	}
	return (
		<Form method="post" className="service-level-form" noValidate onSubmit={onSubmit} data-testid={`levels-form-${region.id}`}>
			<input type="hidden" name="intent" value="save" />
			<input type="hidden" {...form.register('regionId')} />
			<input type="hidden" {...form.register('version')} />
			<ErrorList messages={[mine?.ok === false ? mine.formError : null]} />
			{mine?.ok ? (
				<p className="form-success" role="status">
					{t('serviceLevels.saved')}
				</p>
			) : null}
			{number('levels.firstContactDays', t('serviceLevels.firstContactDays'), false)}
			<table className="data-table stack-table level-table">
				<thead>
					<tr>
						<th scope="col">{t('leads.stage')}</th>
						<th scope="col">{t('serviceLevels.followUpDays')}</th>
						<th scope="col">{t('serviceLevels.stallDays')}</th>
					</tr>
				</thead>
				<tbody>
					{OPEN_LEAD_STAGES.map((stage) => (
						<tr key={stage}>
							<th scope="row">{t(`leads.stages.${stage}`)}</th>
							<td data-label={t('serviceLevels.followUpDays')}>
								{number(`levels.stages.${stage}.followUpDays`, t('serviceLevels.followUpDaysOf', { stage: t(`leads.stages.${stage}`) }))}
							</td>
							<td data-label={t('serviceLevels.stallDays')}>
								{number(`levels.stages.${stage}.stallDays`, t('serviceLevels.stallDaysOf', { stage: t(`leads.stages.${stage}`) }))}
							</td>
						</tr>
					))}
				</tbody>
			</table>
			{number('levels.commitmentWarnDays', t('serviceLevels.commitmentWarnDays'), false, MAX_COMMITMENT_WARN_DAYS)}
			<button type="submit" className="button-primary" disabled={busy}>
				{t('serviceLevels.save')}
			</button>
		</Form>
	)
}

/** The client-side message of a nested field (react-hook-form keeps errors nested like the values). */
function levelError(errors: unknown, name: string): string | null {
	let at: unknown = errors
	for (const key of name.split('.')) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined
	const message = at && typeof at === 'object' ? (at as { message?: unknown }).message : undefined
	return typeof message === 'string' ? message : null
}

export default function ServiceLevelsPage() {
	const { regions, canEdit, calendar } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const { t } = useTranslation()
	const localized = useLocalizedName()
	return (
		<>
			<p className="no-print">
				<Link to="/leads/follow-up">← {t('followUp.title')}</Link>
			</p>
			<h1>{t('serviceLevels.title')}</h1>
			<p className="intro">{t('serviceLevels.intro')}</p>
			{canEdit ? null : <p className="muted">{t('serviceLevels.readOnly')}</p>}
			{regions.length === 0 ? <p>{t('serviceLevels.noRegions')}</p> : null}
			{regions.map((region) => (
				<section key={region.id} className="service-level-region" aria-labelledby={`levels-${region.id}`}>
					<h2 id={`levels-${region.id}`}>{localized(region)}</h2>
					<p className="muted" data-testid={`levels-origin-${region.id}`}>
						{region.origin === 'own'
							? t('serviceLevels.origin.own')
							: region.origin === 'inherited' && region.inheritedFrom
								? t('serviceLevels.origin.inherited', { region: localized(region.inheritedFrom) })
								: t('serviceLevels.origin.default')}
					</p>
					{canEdit ? (
						<>
							<LevelsForm key={`${region.id}:${region.version}:${JSON.stringify(region.levels)}`} region={region} result={result} />
							{region.origin === 'own' ? (
								<Form method="post" className="inline-form">
									<input type="hidden" name="intent" value="inherit" />
									<input type="hidden" name="regionId" value={region.id} />
									<input type="hidden" name="version" value={region.version} />
									<button type="submit" className="button-link">
										{t('serviceLevels.inherit')}
									</button>
								</Form>
							) : null}
						</>
					) : (
						<dl className="level-summary">
							<dt>{t('serviceLevels.firstContactDays')}</dt>
							<dd>{t('serviceLevels.workingDays', { count: region.levels.firstContactDays })}</dd>
							{OPEN_LEAD_STAGES.map((stage) => (
								<div key={stage}>
									<dt>{t(`leads.stages.${stage}`)}</dt>
									<dd>
										{t('serviceLevels.stageSummary', {
											followUp: t('serviceLevels.workingDays', { count: region.levels.stages[stage].followUpDays }),
											stall: t('serviceLevels.workingDays', { count: region.levels.stages[stage].stallDays }),
										})}
									</dd>
								</div>
							))}
							<dt>{t('serviceLevels.commitmentWarnDays')}</dt>
							<dd>{t('serviceLevels.calendarDays', { count: region.levels.commitmentWarnDays })}</dd>
						</dl>
					)}
				</section>
			))}
			<section aria-labelledby="levels-calendar">
				<h2 id="levels-calendar">{t('serviceLevels.calendarTitle')}</h2>
				<p className="muted">{t('serviceLevels.calendarIntro')}</p>
				<ul>
					{calendar.map((y) => (
						<li key={y.year}>
							{y.year}: <a href={y.url}>{y.title}</a>（{y.number}）
						</li>
					))}
				</ul>
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
