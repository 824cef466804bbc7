import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect, unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { refuseFilesOver } from '~/components/file-size-limit'
import { prisma } from '~/db.server'
import { actorOf } from '~/domain/auth/record-access'
import { IMPORT_UPLOAD_BODY_LIMIT_BYTES } from '~/domain/http/body-limits'
import { IMPORT_KINDS, importKindSchema } from '~/domain/import/fields'
import { ImportFileError } from '~/domain/import/file-error'
import { MAX_COLUMNS, MAX_DATA_ROWS, MAX_FILE_BYTES } from '~/domain/import/limits'
import { hasNul } from '~/domain/text/text-field'
import { type ChangedRecord, ImportError } from '~/models/import-commit.server'
import { listImportBatches } from '~/models/import-history.server'
import { createImportSession, listImportSessions, receiveUpload, removeImportSession, undoImportBatch, type Upload } from '~/models/import-session.server'
import { requirePermission } from '~/utils/auth.server'
import { formatDate } from '~/utils/format'
import { formText } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { clientAddressOf } from '~/utils/request-context.server'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const [batches, sessions] = await Promise.all([listImportBatches(prisma), listImportSessions(user.id)])
	const finished = new URL(request.url).searchParams.get('batch')
	return { batches, sessions, finished: batches.find((b) => b.id === finished) ?? null }
}

type Message = { messageKey: string; params: Record<string, string | number> }
export type ImportPageActionResult = { ok: true; undo: { deleted: number; restored: number } } | { ok: false; error: Message; records?: ChangedRecord[] }

const MAX_MB = MAX_FILE_BYTES / 1024 / 1024

function refused(error: Message, status = 400) {
	return data<ImportPageActionResult>({ ok: false, error }, { status })
}

export async function action({ request, context }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	if ((request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) return upload(request, user.id)
	const form = await request.formData()
	if (form.get('intent') !== 'undo') throw new Response('Unknown form', { status: 400 })
	try {
		const raw = formText(form, 'batchId') ?? ''
		// An id with U+0000 names no batch (and is never looked up: PostgreSQL's text cannot hold it).
		const batchId = hasNul(raw) ? '' : raw
		const undo = await undoImportBatch(batchId, actorOf(user), clientAddressOf(context))
		return data<ImportPageActionResult>({ ok: true, undo })
	} catch (error) {
		if (error instanceof ImportError) {
			return data<ImportPageActionResult>(
				{ ok: false, error: { messageKey: error.messageKey, params: error.params }, records: error.records },
				{ status: error.status },
			)
		}
		throw error
	}
}

/** Streams the file to disk (refused past 50 MB before anything is parsed), reads it, and opens its preview. */
async function upload(request: Request, userId: string) {
	if (Number(request.headers.get('Content-Length') ?? 0) > IMPORT_UPLOAD_BODY_LIMIT_BYTES) {
		return refused({ messageKey: 'importer.file.tooLarge', params: { maxMb: MAX_MB } }, 413)
	}
	let received: Upload | null = null
	const handler: UploadHandler = async ({ name, filename, data: bytes }) => {
		if (name === 'file' && filename && !received) {
			received = await receiveUpload(filename, bytes)
			return received.id
		}
		// Other fields (the kind) are short text.
		let text = ''
		const decoder = new TextDecoder()
		for await (const chunk of bytes) if (text.length < 100) text += decoder.decode(chunk, { stream: true })
		return filename === undefined ? text.slice(0, 100) : undefined
	}
	try {
		const form = await unstable_parseMultipartFormData(request, handler)
		const file = received as Upload | null
		if (!file) return refused({ messageKey: 'importer.file.required', params: {} })
		const kind = importKindSchema.safeParse(form.get('kind'))
		if (!kind.success) {
			await removeImportSession(file.id)
			throw new Response('Unknown import kind', { status: 400 })
		}
		const state = await createImportSession(file, kind.data, userId)
		return redirect(`/data/import/${state.id}`)
	} catch (error) {
		if (error instanceof ImportFileError)
			return refused({ messageKey: error.messageKey, params: error.params }, error.messageKey === 'importer.file.tooLarge' ? 413 : 400)
		// The import worker ran out of its memory reading the file (ADR 0017).
		if (error instanceof ImportError) return refused({ messageKey: error.messageKey, params: error.params }, 413)
		throw error
	}
}

export const handle = pageTitle('importer.title')

export default function ImportPage() {
	const { batches, sessions, finished } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const navigation = useNavigation()
	const { t } = useTranslation()
	const uploading = navigation.state === 'submitting' && navigation.formEncType === 'multipart/form-data'
	return (
		<>
			<p>
				<Link to="/data">← {t('data.title')}</Link>
			</p>
			<h1>{t('importer.title')}</h1>
			<p className="intro">{t('importer.intro')}</p>
			{finished ? (
				<p className="form-success" role="status" data-testid="import-done">
					{t('importer.done', { created: finished.created, updated: finished.updated, skipped: finished.skipped })}
				</p>
			) : null}
			{result?.ok ? (
				<p className="form-success" role="status">
					{t('importer.undo.done', result.undo)}
				</p>
			) : null}
			{result && !result.ok ? (
				<div className="form-error" role="alert" data-testid="import-error">
					<p>{t(result.error.messageKey, result.error.params)}</p>
					{result.records && result.records.length > 0 ? (
						<ul data-testid="undo-changed-records">
							{result.records.map((record) => (
								<li key={`${record.entity}:${record.entityId}`}>
									{t('importer.undo.changedRecord', {
										entity: t(`importer.entities.${record.entity}`, { defaultValue: record.entity }),
										label: record.label,
										at: formatDate(record.at),
										by: record.by ?? t('app.unknown'),
									})}
								</li>
							))}
						</ul>
					) : null}
				</div>
			) : null}

			<section aria-labelledby="upload-heading" className="import-upload">
				<h2 id="upload-heading">{t('importer.upload.title')}</h2>
				<Form method="post" encType="multipart/form-data" className="form-row" data-testid="import-upload-form">
					<label>
						{t('importer.upload.kind')}{' '}
						<select name="kind" defaultValue="companies" data-testid="import-kind">
							{IMPORT_KINDS.map((kind) => (
								<option key={kind} value={kind}>
									{t(`importer.kinds.${kind}`)}
								</option>
							))}
						</select>
					</label>
					<label>
						{t('importer.upload.file')}{' '}
						<input
							type="file"
							name="file"
							required
							accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
							onChange={refuseFilesOver(MAX_FILE_BYTES, t('importer.file.tooLarge', { maxMb: MAX_MB }))}
							data-testid="import-file"
						/>
					</label>
					<button type="submit" className="button-primary" disabled={uploading} data-testid="import-upload">
						{uploading ? t('importer.upload.uploading') : t('importer.upload.submit')}
					</button>
				</Form>
				<p className="muted">{t('importer.upload.hint', { maxMb: MAX_MB, maxRows: MAX_DATA_ROWS.toLocaleString(), maxColumns: MAX_COLUMNS })}</p>
			</section>

			{sessions.length > 0 ? (
				<section aria-labelledby="sessions-heading">
					<h2 id="sessions-heading">{t('importer.sessions.title')}</h2>
					<ul className="plain-list">
						{sessions.map((s) => (
							<li key={s.id}>
								<Link to={`/data/import/${s.id}`}>{s.fileName}</Link> · {t(`importer.kinds.${s.kind}`)} · {t('importer.sessions.uploadedAt')}{' '}
								{formatDate(s.createdAt)}
							</li>
						))}
					</ul>
				</section>
			) : null}

			<section aria-labelledby="history-heading">
				<h2 id="history-heading">{t('importer.history.title')}</h2>
				<div className="table-scroll">
					<table className="data-table import-history" data-testid="import-history">
						<thead>
							<tr>
								<th>{t('importer.history.at')}</th>
								<th>{t('importer.history.kind')}</th>
								<th>{t('importer.history.file')}</th>
								<th>{t('importer.history.user')}</th>
								<th className="num">{t('importer.history.rows')}</th>
								<th className="num">{t('importer.history.created')}</th>
								<th className="num">{t('importer.history.updated')}</th>
								<th className="num">{t('importer.history.skipped')}</th>
								<th>{t('importer.history.status')}</th>
							</tr>
						</thead>
						<tbody>
							{batches.length === 0 ? (
								<tr>
									<td colSpan={9} className="muted import-history-empty">
										{t('importer.history.empty')}
									</td>
								</tr>
							) : null}
							{batches.map((batch) => (
								<tr key={batch.id} data-testid={`import-batch-${batch.id}`}>
									<td className="nowrap import-history-at">{formatDate(batch.createdAt)}</td>
									<td>{t(`importer.kinds.${batch.kind}`, { defaultValue: batch.kind })}</td>
									<td className="import-history-file">{batch.fileName}</td>
									<td>{batch.user?.name}</td>
									{(['rowCount', 'created', 'updated', 'skipped'] as const).map((count) => (
										<td key={count} className="num import-history-count" data-label={t(`importer.history.${count === 'rowCount' ? 'rows' : count}`)}>
											{batch[count]}
										</td>
									))}
									<td className="import-history-status">
										{batch.undoneAt ? (
											<span className="muted">{t('importer.history.undone', { at: formatDate(batch.undoneAt) })}</span>
										) : (
											<Form
												method="post"
												className="inline-form"
												onSubmit={(event) => {
													if (!confirm(t('importer.history.confirmUndo'))) event.preventDefault()
												}}
											>
												<input type="hidden" name="intent" value="undo" />
												<input type="hidden" name="batchId" value={batch.id} />
												{t('importer.history.active')}{' '}
												<button type="submit" className="button-danger" data-testid="import-undo">
													{t('importer.history.undo')}
												</button>
											</Form>
										)}
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
