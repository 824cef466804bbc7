import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ChainMap } from '~/components/chain/chain-map'
import { formatFactor } from '~/components/chain/factor-source'
import { useGapText } from '~/components/chain/use-gap-names'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, FieldError, fieldAria } from '~/components/forms'
import { ScenarioHeaderFields } from '~/components/scenario/scenario-header-fields'
import { prisma } from '~/db.server'
import { actorOf } from '~/domain/auth/record-access'
import { formatPercent, formatQuantity } from '~/domain/chain/describe-flag'
import { VersionConflict } from '~/domain/concurrency/conflict'
import { scenarioAccessProblem } from '~/domain/scenario/access'
import { quotaStatusKey } from '~/domain/scenario/comparison'
import { describeChange, describeProblem, plannedLookup, producerName, type ScenarioNames } from '~/domain/scenario/describe'
import { factorRange, NEW_CAPACITY_ID } from '~/domain/scenario/scenario'
import { addChangeFromForm, scenarioHeaderRefusal, scenarioHeaderSchema } from '~/domain/scenario/scenario-schema'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { deleteScenario, editScenario, getScenario, loadChain, runSavedScenario, scenarioFormOptions } from '~/models/scenario.server'
import { requirePermission } from '~/utils/auth.server'
import { type FieldErrors, formText, type Refusal, refusal, refusalOf } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { clientAddressOf } from '~/utils/request-context.server'
import { todayInChina } from '~/utils/today'
import { type UserMessage, UserError } from '~/utils/user-error'

/**
 * /chains/:slug/scenarios/:id: one 情景推演 (ADR 0035) — its changes (edited by its author or a
 * manager), the chain before and after them link by link and on the map, the links turning red or
 * green and losing input, the quotas summing chain output it would hit; XLSX at ./xlsx.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const chain = await loadChain(prisma, params.slug ?? '')
	if (!chain) throw new Response('Chain not found', { status: 404 })
	const actor = actorOf(user)
	const scenario = await getScenario(prisma, chain.id, params.id ?? '', actor)
	if (!scenario) throw new Response('Scenario not found', { status: 404 })
	const run = await runSavedScenario(prisma, chain, scenario, actor, todayInChina())
	const canEdit = scenarioAccessProblem(actor, scenario) === null
	const options = canEdit ? await scenarioFormOptions(prisma, chain, scenario.year, actor) : null
	const linkOrder = new Map(chain.links.map((l) => [l.id, l.sortOrder]))
	const companyNames = { ...run.companyNames, ...Object.fromEntries((options?.companies ?? []).map((c) => [c.companyId, c.name])) }
	return {
		chain: {
			slug: chain.slug,
			name: chain.name,
			nameEn: chain.nameEn,
			links: chain.links,
			edges: [...chain.edges].sort(
				(a, b) =>
					(linkOrder.get(a.fromLinkId) ?? 0) * 1000 +
					(linkOrder.get(a.toLinkId) ?? 0) -
					((linkOrder.get(b.fromLinkId) ?? 0) * 1000 + (linkOrder.get(b.toLinkId) ?? 0)),
			),
		},
		scenario,
		result: run.result,
		quotas: run.quotas,
		hasSampleData: run.hasSampleData,
		companyNames,
		planned: { ...Object.fromEntries((options?.planned ?? []).map((r) => [`${r.record}:${r.id}`, r])), ...run.planned },
		options,
		canEdit,
	}
}

/**
 * A refused form of the page; `intent` says which: header, remove, delete, or add-<kind> for the add form of
 * that kind. The messages about a form may name the scenario's author (`author`, filled in by the page).
 */
type ScenarioResult = Refusal & { intent: string }
const refused = (intent: string, answer: Refusal, status = 400) => data<ScenarioResult>({ ...answer, intent }, { status })

export async function action({ request, params, context }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const chain = await loadChain(prisma, params.slug ?? '')
	if (!chain) throw new Response('Chain not found', { status: 404 })
	const form = await request.formData()
	const posted = formText(form, 'intent') ?? ''
	// Each kind of change has its own add form.
	const intent = posted === 'add' ? `add-${formText(form, 'kind') ?? ''}` : posted
	const version = Number(form.get('version'))
	if (!Number.isInteger(version)) return refused(intent, refusal({}, 'errors.badRequest'))
	const actor = actorOf(user)
	const address = clientAddressOf(context)
	const base = { chain, id: params.id ?? '', version, actor, address }
	try {
		switch (posted) {
			case 'header': {
				const parsed = scenarioHeaderSchema.safeParse({ name: form.get('name'), note: form.get('note') ?? '', year: form.get('year') })
				if (!parsed.success) return refused(intent, scenarioHeaderRefusal(parsed.error))
				await editScenario(prisma, { ...base, edit: { header: parsed.data } })
				break
			}
			case 'add': {
				const parsed = addChangeFromForm(form)
				if (!parsed.success) {
					const message = parsed.error.issues[0]?.message
					return refused(intent, refusal({}, message?.startsWith('scenarios.') ? message : 'scenarios.errors.invalidChange'))
				}
				await editScenario(prisma, { ...base, edit: { add: parsed.data } })
				break
			}
			case 'remove': {
				const index = Number(form.get('index'))
				if (!Number.isInteger(index)) return refused(intent, refusal({}, 'errors.badRequest'))
				await editScenario(prisma, { ...base, edit: { remove: index } })
				break
			}
			case 'delete':
				await deleteScenario(prisma, { chainId: chain.id, id: base.id, version, actor, address })
				return redirect(`/chains/${chain.slug}/scenarios`)
			default:
				throw new Response('Unknown form', { status: 400 })
		}
	} catch (error) {
		if (error instanceof VersionConflict) return refused(intent, refusal({}, 'scenarios.errors.stale'), 409)
		if (error instanceof UserError) {
			if (error.status === 404) throw new Response('Scenario not found', { status: 404 })
			// Another person's scenario: said so on the page (the role itself may write, ADR 0035), still a 403.
			if (error.status === 403) return refused(intent, refusal({}, 'scenarios.errors.notYours'), 403)
			return refused(intent, refusalOf(error), error.status)
		}
		throw error
	}
	return redirect(`/chains/${chain.slug}/scenarios/${base.id}`)
}

export const handle = pageTitle<Awaited<ReturnType<typeof loader>>>(({ scenario, chain }, { t, localized }) =>
	t('scenarios.pageTitle', { name: scenario.name, chain: localized(chain) }),
)

type Data = Awaited<ReturnType<typeof loader>>

function useScenarioNames(data: Pick<Data, 'chain' | 'companyNames' | 'planned'>): ScenarioNames {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const linkById = new Map(data.chain.links.map((l) => [l.id, l]))
	const edgeById = new Map(data.chain.edges.map((e) => [e.id, e]))
	return {
		link: (id) => localized(linkById.get(id)) || id,
		unit: (id) => linkById.get(id)?.unit ?? '',
		company: (id) => producerName(id, t, data.companyNames, data.planned),
		planned: plannedLookup(data.planned),
		edge: (id) => {
			const e = edgeById.get(id)
			return e ? { from: localized(linkById.get(e.fromLinkId)), to: localized(linkById.get(e.toLinkId)), unit: e.factorUnit, factor: e.factor } : null
		},
	}
}

export default function ScenarioPage() {
	const loaded = useLoaderData<typeof loader>()
	const { chain, scenario, result, quotas, canEdit } = loaded
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const names = useScenarioNames(loaded)
	const companyNames = { ...loaded.companyNames, [NEW_CAPACITY_ID]: t('scenarios.newCapacity') }
	const { flagsOf } = useGapText({ chain, companyNames })
	const [mapSide, setMapSide] = useState<'before' | 'after'>('after')
	const linkById = new Map(chain.links.map((l) => [l.id, l]))
	const separator = locale === 'en' ? ', ' : '、'
	const listOf = (ids: readonly string[]) => ids.map(names.link).join(separator)
	/** The message about the form of `intent` from its last submission. */
	const messageOf = (formError: UserMessage | null | undefined) =>
		formError ? { key: formError.key, params: { author: scenario.authorName, ...formError.params } } : null
	const errorFor = (intent: string) => (actionData?.intent === intent ? <ErrorList messages={[messageOf(actionData.formError)]} /> : null)
	const fieldErrorsOf = (intent: string) => (actionData?.intent === intent ? actionData.errors : {})
	const headerErrors = fieldErrorsOf('header')
	const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' })
	const qty = (v: number | null, linkId: string) => (v === null ? '—' : formatQuantity(v, names.unit(linkId), locale))
	const pct = (v: number | null) => (v === null ? '—' : formatPercent(v, locale))
	const mapData = { chain, analysis: mapSide === 'before' ? result.before : result.after, companyNames, year: scenario.year }
	const hits = quotas.filter((q) => q.hit)
	// The table lists the links the scenario changes, all of them on request (a phone scrolls through every card otherwise).
	const [searchParams] = useSearchParams()
	const changedCount = result.links.filter((l) => l.changed).length
	const showAll = searchParams.get('links') === 'all' || changedCount === 0
	const tableLinks = showAll ? result.links : result.links.filter((l) => l.changed)

	return (
		<>
			<p className="no-print">
				<Link to={`/chains/${chain.slug}/scenarios`}>← {t('scenarios.listTitle', { chain: localized(chain) })}</Link>
			</p>
			<h1>{scenario.name}</h1>
			<p className="muted">
				{t('scenarios.meta', { author: scenario.authorName, year: scenario.year, updated: dateTime.format(new Date(scenario.updatedAt)) })}
			</p>
			{scenario.note ? <p className="intro">{scenario.note}</p> : null}
			{loaded.hasSampleData ? <p className="badge badge-sample sample-note">{t('gaps.sampleNote')}</p> : null}
			<div className="toolbar no-print">
				<a href={`/chains/${chain.slug}/scenarios/${scenario.id}/xlsx`} download data-testid="scenario-xlsx">
					{t('scenarios.exportXlsx')}
				</a>
				<Link to={`/chains/${chain.slug}?year=${scenario.year}`}>{t('scenarios.openChain')}</Link>
			</div>

			<section aria-labelledby="scenario-summary" className="scenario-summary" data-testid="scenario-summary">
				<h2 id="scenario-summary">{t('scenarios.summaryTitle')}</h2>
				{scenario.changes.length === 0 ? <p>{t('scenarios.noChanges')}</p> : null}
				<ul>
					<li data-testid="turned-red">
						<strong>{t('scenarios.turnedRedTitle')}</strong> {result.turnedRed.length > 0 ? listOf(result.turnedRed) : t('app.none')}
					</li>
					<li data-testid="lost-input">
						<strong>{t('scenarios.lostInputTitle')}</strong> {result.lostInput.length > 0 ? listOf(result.lostInput) : t('app.none')}
					</li>
					<li data-testid="turned-green">
						<strong>{t('scenarios.turnedGreenTitle')}</strong> {result.turnedGreen.length > 0 ? listOf(result.turnedGreen) : t('app.none')}
					</li>
					<li data-testid="quota-hits">
						<strong>{t('scenarios.quotaHitsTitle')}</strong> {hits.length > 0 ? hits.map((q) => q.metric).join(separator) : t('app.none')}
					</li>
				</ul>
			</section>

			<section aria-labelledby="scenario-changes">
				<h2 id="scenario-changes">{t('scenarios.changesTitle')}</h2>
				<ErrorList messages={[scenario.changesBroken ? 'scenarios.errors.broken' : null]} />
				{errorFor('remove')}
				<ol className="scenario-changes" data-testid="scenario-changes">
					{result.changes.map((c) => (
						<li key={c.index}>
							<span>{describeChange(c.change, t, names, locale)}</span>
							{c.problem ? <span className="badge flag-amber">{describeProblem(c.problem, t)}</span> : null}
							{canEdit ? (
								<Form method="post" className="inline-form">
									<input type="hidden" name="intent" value="remove" />
									<input type="hidden" name="index" value={c.index} />
									<input type="hidden" name="version" value={scenario.version} />{' '}
									<button type="submit" className="button-link" aria-label={t('scenarios.removeChangeLabel', { n: c.index + 1 })}>
										{t('scenarios.removeChange')}
									</button>
								</Form>
							) : null}
						</li>
					))}
				</ol>
				{canEdit && loaded.options ? <AddChangeForms data={loaded} errorFor={errorFor} factorErrors={fieldErrorsOf('add-factor')} /> : null}
				{!canEdit ? (
					actionData?.formError?.key === 'scenarios.errors.notYours' ? (
						<ErrorList messages={[messageOf(actionData.formError)]} />
					) : (
						<p className="muted">{t('scenarios.readOnly')}</p>
					)
				) : null}
			</section>

			<section aria-labelledby="scenario-map">
				<h2 id="scenario-map">{t('scenarios.mapTitle')}</h2>
				<div className="view-switch no-print" role="group" aria-label={t('scenarios.mapTitle')}>
					<button type="button" aria-pressed={mapSide === 'before'} onClick={() => setMapSide('before')} data-testid="map-before">
						{t('scenarios.before')}
					</button>
					<button type="button" aria-pressed={mapSide === 'after'} onClick={() => setMapSide('after')} data-testid="map-after">
						{t('scenarios.after')}
					</button>
				</div>
				<p className="muted">{mapSide === 'before' ? t('scenarios.mapBeforeNote') : t('scenarios.mapAfterNote')}</p>
				<ChainMap
					data={mapData}
					selectedId={null}
					onSelect={(linkId) => document.getElementById(`scenario-row-${linkById.get(linkId)?.key ?? ''}`)?.scrollIntoView({ block: 'center' })}
				/>
			</section>

			<h2>{t('scenarios.tableTitle')}</h2>
			{changedCount > 0 ? (
				<p className="muted no-print">
					{t('scenarios.changedCount', { count: changedCount, total: result.links.length })}{' '}
					<Link to={showAll ? '?' : '?links=all'} preventScrollReset replace data-testid="table-scope">
						{showAll ? t('scenarios.showChanged') : t('scenarios.showAll')}
					</Link>
				</p>
			) : null}
			<table className="data-table stack-table scenario-table" data-testid="scenario-table">
				<thead>
					<tr>
						<th>{t('gaps.link')}</th>
						<th className="num">{t('gaps.supply')}</th>
						<th className="num">{t('scenarios.columns.outputAfter')}</th>
						<th className="num">{t('gaps.demand')}</th>
						<th className="num">{t('gaps.coverage')}</th>
						<th>{t('gaps.severityColumn')}</th>
						<th>{t('scenarios.columns.flagsAfter')}</th>
					</tr>
				</thead>
				<tbody>
					{tableLinks.map((l) => {
						const link = linkById.get(l.linkId)!
						const after = result.after.links.find((a) => a.linkId === l.linkId)!
						// A flag the link already had today, for the same reason, keeps its badge; a new or changed one says why.
						const today = new Set(flagsOf(result.before.links.find((b) => b.linkId === l.linkId)!).map((f) => f.reason))
						return (
							<tr
								key={l.linkId}
								id={`scenario-row-${link.key}`}
								className={`severity-row severity-${l.after.severity}${l.changed ? ' changed' : ''}`}
								data-link-key={link.key}
								data-after={l.after.severity}
								data-turned={l.turnedRed ? 'red' : l.turnedGreen ? 'green' : undefined}
							>
								<td>
									{localized(link)}
									{l.turnedRed ? <span className="badge flag-red">{t('scenarios.turnedRed')}</span> : null}
									{l.turnedGreen ? <span className="badge flag-green">{t('scenarios.turnedGreen')}</span> : null}
								</td>
								<td className="num" data-label={t('gaps.supply')}>
									<BeforeAfter before={qty(l.before.supply, l.linkId)} after={qty(l.after.supply, l.linkId)} />
								</td>
								<td className="num" data-label={t('scenarios.columns.outputAfter')}>
									{l.capacity > 0 ? (
										<>
											{qty(l.output, l.linkId)}
											{l.inputRatio < 1 ? <span className="muted"> ({pct(l.inputRatio)})</span> : null}
										</>
									) : (
										'—'
									)}
									{l.inputUnknownFrom.length > 0 ? (
										<div className="factor-unknown">{t('scenarios.inputUnknown', { links: listOf(l.inputUnknownFrom) })}</div>
									) : null}
								</td>
								<td className="num" data-label={t('gaps.demand')}>
									<BeforeAfter
										before={l.before.demand > 0 ? qty(l.before.demand, l.linkId) : '—'}
										after={l.after.demand > 0 ? qty(l.after.demand, l.linkId) : '—'}
									/>
									{l.after.demandComplete ? null : <span className="factor-unknown"> {t('chains.factorUnknown')}</span>}
								</td>
								<td className="num" data-label={t('gaps.coverage')}>
									<BeforeAfter before={pct(l.before.coverage)} after={pct(l.after.coverage)} />
								</td>
								<td data-label={t('gaps.severityColumn')}>
									<BeforeAfter before={t(`gaps.severity.${l.before.severity}`)} after={t(`gaps.severity.${l.after.severity}`)} />
								</td>
								<td data-label={t('scenarios.columns.flagsAfter')}>
									<ul className="flag-list">
										{flagsOf(after).map((f) => (
											<li key={f.code}>
												<span className={`badge flag-${f.severity}`}>{f.label}</span> {today.has(f.reason) ? null : f.reason}
											</li>
										))}
									</ul>
								</td>
							</tr>
						)
					})}
				</tbody>
			</table>

			<h2>{t('scenarios.quotasTitle')}</h2>
			{quotas.length === 0 ? (
				<p className="muted">{t('scenarios.quotasNone')}</p>
			) : (
				<table className="data-table stack-table" data-testid="scenario-quotas">
					<thead>
						<tr>
							<th>{t('scenarios.columns.quota')}</th>
							<th className="num">{t('scenarios.columns.target')}</th>
							<th className="num">{t('scenarios.columns.quotaBefore')}</th>
							<th className="num">{t('scenarios.columns.quotaAfter')}</th>
							<th>{t('scenarios.columns.quotaStatus')}</th>
						</tr>
					</thead>
					<tbody>
						{quotas.map((q) => {
							const figure = (v: number) => formatQuantity(v, q.normalizedUnit, locale)
							return (
								<tr key={q.id} className={q.hit ? 'quota-hit' : undefined}>
									<td>
										<Link to={`/quotas/${q.id}?year=${scenario.year}`}>
											{q.section ? `${q.section} ` : ''}
											{q.metric}
										</Link>
									</td>
									<td className="num" data-label={t('scenarios.columns.target')}>
										{q.op === '>=' ? '≥ ' : q.op === '<=' ? '≤ ' : q.op === '>' ? '> ' : ''}
										{figure(q.target)}
									</td>
									<td className="num" data-label={t('scenarios.columns.quotaBefore')}>
										{figure(q.before)}
									</td>
									<td className="num" data-label={t('scenarios.columns.quotaAfter')}>
										{figure(q.after)}
									</td>
									<td data-label={t('scenarios.columns.quotaStatus')}>
										<span className={q.hit ? 'badge flag-red' : 'badge'}>{t(quotaStatusKey(q))}</span>
									</td>
								</tr>
							)
						})}
					</tbody>
				</table>
			)}

			<h2>{t('scenarios.assumptionsTitle')}</h2>
			<ul className="funnel-definitions">
				<li>{t('scenarios.assumptions.same')}</li>
				<li>{t('scenarios.assumptions.propagation')}</li>
				<li>{t('scenarios.assumptions.outside')}</li>
				<li>{t('scenarios.assumptions.feedback')}</li>
				<li>{t('scenarios.assumptions.quotas')}</li>
			</ul>

			{canEdit ? (
				<section aria-labelledby="scenario-settings" className="no-print">
					<h2 id="scenario-settings">{t('scenarios.settingsTitle')}</h2>
					<Form method="post" className="stack narrow">
						<input type="hidden" name="intent" value="header" />
						<input type="hidden" name="version" value={scenario.version} />
						<ScenarioHeaderFields defaults={scenario} errors={headerErrors} />
						{errorFor('header')}
						<button type="submit">{t('app.save')}</button>
					</Form>
					<Form
						method="post"
						className="stack narrow"
						onSubmit={(event) => (window.confirm(t('scenarios.deleteConfirm')) ? undefined : event.preventDefault())}
					>
						<input type="hidden" name="intent" value="delete" />
						<input type="hidden" name="version" value={scenario.version} />
						{errorFor('delete')}
						<button type="submit" className="danger">
							{t('scenarios.delete')}
						</button>
					</Form>
				</section>
			) : null}
		</>
	)
}

function BeforeAfter({ before, after }: { before: string; after: string }) {
	const { t } = useTranslation()
	if (before === after) return <>{after}</>
	return (
		<span className="before-after">
			<s aria-label={t('scenarios.beforeValue', { value: before })}>{before}</s> → <strong>{after}</strong>
		</span>
	)
}

function AddChangeForms({ data, errorFor, factorErrors }: { data: Data; errorFor: (intent: string) => React.ReactNode; factorErrors: FieldErrors }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const navigation = useNavigation()
	const busy = navigation.state === 'submitting'
	const { chain, scenario, options } = data
	const linkById = new Map(chain.links.map((l) => [l.id, l]))
	const materialLinks = chain.links.filter((l) => l.stage !== 'supporting')
	const movable = chain.edges.flatMap((e) => {
		const range = factorRange(e)
		return range ? [{ edge: e, range }] : []
	})
	const hidden = (kind: string) => (
		<>
			<input type="hidden" name="intent" value="add" />
			<input type="hidden" name="kind" value={kind} />
			<input type="hidden" name="version" value={scenario.version} />
		</>
	)
	return (
		<div className="scenario-add no-print">
			<h3>{t('scenarios.addTitle')}</h3>
			<Form method="post" className="stack" data-testid="add-company">
				<fieldset>
					<legend>{t('scenarios.kinds.company')}</legend>
					{hidden('company')}
					<label>
						{t('scenarios.fields.companyLink')}
						<select name="companyLink" required>
							{options!.companies.map((c) => (
								<option key={`${c.companyId}|${c.linkId}`} value={`${c.companyId}|${c.linkId}`}>
									{c.name} · {localized(linkById.get(c.linkId))}
								</option>
							))}
						</select>
					</label>
					<label>
						{t('scenarios.fields.cutPercent')}
						<input type="number" name="cutPercent" min={1} max={100} step="any" required defaultValue={100} className="input-year" />
					</label>
					<span className="muted">{t('scenarios.fields.cutHint')}</span>
					{errorFor('add-company')}
					<button type="submit" disabled={busy}>
						{t('scenarios.add')}
					</button>
				</fieldset>
			</Form>
			<Form method="post" className="stack" data-testid="add-capacity">
				<fieldset>
					<legend>{t('scenarios.kinds.capacity')}</legend>
					{hidden('capacity')}
					<label>
						{t('gaps.link')}
						<select name="linkId" required>
							{materialLinks.map((l) => (
								<option key={l.id} value={l.id}>
									{localized(l)} ({l.unit})
								</option>
							))}
						</select>
					</label>
					<label>
						{t('scenarios.fields.delta')}
						<input type="number" name="delta" step="any" required />
					</label>
					<span className="muted">{t('scenarios.fields.deltaHint')}</span>
					{errorFor('add-capacity')}
					<button type="submit" disabled={busy}>
						{t('scenarios.add')}
					</button>
				</fieldset>
			</Form>
			<Form method="post" className="stack" data-testid="add-factor">
				<fieldset>
					<legend>{t('scenarios.kinds.factor')}</legend>
					{hidden('factor')}
					<label>
						{t('chains.factor')}
						<select name="edgeId" required>
							{movable.map(({ edge, range }) => (
								<option key={edge.id} value={edge.id}>
									{localized(linkById.get(edge.fromLinkId))} → {localized(linkById.get(edge.toLinkId))}:{' '}
									{edge.factor === null ? t('chains.factorUnknown') : formatFactor(edge.factor, locale)} ({formatFactor(range.low, locale)}–
									{formatFactor(range.high, locale)})
								</option>
							))}
						</select>
					</label>
					<label htmlFor="scenario-factor-value">
						{t('scenarios.fields.value')}
						<input
							type="number"
							name="value"
							id="scenario-factor-value"
							step="any"
							min={0}
							required
							{...fieldAria('scenario-factor-value', factorErrors.value)}
						/>
					</label>
					<FieldError id="scenario-factor-value" message={factorErrors.value} />
					<span className="muted">{t('scenarios.fields.valueHint')}</span>
					{errorFor('add-factor')}
					<button type="submit" disabled={busy || movable.length === 0}>
						{t('scenarios.add')}
					</button>
				</fieldset>
			</Form>
			<Form method="post" className="stack" data-testid="add-external">
				<fieldset>
					<legend>{t('scenarios.kinds.external')}</legend>
					{hidden('external')}
					<label>
						{t('gaps.link')}
						<select name="linkId" required>
							{materialLinks.map((l) => (
								<option key={l.id} value={l.id}>
									{localized(l)}
								</option>
							))}
						</select>
					</label>
					<label>
						{t('scenarios.fields.externalPercent')}
						<input type="number" name="cutPercent" min={1} max={100} step="any" required defaultValue={100} className="input-year" />
					</label>
					<span className="muted">{t('scenarios.fields.externalHint')}</span>
					{errorFor('add-external')}
					<button type="submit" disabled={busy}>
						{t('scenarios.add')}
					</button>
				</fieldset>
			</Form>
			<Form method="post" className="stack" data-testid="add-planned">
				<fieldset>
					<legend>{t('scenarios.kinds.planned')}</legend>
					{hidden('planned')}
					<label>
						{t('scenarios.fields.plannedRecord')}
						<select name="plannedRecord" required>
							{options!.planned.map((r) => (
								<option key={`${r.record}|${r.id}`} value={`${r.record}|${r.id}`}>
									{t(`scenarios.change.plannedRecord.${r.record}`, { name: r.name })} · {localized(linkById.get(r.linkId))}{' '}
									{r.output === null ? '' : formatQuantity(r.output, linkById.get(r.linkId)?.unit ?? '', locale)}
									{r.fromYear === null ? '' : ` · ${t('scenarios.change.plannedFrom', { year: r.fromYear })}`}
								</option>
							))}
						</select>
					</label>
					<label>
						{t('scenarios.fields.fromYear')}
						<input type="number" name="fromYear" min={2000} max={2100} step={1} className="input-year" />
					</label>
					<span className="muted">{t('scenarios.fields.fromYearHint')}</span>
					{options!.planned.length === 0 ? <span className="muted">{t('scenarios.fields.plannedNone')}</span> : null}
					{errorFor('add-planned')}
					<button type="submit" disabled={busy || options!.planned.length === 0}>
						{t('scenarios.add')}
					</button>
				</fieldset>
			</Form>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
