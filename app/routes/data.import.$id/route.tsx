import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import {
	Form,
	Link,
	type ShouldRevalidateFunction,
	useActionData,
	useFetcher,
	useLoaderData,
	useNavigate,
	useNavigation,
	useRevalidator,
} from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { prisma } from '~/db.server'
import { columnMappingSchema, fieldsOf, type ImportKind } from '~/domain/import/fields'
import { duplicateActionSchema, type RowAction, rowActionSchema, type RowIssue } from '~/domain/import/validate'
import { userText } from '~/domain/text/text-field'
import { getImportJob, type ImportJobView } from '~/models/import-job.server'
import {
	cancelImport,
	fixImportRow,
	loadImportSession,
	previewImport,
	removeImportSession,
	setImportMapping,
	setImportOptions,
	setImportRowAction,
	startImportCommit,
} from '~/models/import-session.server'
import { ImportError, listImportMappings, saveImportMapping } from '~/models/import.server'
import { requirePermission } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'

async function sessionFor(request: Request, id: string | undefined) {
	const user = await requirePermission(request, 'write:crm')
	// Someone else's import is as absent as a missing one.
	const session = await loadImportSession(id ?? '', user.id)
	if (!session) throw new Response('Import not found', { status: 404 })
	return session
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const session = await sessionFor(request, params.id)
	const { state, sheet } = session
	const job = await getImportJob(prisma, state.id, state.userId)
	// Committed, but the server stopped before it could remove the upload.
	if (job?.status === 'committed') {
		await removeImportSession(state.id)
		throw redirect(job.result?.batchId ? `/data/import?batch=${job.result.batchId}` : '/data/import')
	}
	// While the commit runs the page shows its progress only: checking every row again for a preview
	// nobody can change any more would be seconds of work for nothing.
	const [checked, savedMappings] = await Promise.all([job?.status === 'running' ? null : checkRows(session), listImportMappings(prisma, state.kind)])
	return {
		session: {
			id: state.id,
			kind: state.kind,
			fileName: state.fileName,
			format: state.format,
			encoding: state.encoding,
			headers: sheet.headers,
			mapping: state.mapping,
			duplicateAction: state.duplicateAction,
			createMissingCompanies: state.createMissingCompanies,
		},
		fields: fieldsOf(state.kind),
		preview: checked?.preview ?? null,
		previewError: checked?.error ?? null,
		savedMappings: savedMappings.map((m) => ({ id: m.id, name: m.name })),
		job,
	}
}

/** The preview, or why the rows could not be checked (a file too large for the import worker's memory). */
async function checkRows(session: Parameters<typeof previewImport>[0]) {
	try {
		return { preview: await previewImport(session), error: null }
	} catch (error) {
		if (error instanceof ImportError) return { preview: null, error: { messageKey: error.messageKey, params: error.params } }
		throw error
	}
}

type Message = { messageKey: string; params?: Record<string, string | number> }
export type ImportPreviewActionResult = { ok: true; job?: ImportJobView; message?: Message } | { ok: false; error: Message }

const rowNumber = z.coerce.number().int().positive()
const mappingName = userText().trim().min(1).max(64)

export async function action({ request, params }: ActionFunctionArgs) {
	const session = await sessionFor(request, params.id)
	const form = await request.formData()
	const intent = String(form.get('intent') ?? '')
	const reply = (result: ImportPreviewActionResult, status = 200) => data(result, { status })
	try {
		switch (intent) {
			case 'mapping': {
				// One select per column, by index (headers may hold any character); unknown fields are dropped.
				const chosen: Record<string, string> = {}
				session.sheet.headers.forEach((header, i) => {
					const field = form.get(`map.${i}`)
					if (typeof field === 'string') chosen[header] = field
				})
				await setImportMapping(session, chosen)
				return reply({ ok: true })
			}
			case 'saveMapping': {
				const name = mappingName.safeParse(form.get('name'))
				if (!name.success) return reply({ ok: false, error: { messageKey: 'importer.mapping.nameRequired' } }, 400)
				await saveImportMapping(prisma, { kind: session.state.kind, name: name.data, mapping: session.state.mapping })
				return reply({ ok: true, message: { messageKey: 'importer.mapping.saved', params: { name: name.data } } })
			}
			case 'applyMapping': {
				const saved = (await listImportMappings(prisma, session.state.kind)).find((m) => m.id === form.get('mappingId'))
				if (!saved) throw new Response('Unknown mapping', { status: 400 })
				await setImportMapping(session, columnMappingSchema.parse(JSON.parse(saved.mapping)))
				return reply({ ok: true })
			}
			case 'fix': {
				const cells = new Map<number, string>()
				for (const [name, value] of form) {
					const index = /^cell\.(\d+)$/.exec(name)?.[1]
					if (index !== undefined && typeof value === 'string') cells.set(Number(index), value)
				}
				await fixImportRow(session, rowNumber.parse(form.get('row')), cells)
				return reply({ ok: true })
			}
			case 'rowAction': {
				await setImportRowAction(session, rowNumber.parse(form.get('row')), rowActionSchema.parse(form.get('action')))
				return reply({ ok: true })
			}
			case 'options': {
				const duplicateAction = duplicateActionSchema.parse(form.get('duplicateAction'))
				await setImportOptions(session, { duplicateAction, createMissingCompanies: form.get('createMissingCompanies') === 'on' })
				return reply({ ok: true })
			}
			case 'commit': {
				const job = await startImportCommit(session)
				return reply({ ok: true, job })
			}
			case 'cancel': {
				await cancelImport(session)
				return redirect('/data/import')
			}
			default:
				throw new Response('Unknown form', { status: 400 })
		}
	} catch (error) {
		if (error instanceof ImportError) return reply({ ok: false, error: { messageKey: error.messageKey, params: error.params } }, 409)
		if (error instanceof z.ZodError) throw new Response('Invalid form', { status: 400 })
		throw error
	}
}

/**
 * Not after starting the commit: the job removes the session when it is done, so
 * reloading the preview could race it into a 404. The page polls the job instead.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
	actionResult && typeof actionResult === 'object' && 'job' in actionResult ? false : defaultShouldRevalidate

type HandleData = Awaited<ReturnType<typeof loader>>
export const handle = pageTitle<HandleData>(({ session }, { t }) => t('importer.preview.title', { file: session.fileName }))

export default function ImportPreviewPage() {
	const { session, preview, previewError, job } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const { t } = useTranslation()
	// The commit's answer is newer than the page's job (a retry after an interruption has the same id).
	const initialJob = (result?.ok ? result.job : undefined) ?? job
	const summary = preview?.summary ?? null
	return (
		<>
			<p>
				<Link to="/data/import">← {t('importer.preview.back')}</Link>
			</p>
			<h1>{t('importer.preview.title', { file: session.fileName })}</h1>
			<p className="muted">
				{t('importer.preview.kind', { kind: t(`importer.kinds.${session.kind}`) })} · {t(`importer.formats.${session.format}`)}
				{session.encoding ? (
					<>
						{' '}
						· <span data-testid="import-encoding">{t('importer.encodingUsed', { encoding: t(`importer.encodings.${session.encoding}`) })}</span>
					</>
				) : null}
			</p>
			{result && !result.ok ? (
				<p className="form-error" role="alert">
					{t(result.error.messageKey, result.error.params)}
				</p>
			) : null}
			{previewError ? (
				<p className="form-error" role="alert" data-testid="import-preview-error">
					{t(previewError.messageKey, previewError.params)}
				</p>
			) : null}
			{result?.ok && result.message ? (
				<p className="form-success" role="status">
					{t(result.message.messageKey, result.message.params)}
				</p>
			) : null}

			{summary ? (
				<ul className="import-summary" data-testid="import-summary">
					{(['rows', 'valid', 'invalid', 'duplicates', 'create', 'update', 'skip'] as const).map((key) => (
						<li key={key} className={key === 'invalid' && summary.invalid > 0 ? 'has-errors' : undefined} data-testid={`import-count-${key}`}>
							<span className="import-summary-value">{summary[key]}</span> {t(`importer.summary.${key}`)}
						</li>
					))}
				</ul>
			) : null}

			<CommitPanel summary={summary} unchecked={previewError !== null} initialJob={initialJob} />
			{summary ? (
				<>
					<MappingSection />
					<OptionsSection />
					<InvalidSection />
					<DuplicatesSection />
					<WarningsSection />
					<PreviewTable />
				</>
			) : null}

			<Form
				method="post"
				onSubmit={(event) => {
					if (!confirm(t('importer.preview.confirmCancel'))) event.preventDefault()
				}}
			>
				<input type="hidden" name="intent" value="cancel" />
				<button type="submit" className="button-danger" data-testid="import-cancel">
					{t('importer.preview.cancel')}
				</button>
			</Form>
		</>
	)
}

function useFieldLabel() {
	const { t } = useTranslation()
	const { session } = useLoaderData<typeof loader>()
	return (field: string) => t(`importer.fields.${session.kind}.${field}`)
}

function IssueText({ issue }: { issue: Pick<RowIssue, 'messageKey' | 'params'> }) {
	const { t } = useTranslation()
	return <>{t(issue.messageKey, issue.params)}</>
}

/** The preview, in the parts of the page shown only with one (not while the commit runs). */
function usePreview() {
	const { preview } = useLoaderData<typeof loader>()
	if (!preview) throw new Error('the import preview is rendered only with a preview')
	return preview
}

type Preview = ReturnType<typeof usePreview>

/**
 * The commit button, then a progress bar polled from the job's resource route until the job ends.
 * Without a summary (the page was loaded while the commit ran, or the rows could not be checked:
 * `unchecked`) it shows the progress only.
 */
function CommitPanel({ summary, unchecked, initialJob }: { summary: Preview['summary'] | null; unchecked: boolean; initialJob: ImportJobView | null }) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const navigate = useNavigate()
	const revalidator = useRevalidator()
	const poll = useFetcher<ImportJobView>()
	// A poll of an earlier run (before a retry) is older than the retry's own answer.
	const polled = poll.data && (!initialJob || poll.data.startedAt >= initialJob.startedAt) ? poll.data : null
	const job = polled ?? initialJob
	const jobId = job?.id ?? null
	const running = job?.status === 'running'

	useEffect(() => {
		if (!jobId || !running) return
		const timer = setInterval(() => poll.load(`/data/import/jobs/${jobId}`), 500)
		return () => clearInterval(timer)
		// Restarted only for another job or when it ends; poll.load keeps working across renders.
	}, [jobId, running])

	const finished = job?.status === 'committed' ? job.result : null
	useEffect(() => {
		if (finished?.batchId) navigate(`/data/import?batch=${finished.batchId}`)
		else if (finished) navigate('/data/import')
	}, [finished, navigate])

	const failed = job?.status === 'failed' ? job.error : null
	// A commit that ended without writing leaves the upload to fix: the page loads its preview again.
	const ended = job !== null && job.status !== 'running' && job.status !== 'committed'
	useEffect(() => {
		if (ended && !summary && !unchecked && revalidator.state === 'idle') revalidator.revalidate()
	}, [ended, summary, unchecked, revalidator])

	const blocking = summary?.blocking ?? 0
	const writes = summary ? summary.create + summary.update : 0
	const submitting = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'commit'
	return (
		<section className="import-commit" aria-live="polite">
			{blocking > 0 ? <p className="form-error">{t('importer.commit.blocked', { count: blocking })}</p> : null}
			{summary && blocking === 0 && writes === 0 ? <p className="muted">{t('importer.commit.nothing')}</p> : null}
			{failed ? (
				<p className="form-error" role="alert" data-testid="import-failed">
					{t(failed.messageKey, failed.params)}
				</p>
			) : null}
			{job?.status === 'interrupted' ? (
				<p className="form-error" role="alert" data-testid="import-interrupted">
					{t('importer.commit.interrupted')}
				</p>
			) : null}
			{running ? (
				<div data-testid="import-running">
					<p>{t('importer.commit.running')}</p>
					<progress
						className="import-progress"
						value={job?.done ?? 0}
						max={Math.max(job?.total ?? 0, 1)}
						aria-label={t('importer.commit.running')}
						data-testid="import-progress"
					/>{' '}
					<span className="muted">{t('importer.commit.progress', { done: job?.done ?? 0, total: job?.total ?? 0 })}</span>
				</div>
			) : summary ? (
				<Form method="post">
					<input type="hidden" name="intent" value="commit" />
					<button type="submit" className="button-primary" disabled={blocking > 0 || writes === 0 || submitting} data-testid="import-commit">
						{t('importer.commit.button')}
					</button>
				</Form>
			) : null}
		</section>
	)
}

function MappingSection() {
	const { session, fields, savedMappings } = useLoaderData<typeof loader>()
	const preview = usePreview()
	const { t } = useTranslation()
	const label = useFieldLabel()
	const firstRow = preview.preview[0]?.cells ?? []
	return (
		<section aria-labelledby="mapping-heading">
			<h2 id="mapping-heading">{t('importer.mapping.title')}</h2>
			<p className="muted">{t('importer.mapping.hint')}</p>
			{preview.missingFields.length > 0 ? (
				<p className="form-error" role="alert" data-testid="import-missing-fields">
					{t('importer.mapping.missing', { fields: preview.missingFields.map(label).join('、') })}
				</p>
			) : null}
			<Form method="post" key={JSON.stringify(session.mapping)}>
				<input type="hidden" name="intent" value="mapping" />
				<div className="table-scroll">
					<table className="data-table compact import-mapping">
						<thead>
							<tr>
								<th>{t('importer.mapping.column')}</th>
								<th>{t('importer.mapping.sample')}</th>
								<th>{t('importer.mapping.field')}</th>
							</tr>
						</thead>
						<tbody>
							{session.headers.map((header, i) => (
								<tr key={header}>
									<th scope="row">{header}</th>
									<td className="muted">{firstRow[i]}</td>
									<td>
										<select name={`map.${i}`} defaultValue={session.mapping[header] ?? ''} aria-label={header} data-testid={`import-map-${i}`}>
											<option value="">{t('importer.mapping.ignore')}</option>
											{fields.map((field) => (
												<option key={field} value={field}>
													{label(field)}
												</option>
											))}
										</select>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
				<p>
					<button type="submit">{t('importer.mapping.apply')}</button>
				</p>
			</Form>
			<div className="form-row">
				{savedMappings.length > 0 ? (
					<Form method="post" className="form-row">
						<input type="hidden" name="intent" value="applyMapping" />
						<label>
							{t('importer.mapping.load')}{' '}
							<select name="mappingId">
								{savedMappings.map((m) => (
									<option key={m.id} value={m.id}>
										{m.name}
									</option>
								))}
							</select>
						</label>
						<button type="submit">{t('importer.mapping.use')}</button>
					</Form>
				) : null}
				<Form method="post" className="form-row">
					<input type="hidden" name="intent" value="saveMapping" />
					<label>
						{t('importer.mapping.saveName')} <input name="name" required maxLength={64} />
					</label>
					<button type="submit">{t('importer.mapping.save')}</button>
				</Form>
			</div>
		</section>
	)
}

function OptionsSection() {
	const { session } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const kind: ImportKind = session.kind
	return (
		<Form method="post" className="form-row import-options" key={`${session.duplicateAction}:${session.createMissingCompanies}`}>
			<input type="hidden" name="intent" value="options" />
			<label>
				{t('importer.duplicates.bulk')}{' '}
				<select name="duplicateAction" defaultValue={session.duplicateAction} data-testid="import-bulk-action">
					<option value="skip">{t('importer.actions.skip')}</option>
					<option value="update">{t('importer.actions.update')}</option>
				</select>
			</label>
			{kind !== 'companies' ? (
				<label>
					<input type="checkbox" name="createMissingCompanies" defaultChecked={session.createMissingCompanies} /> {t('importer.options.createMissingCompanies')}
				</label>
			) : null}
			<button type="submit">{t('importer.options.save')}</button>
		</Form>
	)
}

/** Rows with errors: the mapped cells as inputs, saved as fixes (overrides) and checked again. */
function InvalidSection() {
	const { session } = useLoaderData<typeof loader>()
	const preview = usePreview()
	const { t } = useTranslation()
	const columns = session.headers.flatMap((header, i) => (session.mapping[header] ? [{ header, index: i }] : []))
	if (preview.invalid.length === 0) return null
	return (
		<section aria-labelledby="invalid-heading">
			<h2 id="invalid-heading">{t('importer.invalid.title', { count: preview.summary.invalid })}</h2>
			<p className="muted">{t('importer.invalid.hint')}</p>
			<div className="table-scroll">
				<table className="data-table compact edit-table import-fix" data-testid="import-invalid">
					<thead>
						<tr>
							<th>{t('importer.preview.row')}</th>
							{columns.map((c) => (
								<th key={c.header}>{c.header}</th>
							))}
							<th>{t('app.actions')}</th>
						</tr>
					</thead>
					<tbody>
						{preview.invalid.map((row) => (
							<InvalidRow key={`${row.row}:${row.cells.join('\u0000')}`} row={row} columns={columns} />
						))}
					</tbody>
				</table>
			</div>
			{preview.summary.invalid > preview.invalid.length ? <p className="muted">{t('importer.invalid.more', { shown: preview.invalid.length })}</p> : null}
		</section>
	)
}

function InvalidRow({ row, columns }: { row: Preview['invalid'][number]; columns: { header: string; index: number }[] }) {
	const { t } = useTranslation()
	const fixer = useFetcher<typeof action>()
	const skipper = useFetcher<typeof action>()
	const formId = `fix-row-${row.row}`
	const skipped = row.action === 'skip'
	const rowIssues = row.issues.filter((issue) => issue.column === null || !columns.some((c) => c.header === issue.column))
	return (
		<tr data-testid={`invalid-row-${row.row}`} className={skipped ? 'row-skipped' : undefined}>
			<th scope="row">{row.row}</th>
			{columns.map(({ header, index }) => {
				const issues = row.issues.filter((issue) => issue.column === header)
				const invalid = issues.some((issue) => issue.level === 'error')
				return (
					<td key={header} className={invalid ? 'cell-error' : undefined}>
						<input
							form={formId}
							name={`cell.${index}`}
							defaultValue={row.cells[index]}
							aria-label={`${header}（${row.row}）`}
							aria-invalid={invalid || undefined}
						/>
						{issues.map((issue) => (
							<span key={issue.messageKey} className={issue.level === 'error' ? 'field-error' : 'field-hint muted'}>
								<IssueText issue={issue} />
							</span>
						))}
					</td>
				)
			})}
			<td className="row-actions">
				{rowIssues.map((issue) => (
					<span key={issue.messageKey} className="field-error">
						<IssueText issue={issue} />
					</span>
				))}
				<fixer.Form method="post" id={formId} className="inline-form">
					<input type="hidden" name="intent" value="fix" />
					<input type="hidden" name="row" value={row.row} />
					<button type="submit" className="button-primary" disabled={fixer.state !== 'idle'} data-testid={`fix-row-${row.row}`}>
						{t('importer.invalid.fix')}
					</button>
				</fixer.Form>
				<skipper.Form method="post" className="inline-form">
					<input type="hidden" name="intent" value="rowAction" />
					<input type="hidden" name="row" value={row.row} />
					<input type="hidden" name="action" value={skipped ? 'create' : 'skip'} />
					<button type="submit" disabled={skipper.state !== 'idle'} data-testid={`skip-row-${row.row}`}>
						{skipped ? t('importer.invalid.unskip') : t('importer.invalid.skip')}
					</button>
				</skipper.Form>
				{skipped ? <span className="badge">{t('importer.invalid.skipped')}</span> : null}
			</td>
		</tr>
	)
}

function DuplicatesSection() {
	const preview = usePreview()
	const { t } = useTranslation()
	if (preview.duplicates.length === 0) return null
	return (
		<section aria-labelledby="duplicates-heading">
			<h2 id="duplicates-heading">{t('importer.duplicates.title', { count: preview.summary.duplicates })}</h2>
			<p className="muted">{t('importer.duplicates.hint')}</p>
			<div className="table-scroll">
				<table className="data-table compact" data-testid="import-duplicates">
					<thead>
						<tr>
							<th>{t('importer.preview.row')}</th>
							<th>{t('importer.preview.status')}</th>
							<th>{t('importer.duplicates.action')}</th>
						</tr>
					</thead>
					<tbody>
						{preview.duplicates.map((row) => (
							<DuplicateRow key={`${row.row}:${row.action}`} row={row} />
						))}
					</tbody>
				</table>
			</div>
		</section>
	)
}

function DuplicateRow({ row }: { row: Preview['duplicates'][number] }) {
	const { t } = useTranslation()
	const fetcher = useFetcher<typeof action>()
	return (
		<tr data-testid={`duplicate-row-${row.row}`}>
			<th scope="row">{row.row}</th>
			<td>
				<strong>{row.label}</strong>{' '}
				<span className="muted">
					{row.inFileDuplicateOf !== null
						? t('importer.duplicates.inFile', { row: row.inFileDuplicateOf })
						: row.duplicate
							? t('importer.duplicates.existing', { label: row.duplicate.label, by: t(`importer.duplicates.by.${row.duplicate.by}`) })
							: null}
				</span>
			</td>
			<td>
				<fetcher.Form method="post" className="inline-form">
					<input type="hidden" name="intent" value="rowAction" />
					<input type="hidden" name="row" value={row.row} />
					<select
						name="action"
						defaultValue={row.action}
						aria-label={t('importer.duplicates.action')}
						disabled={row.allowedActions.length < 2}
						onChange={(event) => fetcher.submit(event.currentTarget.form)}
						data-testid={`duplicate-action-${row.row}`}
					>
						{row.allowedActions.map((a: RowAction) => (
							<option key={a} value={a}>
								{t(`importer.actions.${a}`)}
							</option>
						))}
					</select>{' '}
					{row.allowedActions.length > 1 ? (
						<noscript>
							<button type="submit">{t('importer.duplicates.set')}</button>
						</noscript>
					) : null}
				</fetcher.Form>
			</td>
		</tr>
	)
}

function WarningsSection() {
	const preview = usePreview()
	const { t } = useTranslation()
	if (preview.warnings.length === 0) return null
	return (
		<details className="import-warnings">
			<summary>{t('importer.warnings.title', { count: preview.warnings.length })}</summary>
			<ul>
				{preview.warnings.map((w) => (
					<li key={`${w.row}:${w.column}:${w.messageKey}`}>
						{t('importer.preview.row')} {w.row} · {w.column}: <IssueText issue={w} />
					</li>
				))}
			</ul>
		</details>
	)
}

function PreviewTable() {
	const { session } = useLoaderData<typeof loader>()
	const preview = usePreview()
	const { t } = useTranslation()
	const label = useFieldLabel()
	return (
		<section aria-labelledby="preview-heading">
			<h2 id="preview-heading">{t('importer.preview.firstRows', { count: preview.preview.length })}</h2>
			<div className="table-scroll">
				<table className="data-table compact" data-testid="import-preview">
					<thead>
						<tr>
							<th>{t('importer.preview.row')}</th>
							<th>{t('importer.preview.status')}</th>
							{session.headers.map((header) => (
								<th key={header} className={session.mapping[header] ? undefined : 'muted'}>
									{header}
									<span className="field-hint">{session.mapping[header] ? `→ ${label(session.mapping[header])}` : t('importer.mapping.ignore')}</span>
								</th>
							))}
						</tr>
					</thead>
					<tbody>
						{preview.preview.map((row) => (
							<tr key={row.row} className={`import-status-${row.status}`}>
								<th scope="row">{row.row}</th>
								<td className="nowrap">{t(`importer.preview.statuses.${row.status}`)}</td>
								{session.headers.map((header, i) => (
									<td key={header} className={row.errorColumns.includes(header) ? 'cell-error' : undefined}>
										{row.cells[i]}
									</td>
								))}
							</tr>
						))}
					</tbody>
				</table>
			</div>
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
