import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream, existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import readline from 'node:readline'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { z } from 'zod'
import { dataDirectory, type Db, prisma } from '~/db.server'
import { type Actor } from '~/domain/auth/record-access'
import { roleSchema } from '~/domain/auth/roles'
import { type ColumnMapping, type ImportKind, importKindSchema, resolveMapping } from '~/domain/import/fields'
import { ImportFileError } from '~/domain/import/file-error'
import { MAX_FILE_BYTES } from '~/domain/import/limits'
import { readImportFile, type Sheet, type SheetRow } from '~/domain/import/read-file'
import {
	companyProbe,
	type DuplicateAction,
	duplicateActionSchema,
	type RowAction,
	rowActionSchema,
	validateImportInSlices,
	type ValidationOptions,
} from '~/domain/import/validate'
import { type PolicyFile, readPolicyFile } from '~/domain/policy/read-policy-file'
import { withoutNul } from '~/domain/text/text-field'
import { ImportError, type ImportOutcome, loadImportLookups, runImport } from './import-commit.server'
import { claimImportJob, dismissEndedImportJob, finishImportJob, getImportJob, reportImportProgress } from './import-job.server'
import { undoImport } from './import-undo.server'
import { loadRegionScope } from './region.server'

/**
 * An upload between preview and commit lives in data/imports/<id>/ next to the
 * database: the file as uploaded, the rows read from it (sheet.jsonl, so a preview
 * does not parse the file again) and state.json with the user's choices. Removed
 * after commit or cancel, and by the sweep once older than a day.
 */

const IMPORT_TTL_MS = 24 * 60 * 60 * 1000

const stateSchema = z.object({
	id: z.uuid(),
	kind: importKindSchema,
	fileName: z.string(),
	userId: z.string(),
	createdAt: z.iso.datetime(),
	format: z.enum(['csv', 'xlsx']),
	encoding: z.enum(['utf-8', 'gb18030']).nullable(),
	/** header → field, as resolved when the file was read or as the user chose */
	mapping: z.record(z.string(), z.string()),
	/** row → header → fixed value */
	overrides: z.record(z.string(), z.record(z.string(), z.string())),
	/** row → create | update | skip */
	actions: z.record(z.string(), rowActionSchema),
	duplicateAction: duplicateActionSchema,
	createMissingCompanies: z.boolean(),
})
export type ImportState = z.infer<typeof stateSchema>

/** Where sessions live: imports/ beside the SQLite file (data/imports by default). */
export function importRoot() {
	return path.join(dataDirectory(), 'imports')
}

const dirOf = (id: string) => path.join(importRoot(), id)
const stateFile = (id: string) => path.join(dirOf(id), 'state.json')
const sheetFile = (id: string) => path.join(dirOf(id), 'sheet.jsonl')
/** Where uploads made before sheet.jsonl kept their rows, as one JSON document. */
const legacySheetFile = (id: string) => path.join(dirOf(id), 'sheet.json')

/**
 * The rows as JSON lines, the sheet's head first and then a row a line: neither
 * writing nor reading holds 100,000 rows as one string (JSON escapes line breaks
 * inside cells, so a line is always one row).
 */
async function saveSheet(file: string, { rows, ...head }: Sheet) {
	function* lines() {
		yield `${JSON.stringify(head)}\n`
		for (const row of rows) yield `${JSON.stringify(row)}\n`
	}
	await pipeline(Readable.from(lines()), createWriteStream(file, 'utf8'))
}

/** The sheet's rows, one JSON line each, after its head line. */
async function* sheetLines(id: string) {
	yield* readline.createInterface({ input: createReadStream(sheetFile(id), 'utf8'), crlfDelay: Infinity })
}

/** The whole sheet, rows and all: what the preview and the commit read, where they run. */
export async function loadImportSheet(id: string): Promise<Sheet> {
	if (!existsSync(sheetFile(id))) return JSON.parse(await fs.readFile(legacySheetFile(id), 'utf8')) as Sheet
	let head: SheetHead | null = null
	const rows: Sheet['rows'] = []
	for await (const line of sheetLines(id)) {
		if (head === null) head = JSON.parse(line) as SheetHead
		else rows.push(JSON.parse(line) as SheetRow)
	}
	if (head === null) throw new Error(`import ${id}: empty sheet.jsonl`)
	return { ...head, rows }
}

/** The sheet without its rows: what the server's thread needs to show and change a session. */
export type SheetHead = Omit<Sheet, 'rows'>

async function loadSheetHead(id: string): Promise<SheetHead> {
	if (!existsSync(sheetFile(id))) {
		const { rows: _rows, ...head } = JSON.parse(await fs.readFile(legacySheetFile(id), 'utf8')) as Sheet
		return head
	}
	for await (const line of sheetLines(id)) return JSON.parse(line) as SheetHead
	throw new Error(`import ${id}: empty sheet.jsonl`)
}

/** One row of the sheet as read from the file, or null. */
async function loadSheetRow(id: string, row: number): Promise<SheetRow | null> {
	if (!existsSync(sheetFile(id))) return (JSON.parse(await fs.readFile(legacySheetFile(id), 'utf8')) as Sheet).rows.find((r) => r.row === row) ?? null
	let head = true
	for await (const line of sheetLines(id)) {
		if (head) {
			head = false
			continue
		}
		const parsed = JSON.parse(line) as SheetRow
		if (parsed.row === row) return parsed
	}
	return null
}

/** Writes the upload to disk as it arrives, refusing it once it passes the size limit. */
async function writeUpload(file: string, data: AsyncIterable<Uint8Array>) {
	const handle = await fs.open(file, 'w')
	let size = 0
	try {
		for await (const chunk of data) {
			size += chunk.byteLength
			if (size > MAX_FILE_BYTES) throw new ImportFileError('importer.file.tooLarge', { maxMb: MAX_FILE_BYTES / 1024 / 1024 })
			await handle.write(chunk)
		}
	} finally {
		await handle.close()
	}
}

/** An uploaded file on disk, in the folder its session will use. */
export type Upload = { id: string; fileName: string; file: string }

/** Stores an uploaded file as it arrives (never whole in memory); refused, and removed, once past the size limit. */
export async function receiveUpload(fileName: string, data: AsyncIterable<Uint8Array>): Promise<Upload> {
	const id = randomUUID()
	await fs.mkdir(dirOf(id), { recursive: true })
	const extension = path
		.extname(fileName)
		.toLowerCase()
		.replace(/[^.a-z0-9]/g, '')
	const file = path.join(dirOf(id), `upload${extension}`)
	try {
		await writeUpload(file, data)
	} catch (error) {
		await removeImportSession(id)
		throw error
	}
	// The name is shown and stored with the batch: without U+0000, which PostgreSQL's text cannot hold.
	return { id, fileName: withoutNul(path.basename(fileName)), file }
}

/**
 * Reads a received upload and opens its session (on the import worker when there
 * is one). A file that cannot be read (not CSV/XLSX, empty, too many rows…)
 * leaves nothing behind.
 */
export async function createImportSession(upload: Upload, kind: ImportKind, userId: string) {
	try {
		return await runImportTask({ task: 'read', upload, kind, userId })
	} catch (error) {
		// A worker that died reading (out of memory) could not clean up after itself.
		await removeImportSession(upload.id)
		throw error
	}
}

async function readUpload(upload: Upload, kind: ImportKind, userId: string) {
	try {
		const sheet = await readImportFile(await fs.readFile(upload.file), upload.fileName)
		const state: ImportState = {
			id: upload.id,
			kind,
			fileName: upload.fileName,
			userId,
			createdAt: new Date().toISOString(),
			format: sheet.format,
			encoding: sheet.encoding,
			mapping: resolveMapping(kind, sheet.headers),
			overrides: {},
			actions: {},
			duplicateAction: 'skip',
			createMissingCompanies: false,
		}
		await saveSheet(sheetFile(upload.id), sheet)
		await saveImportState(state)
		return state
	} catch (error) {
		await removeImportSession(upload.id)
		throw error
	}
}

/**
 * The session and its sheet's head, for its owner only; null when missing,
 * expired or someone else's. The rows stay on disk: the preview and the commit
 * read them where they run.
 */
export async function loadImportSession(id: string, userId: string): Promise<{ state: ImportState; sheet: SheetHead } | null> {
	if (!z.uuid().safeParse(id).success) return null
	const state = await readState(id)
	if (state?.userId !== userId) return null
	if (Date.now() - Date.parse(state.createdAt) > IMPORT_TTL_MS) {
		await removeImportSession(id)
		return null
	}
	return { state, sheet: await loadSheetHead(id) }
}

export async function saveImportState(state: ImportState) {
	// Write-then-rename: a reader never sees half a file.
	const temp = `${stateFile(state.id)}.${randomUUID()}.tmp`
	await fs.writeFile(temp, JSON.stringify(stateSchema.parse(state)))
	await fs.rename(temp, stateFile(state.id))
}

export async function removeImportSession(id: string) {
	if (z.uuid().safeParse(id).success) await fs.rm(dirOf(id), { recursive: true, force: true })
}

/** Removes sessions uploaded more than a day ago (abandoned uploads, broken folders by their age); returns how many. */
export async function sweepImportSessions(now = Date.now()) {
	let removed = 0
	for (const id of await fs.readdir(importRoot()).catch(() => [] as string[])) {
		const state = await readState(id)
		const since = state ? Date.parse(state.createdAt) : (await fs.stat(dirOf(id)).catch(() => null))?.mtimeMs
		if (since !== undefined && now - since > IMPORT_TTL_MS) {
			await fs.rm(dirOf(id), { recursive: true, force: true })
			removed++
		}
	}
	return removed
}

async function readState(id: string) {
	const parsed = stateSchema.safeParse(await fs.readFile(stateFile(id), 'utf8').then(JSON.parse, () => null))
	return parsed.success ? parsed.data : null
}

/** The user's imports not yet committed or cancelled, newest first. */
export async function listImportSessions(userId: string) {
	const entries = await fs.readdir(importRoot()).catch(() => [] as string[])
	const states: ImportState[] = []
	for (const id of entries) {
		const state = await readState(id)
		if (state?.userId === userId) states.push(state)
	}
	return states.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((s) => ({ id: s.id, kind: s.kind, fileName: s.fileName, createdAt: s.createdAt }))
}

// ---------- preview and commit ----------

export type ImportSession = NonNullable<Awaited<ReturnType<typeof loadImportSession>>>

/** The importing user as the access rules see them now (role, unit or region may have changed since the upload). */
async function importerOf(db: Db, userId: string): Promise<Actor> {
	const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, role: true, unitId: true, regionId: true } })
	// A user removed since the upload keeps no rights: validated as staff of no unit and no region.
	const role = roleSchema.catch('staff').parse(user?.role)
	const regionId = user?.regionId ?? null
	return { id: userId, role, unitId: user?.unitId ?? null, regionId, scope: await loadRegionScope(db, { role, regionId }) }
}

async function validationOptions(db: Db, state: ImportState): Promise<ValidationOptions & { importer: Actor }> {
	return {
		mapping: state.mapping,
		overrides: state.overrides,
		actions: state.actions,
		duplicateAction: state.duplicateAction,
		createMissingCompanies: state.createMissingCompanies,
		defaultOwnerId: state.userId,
		importer: await importerOf(db, state.userId),
	}
}

const PREVIEW_ROWS = 50
const LISTED_ROWS = 200

/** What the preview page shows: counts, the first rows, and the rows that need a fix or a choice (checked on the import worker when there is one). */
export function previewImport({ state }: ImportSession) {
	return runImportTask({ task: 'preview', state })
}

/** The session's rows (with the user's fixes and choices) checked against the database as it stands. */
async function validateSession(db: Db, state: ImportState, sheet: Sheet) {
	const options = await validationOptions(db, state)
	const lookups = await loadImportLookups(db, state.kind, options.importer.scope, companyProbe(state.kind, sheet, options), options.importer.regionId)
	return validateImportInSlices(state.kind, sheet, lookups, options)
}

async function buildPreview(db: Db, state: ImportState, sheet: Sheet) {
	const { rows, missingFields, summary } = await validateSession(db, state, sheet)
	// What a duplicate row is listed by: the company name, else the project title, else the lead's company.
	const labelField = ['name', 'title', 'company'].find((f) => Object.values(state.mapping).includes(f))
	const labelColumn = sheet.headers.findIndex((h) => state.mapping[h] === labelField)
	const status = (row: (typeof rows)[number]) =>
		!row.values ? 'invalid' : row.inFileDuplicateOf !== null ? 'inFileDuplicate' : row.duplicate ? 'duplicate' : 'ok'
	const brief = (row: (typeof rows)[number]) => ({ row: row.row, action: row.action, allowedActions: row.allowedActions, status: status(row) })
	const invalid = rows.filter((r) => !r.values)
	const duplicates = rows.filter((r) => r.duplicate || r.inFileDuplicateOf !== null)
	return {
		summary,
		missingFields,
		preview: rows
			.slice(0, PREVIEW_ROWS)
			.map((r) => ({ ...brief(r), cells: r.cells, errorColumns: r.issues.filter((i) => i.level === 'error').map((i) => i.column) })),
		invalid: invalid.slice(0, LISTED_ROWS).map((r) => ({ ...brief(r), cells: r.cells, issues: r.issues })),
		duplicates: duplicates.slice(0, LISTED_ROWS).map((r) => ({
			...brief(r),
			label: labelColumn >= 0 ? r.cells[labelColumn]! : '',
			duplicate: r.duplicate,
			inFileDuplicateOf: r.inFileDuplicateOf,
		})),
		warnings: rows.flatMap((r) => r.issues.filter((i) => i.level === 'warning').map((i) => ({ row: r.row, ...i }))).slice(0, LISTED_ROWS),
	}
}

/** Rows (as strings) the bulk duplicate choice applies to: duplicates of stored records or of earlier rows. */
async function duplicateRowsOf(db: Db, state: ImportState, sheet: Sheet) {
	const { rows } = await validateSession(db, state, sheet)
	return rows.filter((r) => r.duplicate || r.inFileDuplicateOf !== null).map((r) => String(r.row))
}

/** Turns a failed commit into what the page shows. */
function commitError(error: unknown) {
	if (error instanceof ImportError) return { messageKey: error.messageKey, params: error.params }
	console.error('import commit failed', error)
	return { messageKey: 'importer.commit.failed', params: {} }
}

/**
 * Starts the commit as a background job (the page polls its progress) and
 * returns the job. The upload's id is the job's: a second commit of the same
 * upload (a retry, a second tab) gets the running or committed job back, never
 * a second batch. The session is removed once the job has committed.
 */
export async function startImportCommit({ state }: ImportSession) {
	const { job, claimed } = await claimImportJob(prisma, { id: state.id, kind: state.kind, fileName: state.fileName, userId: state.userId })
	if (!claimed) return job
	void commitInBackground(state)
	return job
}

/**
 * The import work that reads whole files or writes whole batches: read an upload
 * into a session, check a session's rows for its preview or for the bulk
 * duplicate choice, commit it, undo a committed batch; and read a policy
 * document's file (.docx, .pdf, web page) into its text.
 */
export type ImportTask =
	| { task: 'read'; upload: Upload; kind: ImportKind; userId: string }
	| { task: 'policyFile'; fileName: string; bytes: Uint8Array }
	| { task: 'preview'; state: ImportState }
	| { task: 'duplicateRows'; state: ImportState }
	| { task: 'commit'; state: ImportState }
	| { task: 'undo'; batchId: string; actor: Actor; ip: string | null }

type ImportTaskResults = {
	read: ImportState
	policyFile: PolicyFile
	preview: Awaited<ReturnType<typeof buildPreview>>
	duplicateRows: string[]
	commit: ImportOutcome
	undo: Awaited<ReturnType<typeof undoImport>>
}
type ImportTaskResult<T extends ImportTask> = ImportTaskResults[T['task']]
type Progress = (done: number, total: number) => void

/** Runs import tasks somewhere else than here: the HTTP server's import worker (import-worker.server.ts). */
export type ImportTaskRunner = (task: ImportTask, onProgress?: Progress) => Promise<unknown>

const globalForTasks = globalThis as unknown as { __chainleadImportTaskRunner?: ImportTaskRunner | null }

/** Where import tasks run from now on: a runner, or null for this thread (tests, the CLI, `npm run dev`). */
export function setImportTaskRunner(runner: ImportTaskRunner | null) {
	globalForTasks.__chainleadImportTaskRunner = runner
}

function runImportTask<T extends ImportTask>(task: T, onProgress?: Progress): Promise<ImportTaskResult<T>> {
	const runner = globalForTasks.__chainleadImportTaskRunner
	return (runner ? runner(task, onProgress) : runImportTaskHere(task, onProgress)) as Promise<ImportTaskResult<T>>
}

/** Runs one import task on this thread: what the import worker does, and the fallback without one. */
export async function runImportTaskHere(task: ImportTask, onProgress: Progress = () => {}): Promise<ImportTaskResults[ImportTask['task']]> {
	if (task.task === 'read') return readUpload(task.upload, task.kind, task.userId)
	if (task.task === 'policyFile') return readPolicyFile(task.bytes, task.fileName)
	if (task.task === 'undo') return undoImport(prisma, task.batchId, task.actor, task.ip)
	const state = stateSchema.parse(task.state)
	const sheet = await loadImportSheet(state.id)
	switch (task.task) {
		case 'preview':
			return buildPreview(prisma, state, sheet)
		case 'duplicateRows':
			return duplicateRowsOf(prisma, state, sheet)
		case 'commit':
			return runImport(
				prisma,
				{ kind: state.kind, sheet, options: await validationOptions(prisma, state), fileName: state.fileName, userId: state.userId },
				{ onProgress, jobId: state.id },
			)
	}
}

/**
 * A policy document's file read into its text on the import worker: a hostile
 * .docx or .pdf costs that thread's heap and time, not the server's (ADR 0024).
 * Refusals are ImportFileErrors (policyImport.file.*), running out of the
 * worker's heap an ImportError.
 */
export function readPolicyUpload(fileName: string, bytes: Uint8Array) {
	return runImportTask({ task: 'policyFile', fileName, bytes })
}

async function commitInBackground(state: ImportState) {
	try {
		const outcome = await runImportTask({ task: 'commit', state }, (done, total) => reportImportProgress(state.id, done, total))
		if (outcome.errors.length > 0) throw new ImportError('importer.commit.blocked', { count: outcome.errors.length })
		// A batch marked the job committed in its transaction; without one there was nothing to write.
		await finishImportJob(prisma, state.id, {
			result: { batchId: outcome.batchId, created: outcome.created, updated: outcome.updated, skipped: outcome.skipped },
		})
		await removeImportSession(state.id)
	} catch (error) {
		await finishImportJob(prisma, state.id, { error: commitError(error) })
	}
}

/**
 * Undoes a committed batch (on the import worker when there is one): removing
 * 50,000 imported companies with their audit rows is seconds of statements that
 * would otherwise hold the server's thread.
 */
export function undoImportBatch(batchId: string, actor: Actor, ip: string | null) {
	return runImportTask({ task: 'undo', batchId, actor, ip })
}

// ---------- the user's choices ----------

/** Changes are refused while the commit job runs (it works on the state it started with) and after it committed. */
async function assertIdle({ state }: ImportSession) {
	const job = await getImportJob(prisma, state.id, state.userId)
	if (job?.status === 'running' || job?.status === 'committed') throw new ImportError('importer.commit.busy')
}

async function update(session: ImportSession, patch: Partial<Omit<ImportState, 'id' | 'userId' | 'kind'>>) {
	await assertIdle(session)
	await dismissEndedImportJob(prisma, session.state.id)
	await saveImportState({ ...session.state, ...patch })
}

/** Drops the upload and its choices. */
export async function cancelImport(session: ImportSession) {
	await assertIdle(session)
	await removeImportSession(session.state.id)
}

/** The user's column choices (header → field, "" to ignore); recognised headers fill the rest. */
export function setImportMapping(session: ImportSession, chosen: ColumnMapping) {
	return update(session, { mapping: resolveMapping(session.state.kind, session.sheet.headers, chosen) })
}

/** Fixed cells of one row (column index → value); a value equal to the file's drops the fix. */
export async function fixImportRow(session: ImportSession, row: number, cells: ReadonlyMap<number, string>) {
	const original = (await loadSheetRow(session.state.id, row))?.cells ?? []
	const fixes: Record<string, string> = { ...session.state.overrides[String(row)] }
	for (const [index, value] of cells) {
		const header = session.sheet.headers[index]
		if (header === undefined) continue
		if (value.trim() === (original[index] ?? '')) delete fixes[header]
		else fixes[header] = value.trim()
	}
	const overrides: ImportState['overrides'] = { ...session.state.overrides, [row]: fixes }
	if (Object.keys(fixes).length === 0) delete overrides[row]
	return update(session, { overrides })
}

export function setImportRowAction(session: ImportSession, row: number, action: RowAction) {
	return update(session, { actions: { ...session.state.actions, [row]: action } })
}

/**
 * The bulk choice for duplicates replaces the per-row choices made on duplicate
 * rows; skips chosen on other rows (rows with errors) stay.
 */
export async function setImportOptions(session: ImportSession, options: { duplicateAction: DuplicateAction; createMissingCompanies: boolean }) {
	const duplicates = new Set(await runImportTask({ task: 'duplicateRows', state: session.state }))
	const actions = Object.fromEntries(Object.entries(session.state.actions).filter(([row]) => !duplicates.has(row)))
	await update(session, { ...options, actions })
}
