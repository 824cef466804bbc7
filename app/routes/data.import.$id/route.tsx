import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { Form, Link, type ShouldRevalidateFunction, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { prisma } from '~/db.server'
import { columnMappingSchema, fieldsOf } from '~/domain/import/fields'
import { duplicateActionSchema, rowActionSchema } from '~/domain/import/validate'
import { userText } from '~/domain/text/text-field'
import { ImportError } from '~/models/import-commit.server'
import { listImportMappings, saveImportMapping } from '~/models/import-history.server'
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
import { requirePermission } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'
import { CommitPanel } from './commit-panel'
import { DuplicatesSection } from './duplicate-rows'
import { InvalidSection } from './invalid-rows'
import { MappingSection, OptionsSection } from './mapping-section'
import { PreviewTable, WarningsSection } from './preview-table'

/**
 * An upload's preview (ADR 0006): its column mapping, options, rows to fix or skip, duplicates and the commit with
 * its progress. The page's sections live in the files beside this one.
 */
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
	// A file posted as the intent matches no case: the default answers 400.
	const intent = form.get('intent')
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

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
