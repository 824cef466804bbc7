import { zodResolver } from '@hookform/resolvers/zod'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { type FormEvent, type InputHTMLAttributes, type ReactNode, useEffect } from 'react'
import { type DefaultValues, type FieldValues, type Path, type Resolver, useForm } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { type ConflictField, ConflictReview } from '~/components/conflict-review'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SampleBadge } from '~/components/sample-badge'
import { prisma } from '~/db.server'
import {
	asPosted,
	CHAIN_CONFLICT_FIELDS,
	type ChainEditInput,
	type ChainEditIntent,
	chainEditSchema,
	createEdgeSchema,
	createLinkSchema,
	deleteFormValues,
	edgeFormValues,
	fieldErrors,
	figureFormValues,
	isChainDeleteIntent,
	isChainEditIntent,
	linkFormValues,
	updateEdgeSchema,
	updateLinkSchema,
	upsertFigureSchema,
} from '~/domain/chain/edit-schemas'
import { LINK_STAGES } from '~/domain/chain/link-stages'
import { type Conflict } from '~/domain/concurrency/conflict'
import { unitLabel } from '~/i18n/units'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { applyChainEdit, ChainEditError, findChainBySlug, getChainForEdit, listCompanyOptions } from '~/models/chain-edit.server'
import { requirePermission } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'

export async function loader({ request, params }: LoaderFunctionArgs) {
	await requirePermission(request, 'write:chain')
	const [chain, companies] = await Promise.all([getChainForEdit(prisma, params.slug ?? ''), listCompanyOptions(prisma)])
	if (!chain) throw new Response('Chain not found', { status: 404 })
	return { chain, companies }
}

type FormValues = Record<string, string>

export type ChainEditActionResult =
	/** `gone`: a delete found the row deleted already (by someone else). */
	| { ok: true; intent: ChainEditIntent; rowKey: string; id: string; changed: boolean; gone?: true }
	| {
			ok: false
			intent: ChainEditIntent
			rowKey: string
			/** What was submitted, so the form shows it again (also without JavaScript). */
			values: FormValues
			/** Field → i18n key. */
			errors: Record<string, string>
			formError: { key: string; params: Record<string, string | number> } | null
			/**
			 * The row changed since the page was loaded (ADR 0015); `values` are then the submitted ones at its new
			 * version. For a delete, `submitted` is what the row showed and `current` the delete of the row as stored now.
			 */
			conflict: Conflict<FormValues> | null
	  }

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:chain')
	const chain = await findChainBySlug(prisma, params.slug ?? '')
	if (!chain) throw new Response('Chain not found', { status: 404 })
	const values = formValues(await request.formData())
	const intent = values.intent
	if (!isChainEditIntent(intent)) throw new Response('Unknown form', { status: 400 })
	const rowKey = rowKeyOf(values)
	const parsed = chainEditSchema.safeParse(values)
	if (!parsed.success) {
		const errors = fieldErrors(parsed.error)
		return data<ChainEditActionResult>({ ok: false, intent, rowKey, values, errors, formError: null, conflict: null }, { status: 400 })
	}
	try {
		const result = await applyChainEdit(prisma, { chainId: chain.id, userId: user.id }, parsed.data)
		if ('conflict' in result) {
			const { conflict } = result
			return data<ChainEditActionResult>({ ok: false, intent, rowKey, values: conflict.submitted, errors: {}, formError: null, conflict }, { status: 409 })
		}
		return data<ChainEditActionResult>({ ok: true, intent, rowKey, ...result })
	} catch (error) {
		if (!(error instanceof ChainEditError)) throw error
		return data<ChainEditActionResult>(
			{
				ok: false,
				intent,
				rowKey,
				values,
				errors: error.field ? { [error.field]: error.messageKey } : {},
				formError: error.field ? null : { key: error.messageKey, params: error.params },
				conflict: null,
			},
			{ status: error.status },
		)
	}
}

function formValues(formData: FormData): FormValues {
	const values: FormValues = {}
	for (const [name, value] of formData) if (typeof value === 'string') values[name] = value
	return values
}

/** Which row of the page a submission belongs to: the edited record's id, or "new" for the add rows. */
function rowKeyOf(values: FormValues) {
	switch (values.intent) {
		case 'updateLink':
		case 'deleteLink':
			return values.linkId ?? ''
		case 'updateEdge':
		case 'deleteEdge':
			return values.edgeId ?? ''
		case 'upsertFigure':
		case 'deleteFigure':
			return values.figureId || 'new'
		default:
			return 'new'
	}
}

const SECTION_INTENTS = {
	links: ['updateLink', 'createLink', 'deleteLink'],
	edges: ['updateEdge', 'createEdge', 'deleteEdge'],
	figures: ['upsertFigure', 'deleteFigure'],
} as const satisfies Record<string, readonly ChainEditIntent[]>
type Section = keyof typeof SECTION_INTENTS

type HandleData = Awaited<ReturnType<typeof loader>>
export const handle = pageTitle<HandleData>(({ chain }, { t, localized }) => t('chainEdit.title', { name: localized(chain) }))

export default function ChainEditPage() {
	const { chain, companies } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const linkOptions = chain.links.map((link) => (
		<option key={link.id} value={link.id}>
			{localized(link)}
		</option>
	))

	return (
		<>
			<p>
				<Link to={`/chains/${chain.slug}`}>← {t('chainEdit.backToChain')}</Link>
			</p>
			<h1>{t('chainEdit.title', { name: localized(chain) })}</h1>
			<p className="intro">{t('chainEdit.intro')}</p>
			<datalist id="confidence-grades">
				{['A', 'B', 'C', 'D', 'NF'].map((grade) => (
					<option key={grade} value={grade} />
				))}
			</datalist>

			<section aria-labelledby="links-heading">
				<h2 id="links-heading">{t('chainEdit.sections.links')}</h2>
				<SectionStatus section="links" />
				<div className="table-scroll">
					<table className="data-table edit-table" data-testid="edit-links">
						<thead>
							<tr>
								<th>{t('chainEdit.fields.link')}</th>
								<th>{t('chainEdit.fields.name')}</th>
								<th>{t('chainEdit.fields.nameEn')}</th>
								<th>{t('chainEdit.fields.stage')}</th>
								<th>{t('chainEdit.fields.unit')}</th>
								<th>{t('chainEdit.fields.source')}</th>
								<th>{t('chainEdit.fields.usage')}</th>
								<th>{t('app.actions')}</th>
							</tr>
						</thead>
						<tbody>
							{chain.links.map((link) => {
								const defaults = linkFormValues(link)
								const usage = {
									edges: link._count.outgoing + link._count.incoming,
									figures: link._count.companies,
									projects: link._count.projects,
								}
								return (
									<LinkRow
										key={`${link.id}:${JSON.stringify(defaults)}:${JSON.stringify(usage)}`}
										linkKey={link.key}
										linkName={localized(link)}
										defaults={defaults}
										usage={usage}
										confirmDelete={t('chainEdit.confirm.deleteLink', { name: localized(link), ...usage })}
									/>
								)
							})}
						</tbody>
						<tbody className="add-row">
							<NewLinkRow />
						</tbody>
					</table>
				</div>
			</section>

			<section aria-labelledby="edges-heading">
				<h2 id="edges-heading">{t('chainEdit.sections.edges')}</h2>
				<p className="muted">{t('chainEdit.hints.factor')}</p>
				<SectionStatus section="edges" />
				<div className="table-scroll">
					<table className="data-table edit-table" data-testid="edit-edges">
						<thead>
							<tr>
								<th>{t('chainEdit.fields.from')}</th>
								<th>{t('chainEdit.fields.to')}</th>
								<th>{t('chainEdit.fields.factor')}</th>
								<th>{t('chainEdit.fields.factorLow')}</th>
								<th>{t('chainEdit.fields.factorHigh')}</th>
								<th>{t('chainEdit.fields.factorUnit')}</th>
								<th>{t('chainEdit.fields.referenceId')}</th>
								<th title={t('chainEdit.hints.confidence')}>{t('chainEdit.fields.confidence')}</th>
								<th>{t('chainEdit.fields.source')}</th>
								<th>{t('app.actions')}</th>
							</tr>
						</thead>
						<tbody>
							{chain.edges.length === 0 ? (
								<tr>
									<td colSpan={10} className="muted">
										{t('chainEdit.empty.edges')}
									</td>
								</tr>
							) : null}
							{chain.edges.map((edge) => {
								const defaults = edgeFormValues(edge)
								const from = localized(edge.fromLink)
								const to = localized(edge.toLink)
								return (
									<EdgeRow
										key={`${edge.id}:${JSON.stringify(defaults)}`}
										from={from}
										to={to}
										defaults={defaults}
										confirmDelete={t('chainEdit.confirm.deleteEdge', { from, to })}
									/>
								)
							})}
						</tbody>
						<tbody className="add-row">
							<NewEdgeRow linkOptions={linkOptions} />
						</tbody>
					</table>
				</div>
			</section>

			<section aria-labelledby="figures-heading">
				<h2 id="figures-heading">{t('chainEdit.sections.figures')}</h2>
				<SectionStatus section="figures" />
				<div className="table-scroll">
					<table className="data-table edit-table" data-testid="edit-figures">
						<thead>
							<tr>
								<th>{t('chainEdit.fields.company')}</th>
								<th>{t('chainEdit.fields.link')}</th>
								<th>{t('chainEdit.fields.year')}</th>
								<th>{t('chainEdit.fields.capacity')}</th>
								<th>{t('chainEdit.fields.output')}</th>
								<th>{t('chainEdit.fields.source')}</th>
								<th>{t('chainEdit.fields.isSample')}</th>
								<th>{t('app.actions')}</th>
							</tr>
						</thead>
						<tbody>
							{chain.figures.length === 0 ? (
								<tr>
									<td colSpan={8} className="muted">
										{t('chainEdit.empty.figures')}
									</td>
								</tr>
							) : null}
							{chain.figures.map((figure) => {
								const defaults = figureFormValues({ ...figure, companyId: figure.company.id, linkId: figure.link.id })
								return (
									<FigureRow
										key={`${figure.id}:${JSON.stringify(defaults)}`}
										company={figure.company}
										link={figure.link}
										defaults={defaults}
										confirmDelete={t('chainEdit.confirm.deleteFigure', {
											company: figure.company.name,
											year: figure.year ?? '',
											link: localized(figure.link),
										})}
									/>
								)
							})}
						</tbody>
						<tbody className="add-row">
							<NewFigureRow linkOptions={linkOptions} companies={companies} />
						</tbody>
					</table>
				</div>
			</section>
		</>
	)
}

/** Success or form-level error of the last submission in this section. */
function SectionStatus({ section }: { section: Section }) {
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	if (!actionData || !(SECTION_INTENTS[section] as readonly string[]).includes(actionData.intent)) return null
	if (actionData.ok) {
		return (
			<p className="form-success" role="status">
				{actionData.gone
					? t(`chainEdit.gone.${actionData.intent}`)
					: actionData.changed
						? t(`chainEdit.success.${actionData.intent}`)
						: t('chainEdit.success.unchanged')}
			</p>
		)
	}
	if (actionData.conflict) return <RowConflict intent={actionData.intent} rowKey={actionData.rowKey} conflict={actionData.conflict} />
	return (
		<p className="form-error" role="alert">
			{actionData.formError ? t(actionData.formError.key, actionData.formError.params) : t('chainEdit.errors.fixFields')}
		</p>
	)
}

/**
 * A row's save or delete refused because the row changed since the page was
 * loaded (ADR 0015). A save's row form holds the submitted values; a delete
 * waits in a form of its own here, for the row as stored now.
 */
function RowConflict({ intent, rowKey, conflict }: { intent: ChainEditIntent; rowKey: string; conflict: Conflict<FormValues> }) {
	const { chain, companies } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const localized = useLocalizedName()
	if (!(intent in CHAIN_CONFLICT_FIELDS)) return null
	const compared = intent as keyof typeof CHAIN_CONFLICT_FIELDS
	const fields: ConflictField[] = CHAIN_CONFLICT_FIELDS[compared].map((name) => ({
		name,
		label: t(`chainEdit.fields.${name}`),
		show: name === 'stage' ? (value) => t(`stages.${String(value)}`) : name === 'isSample' ? (value) => t(value === 'on' ? 'app.yes' : 'app.no') : undefined,
	}))
	const link = (id: string | undefined) => localized(chain.links.find((l) => l.id === id))
	const edge = chain.edges.find((e) => e.id === rowKey)
	const figure = chain.figures.find((f) => f.id === rowKey)
	const linkSubject = () => link(rowKey)
	const edgeSubject = () => (edge ? `${localized(edge.fromLink)} → ${localized(edge.toLink)}` : '')
	const subject = {
		updateLink: linkSubject,
		deleteLink: linkSubject,
		updateEdge: edgeSubject,
		deleteEdge: edgeSubject,
		upsertFigure: () =>
			[companies.find((c) => c.id === conflict.current.companyId)?.name, link(conflict.current.linkId), conflict.current.year].filter(Boolean).join(' · '),
		deleteFigure: () => [figure?.company.name, figure ? localized(figure.link) : '', conflict.current.year].filter(Boolean).join(' · '),
	}[compared]()
	const formId = isChainDeleteIntent(intent) ? `${intent}-${rowKey}-anyway` : `${intent}-${rowKey}`
	return (
		<>
			<ConflictReview
				kind={isChainDeleteIntent(intent) ? 'delete' : 'save'}
				fields={fields}
				subject={subject}
				current={conflict.current}
				submitted={conflict.submitted}
				formId={formId}
				discardTo={`/chains/${chain.slug}/edit`}
			/>
			{isChainDeleteIntent(intent) ? (
				<Form method="post" id={formId} hidden preventScrollReset>
					{Object.entries(conflict.current).map(([name, value]) => (
						<input key={name} type="hidden" name={name} value={value} />
					))}
				</Form>
			) : null}
		</>
	)
}

/**
 * One edit form for one table row. The inputs sit in the row's cells and join the
 * <form> in the last cell through their `form` attribute. react-hook-form checks
 * them with the shared zod schema before posting; the action checks again and,
 * on refusal, sends back the values and errors (shown here, input kept).
 */
function useRowForm<TInput extends FieldValues, TOutput>(
	resolver: Resolver<TInput, unknown, TOutput>,
	intent: ChainEditIntent,
	rowKey: string,
	defaults: (failedValues: FormValues | null) => TInput,
) {
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const submit = useSubmit()
	const { t } = useTranslation()
	const mine = actionData && actionData.intent === intent && actionData.rowKey === rowKey ? actionData : null
	const failed = mine && !mine.ok ? mine : null
	const initial = defaults(failed ? failed.values : null)
	const form = useForm<TInput, unknown, TOutput>({ resolver, defaultValues: initial as DefaultValues<TInput> })
	const initialValue = (name: Path<TInput>): unknown => (initial as Record<string, unknown>)[name]
	/**
	 * register() plus the initial value as an HTML attribute: react-hook-form fills
	 * inputs only after hydration, and the server-rendered form must already show
	 * (and, without JavaScript, post) the stored values rather than blanks.
	 */
	const bind = (name: Path<TInput>) => {
		const value = initialValue(name)
		return { ...form.register(name), defaultValue: typeof value === 'string' ? value : '' }
	}
	const bindCheckbox = (name: Path<TInput>) => ({ ...form.register(name), defaultChecked: initialValue(name) === true })
	const pendingValues = navigation.formData ? formValues(navigation.formData) : null
	const pending = pendingValues !== null && pendingValues.intent === intent && rowKeyOf(pendingValues) === rowKey
	const formId = `${intent}-${rowKey}`

	const errorKey = (name: Path<TInput>) => {
		const clientErrors = form.formState.errors as Record<string, { message?: unknown } | undefined>
		const clientMessage = clientErrors[name]?.message
		return typeof clientMessage === 'string' ? clientMessage : failed?.errors[name]
	}
	const errorFor = (name: Path<TInput>) => {
		const key = errorKey(name)
		return key ? (
			<span className="field-error" role="alert">
				{t(key)}
			</span>
		) : null
	}
	/** An input of this row's form, labelled for screen readers, with its error below. */
	const field = (name: Path<TInput>, label: string, props: InputHTMLAttributes<HTMLInputElement> = {}) => (
		<>
			<input form={formId} aria-label={label} aria-invalid={errorKey(name) ? true : undefined} {...props} {...bind(name)} />
			{errorFor(name)}
		</>
	)
	const onSubmit = (event: FormEvent<HTMLFormElement>) => {
		const target = event.currentTarget
		event.preventDefault()
		void form.handleSubmit(() => submit(target, { preventScrollReset: true }))(event)
	}
	return { form, formId, bind, bindCheckbox, field, errorFor, errorKey, onSubmit, pending, succeeded: mine?.ok ? mine : null }
}

function SaveForm({
	formId,
	onSubmit,
	pending,
	label,
	children,
}: {
	formId: string
	onSubmit: (event: FormEvent<HTMLFormElement>) => void
	pending: boolean
	label: string
	children: ReactNode
}) {
	const { t } = useTranslation()
	return (
		<Form method="post" id={formId} className="inline-form" noValidate preventScrollReset onSubmit={onSubmit}>
			{children}
			<button type="submit" className="button-primary" disabled={pending}>
				{pending ? t('chainEdit.saving') : label}
			</button>
		</Form>
	)
}

/** A row's delete: its id, the version and the values the row shows (ADR 0015), asked to be confirmed first. */
function DeleteForm({ values, confirmText }: { values: FormValues; confirmText: string }) {
	const { t } = useTranslation()
	return (
		<Form
			method="post"
			className="inline-form"
			preventScrollReset
			onSubmit={(event) => {
				if (!window.confirm(confirmText)) event.preventDefault()
			}}
		>
			{Object.entries(values).map(([name, value]) => (
				<input key={name} type="hidden" name={name} value={value} />
			))}
			<button type="submit" className="button-danger">
				{t('chainEdit.delete')}
			</button>
		</Form>
	)
}

function StageSelect({ formId, label, invalid, register }: { formId: string; label: string; invalid: boolean; register: object }) {
	const { t } = useTranslation()
	return (
		<select form={formId} aria-label={label} aria-invalid={invalid || undefined} {...register}>
			{LINK_STAGES.map((stage) => (
				<option key={stage} value={stage}>
					{t(`stages.${stage}`)}
				</option>
			))}
		</select>
	)
}

// ---------- links ----------

function LinkRow({
	linkKey,
	linkName,
	defaults,
	usage,
	confirmDelete,
}: {
	linkKey: string
	linkName: string
	defaults: ChainEditInput<'updateLink'>
	usage: { edges: number; figures: number; projects: number }
	confirmDelete: string
}) {
	const { t } = useTranslation()
	const row = useRowForm(zodResolver(updateLinkSchema), 'updateLink', defaults.linkId, (failed) =>
		failed ? { ...defaults, ...failed, intent: 'updateLink' as const, stage: failed.stage as typeof defaults.stage } : defaults,
	)
	return (
		<tr>
			{/* Staff know a link by its name; the key (used in links and templates) is in the tooltip. */}
			<th scope="row" className="link-name-cell" title={`${t('chainEdit.fields.key')}: ${linkKey}`}>
				{linkName}
			</th>
			<td>{row.field('name', t('chainEdit.fields.name'))}</td>
			<td>{row.field('nameEn', t('chainEdit.fields.nameEn'))}</td>
			<td>
				<StageSelect formId={row.formId} label={t('chainEdit.fields.stage')} invalid={!!row.errorKey('stage')} register={row.bind('stage')} />
				{row.errorFor('stage')}
			</td>
			<td>{row.field('unit', t('chainEdit.fields.unit'), { className: 'input-narrow' })}</td>
			<td>{row.field('source', t('chainEdit.fields.source'), { className: 'input-wide' })}</td>
			<td className="muted">{t('chainEdit.usage', usage)}</td>
			<td className="row-actions">
				<SaveForm formId={row.formId} onSubmit={row.onSubmit} pending={row.pending} label={t('chainEdit.save')}>
					<input type="hidden" {...row.bind('intent')} />
					<input type="hidden" {...row.bind('linkId')} />
					<input type="hidden" {...row.bind('version')} />
				</SaveForm>
				{usage.projects > 0 ? (
					<span className="muted field-hint">{t('chainEdit.linkHasProjectsHint')}</span>
				) : (
					<DeleteForm
						values={deleteFormValues('deleteLink', { ...asPosted(defaults), edges: String(usage.edges), figures: String(usage.figures) })}
						confirmText={confirmDelete}
					/>
				)}
			</td>
		</tr>
	)
}

function NewLinkRow() {
	const { t } = useTranslation()
	const blank: ChainEditInput<'createLink'> = { intent: 'createLink', key: '', name: '', nameEn: '', stage: 'material', unit: '', source: '' }
	const row = useRowForm(zodResolver(createLinkSchema), 'createLink', 'new', (failed) =>
		failed ? { ...blank, ...failed, intent: 'createLink' as const, stage: failed.stage as typeof blank.stage } : blank,
	)
	const { succeeded, form } = row
	useEffect(() => {
		// Empty the add row once per successful add (a refused one keeps the input).
		if (succeeded) form.reset(blank)
	}, [succeeded])
	return (
		<tr>
			<td>{row.field('key', t('chainEdit.fields.key'), { className: 'input-narrow', placeholder: 'motor_ev', title: t('chainEdit.hints.key') })}</td>
			<td>{row.field('name', t('chainEdit.fields.name'))}</td>
			<td>{row.field('nameEn', t('chainEdit.fields.nameEn'))}</td>
			<td>
				<StageSelect formId={row.formId} label={t('chainEdit.fields.stage')} invalid={!!row.errorKey('stage')} register={row.bind('stage')} />
				{row.errorFor('stage')}
			</td>
			<td>{row.field('unit', t('chainEdit.fields.unit'), { className: 'input-narrow' })}</td>
			<td>{row.field('source', t('chainEdit.fields.source'), { className: 'input-wide' })}</td>
			<td className="muted">{t('chainEdit.newRow')}</td>
			<td className="row-actions">
				<SaveForm formId={row.formId} onSubmit={row.onSubmit} pending={row.pending} label={t('chainEdit.add')}>
					<input type="hidden" {...row.bind('intent')} />
				</SaveForm>
			</td>
		</tr>
	)
}

// ---------- edges ----------

function EdgeCells({
	field,
	t,
}: {
	field: (
		name: 'factor' | 'factorLow' | 'factorHigh' | 'factorUnit' | 'referenceId' | 'confidence' | 'source',
		label: string,
		props?: InputHTMLAttributes<HTMLInputElement>,
	) => ReactNode
	t: (key: string) => string
}) {
	return (
		<>
			<td>{field('factor', t('chainEdit.fields.factor'), { inputMode: 'decimal', className: 'input-narrow', placeholder: t('app.unknown') })}</td>
			<td>{field('factorLow', t('chainEdit.fields.factorLow'), { inputMode: 'decimal', className: 'input-narrow' })}</td>
			<td>{field('factorHigh', t('chainEdit.fields.factorHigh'), { inputMode: 'decimal', className: 'input-narrow' })}</td>
			<td>{field('factorUnit', t('chainEdit.fields.factorUnit'), { className: 'input-wide' })}</td>
			<td>{field('referenceId', t('chainEdit.fields.referenceId'), { className: 'input-narrow' })}</td>
			<td>
				{field('confidence', t('chainEdit.fields.confidence'), {
					className: 'input-narrow',
					list: 'confidence-grades',
					title: t('chainEdit.hints.confidence'),
				})}
			</td>
			<td>{field('source', t('chainEdit.fields.source'), { className: 'input-wide' })}</td>
		</>
	)
}

function EdgeRow({ from, to, defaults, confirmDelete }: { from: string; to: string; defaults: ChainEditInput<'updateEdge'>; confirmDelete: string }) {
	const { t } = useTranslation()
	const row = useRowForm(zodResolver(updateEdgeSchema), 'updateEdge', defaults.edgeId, (failed) =>
		failed ? { ...defaults, ...failed, intent: 'updateEdge' as const } : defaults,
	)
	return (
		<tr>
			<td>{from}</td>
			<td>{to}</td>
			<EdgeCells field={row.field} t={t} />
			<td className="row-actions">
				<SaveForm formId={row.formId} onSubmit={row.onSubmit} pending={row.pending} label={t('chainEdit.save')}>
					<input type="hidden" {...row.bind('intent')} />
					<input type="hidden" {...row.bind('edgeId')} />
					<input type="hidden" {...row.bind('version')} />
				</SaveForm>
				<DeleteForm values={deleteFormValues('deleteEdge', asPosted(defaults))} confirmText={confirmDelete} />
			</td>
		</tr>
	)
}

function NewEdgeRow({ linkOptions }: { linkOptions: ReactNode }) {
	const { t } = useTranslation()
	const blank: ChainEditInput<'createEdge'> = {
		intent: 'createEdge',
		fromLinkId: '',
		toLinkId: '',
		factor: '',
		factorLow: '',
		factorHigh: '',
		factorUnit: '',
		referenceId: '',
		confidence: '',
		source: '',
	}
	const row = useRowForm(zodResolver(createEdgeSchema), 'createEdge', 'new', (failed) =>
		failed ? { ...blank, ...failed, intent: 'createEdge' as const } : blank,
	)
	const { succeeded, form } = row
	useEffect(() => {
		// Empty the add row once per successful add (a refused one keeps the input).
		if (succeeded) form.reset(blank)
	}, [succeeded])
	const linkSelect = (name: 'fromLinkId' | 'toLinkId', label: string) => (
		<>
			<select form={row.formId} aria-label={label} aria-invalid={row.errorKey(name) ? true : undefined} {...row.bind(name)}>
				<option value="">{t('chainEdit.choose')}</option>
				{linkOptions}
			</select>
			{row.errorFor(name)}
		</>
	)
	return (
		<tr>
			<td>{linkSelect('fromLinkId', t('chainEdit.fields.from'))}</td>
			<td>{linkSelect('toLinkId', t('chainEdit.fields.to'))}</td>
			<EdgeCells field={row.field} t={t} />
			<td className="row-actions">
				<SaveForm formId={row.formId} onSubmit={row.onSubmit} pending={row.pending} label={t('chainEdit.add')}>
					<input type="hidden" {...row.bind('intent')} />
				</SaveForm>
			</td>
		</tr>
	)
}

// ---------- company figures ----------

function FigureCells({
	field,
	checkbox,
	formId,
	invalid,
	errorFor,
	unit,
	t,
}: {
	field: (name: 'year' | 'capacity' | 'output' | 'source', label: string, props?: InputHTMLAttributes<HTMLInputElement>) => ReactNode
	checkbox: object
	formId: string
	invalid: boolean
	errorFor: (name: 'isSample') => ReactNode
	unit: string | null
	t: (key: string) => string
}) {
	// Figures are typed in the link's unit: named in the reader's language, not rescaled.
	const locale = useLocale()
	const unitNote = unit ? <span className="muted field-hint">{unitLabel(unit, locale)}</span> : null
	return (
		<>
			<td>{field('year', t('chainEdit.fields.year'), { inputMode: 'numeric', className: 'input-narrow' })}</td>
			<td>
				{field('capacity', t('chainEdit.fields.capacity'), { inputMode: 'decimal', className: 'input-narrow' })}
				{unitNote}
			</td>
			<td>
				{field('output', t('chainEdit.fields.output'), { inputMode: 'decimal', className: 'input-narrow' })}
				{unitNote}
			</td>
			<td>{field('source', t('chainEdit.fields.source'), { className: 'input-wide' })}</td>
			<td>
				<input type="checkbox" form={formId} aria-label={t('chainEdit.fields.isSample')} aria-invalid={invalid || undefined} {...checkbox} />
				{errorFor('isSample')}
			</td>
		</>
	)
}

function FigureRow({
	company,
	link,
	defaults,
	confirmDelete,
}: {
	company: { name: string; isSample: boolean }
	link: { name: string; nameEn: string; unit: string }
	defaults: ChainEditInput<'upsertFigure'>
	confirmDelete: string
}) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const figureId = defaults.figureId ?? ''
	const row = useRowForm(zodResolver(upsertFigureSchema), 'upsertFigure', figureId, (failed) =>
		failed ? { ...defaults, ...failed, intent: 'upsertFigure' as const, isSample: failed.isSample === 'on' } : defaults,
	)
	return (
		<tr>
			<td>
				{company.name} <SampleBadge show={company.isSample} />
			</td>
			<td>{localized(link)}</td>
			<FigureCells
				field={row.field}
				checkbox={row.bindCheckbox('isSample')}
				formId={row.formId}
				invalid={!!row.errorKey('isSample')}
				errorFor={row.errorFor}
				unit={link.unit}
				t={t}
			/>
			<td className="row-actions">
				<SaveForm formId={row.formId} onSubmit={row.onSubmit} pending={row.pending} label={t('chainEdit.save')}>
					<input type="hidden" {...row.bind('intent')} />
					<input type="hidden" {...row.bind('figureId')} />
					<input type="hidden" {...row.bind('companyId')} />
					<input type="hidden" {...row.bind('linkId')} />
					<input type="hidden" {...row.bind('version')} />
				</SaveForm>
				<DeleteForm values={deleteFormValues('deleteFigure', asPosted(defaults))} confirmText={confirmDelete} />
			</td>
		</tr>
	)
}

function NewFigureRow({ linkOptions, companies }: { linkOptions: ReactNode; companies: { id: string; name: string; isLocal: boolean; isSample: boolean }[] }) {
	const { t } = useTranslation()
	const blank: ChainEditInput<'upsertFigure'> = {
		intent: 'upsertFigure',
		figureId: '',
		companyId: '',
		linkId: '',
		year: String(new Date().getFullYear()),
		capacity: '',
		output: '',
		source: '',
		isSample: false,
	}
	const row = useRowForm(zodResolver(upsertFigureSchema), 'upsertFigure', 'new', (failed) =>
		failed ? { ...blank, ...failed, intent: 'upsertFigure' as const, isSample: failed.isSample === 'on' } : blank,
	)
	const { succeeded, form } = row
	useEffect(() => {
		// Empty the add row once per successful add (a refused one keeps the input).
		if (succeeded) form.reset(blank)
	}, [succeeded])
	return (
		<tr>
			<td>
				<select
					form={row.formId}
					aria-label={t('chainEdit.fields.company')}
					aria-invalid={row.errorKey('companyId') ? true : undefined}
					{...row.bind('companyId')}
				>
					<option value="">{t('chainEdit.choose')}</option>
					{companies.map((company) => (
						<option key={company.id} value={company.id}>
							{company.name}
							{company.isSample ? ` (${t('app.sample')})` : ''}
						</option>
					))}
				</select>
				{row.errorFor('companyId')}
			</td>
			<td>
				<select form={row.formId} aria-label={t('chainEdit.fields.link')} aria-invalid={row.errorKey('linkId') ? true : undefined} {...row.bind('linkId')}>
					<option value="">{t('chainEdit.choose')}</option>
					{linkOptions}
				</select>
				{row.errorFor('linkId')}
			</td>
			<FigureCells
				field={row.field}
				checkbox={row.bindCheckbox('isSample')}
				formId={row.formId}
				invalid={!!row.errorKey('isSample')}
				errorFor={row.errorFor}
				unit={null}
				t={t}
			/>
			<td className="row-actions">
				<SaveForm formId={row.formId} onSubmit={row.onSubmit} pending={row.pending} label={t('chainEdit.add')}>
					<input type="hidden" {...row.bind('intent')} />
				</SaveForm>
			</td>
		</tr>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
