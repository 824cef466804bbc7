// Moving a county's SQLite data into a PostgreSQL installation (issue #12 §1, ADR 0023):
// every row of every table, through the two engines' Prisma clients, checked table by
// table, in one target transaction (all or nothing). The copy reads a snapshot of the
// SQLite file (its online backup API), so it is consistent even if the county's app
// still runs; writes made after the snapshot stay behind.
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { createPrisma, type Db, engineOf } from '~/db.server'
import { Prisma } from '~/generated/prisma/client'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]
type Row = Record<string, unknown>

/** A table as the copy sees it: its Prisma delegate and the key that pages it (its primary or unique key). */
type CopiedTable = { model: Prisma.ModelName; key: readonly string[]; pageSize?: number }

/**
 * Every table, each after the tables it references, so the target's foreign keys hold at every
 * insert. Region references itself: its rows go parents first (see orderedRegions).
 */
export const COPIED_TABLES: readonly CopiedTable[] = [
	{ model: 'Region', key: ['id'] },
	{ model: 'Unit', key: ['id'] },
	{ model: 'ServiceLevelSetting', key: ['id'] },
	{ model: 'User', key: ['id'] },
	{ model: 'Password', key: ['userId'] },
	{ model: 'CalendarFeed', key: ['id'] },
	{ model: 'Session', key: ['id'] },
	{ model: 'LoginThrottle', key: ['key'] },
	{ model: 'Chain', key: ['id'] },
	{ model: 'ChainLink', key: ['id'] },
	{ model: 'ChainEdge', key: ['id'] },
	{ model: 'Company', key: ['id'] },
	{ model: 'CompanyAlias', key: ['id'] },
	{ model: 'CompanyMerge', key: ['id'] },
	{ model: 'CompanyTag', key: ['companyId', 'tag'] },
	{ model: 'CompanyLink', key: ['id'] },
	{ model: 'Lead', key: ['id'] },
	{ model: 'Project', key: ['id'] },
	{ model: 'Activity', key: ['id'] },
	{ model: 'StageEvidence', key: ['id'] },
	{ model: 'ProjectLink', key: ['projectId', 'linkId'] },
	{ model: 'PolicyDocument', key: ['id'] },
	{ model: 'Quota', key: ['id'] },
	{ model: 'QuotaUnit', key: ['quotaId', 'unitId'] },
	{ model: 'QuotaManualEntry', key: ['id'] },
	{ model: 'QuotaYearValue', key: ['id'] },
	// Two workbooks per row: small pages keep the memory bounded.
	{ model: 'IssuedReport', key: ['id'], pageSize: 20 },
	{ model: 'PeriodAdjustment', key: ['id'] },
	{ model: 'AuditLog', key: ['id'] },
	{ model: 'SavedView', key: ['id'] },
	{ model: 'Scenario', key: ['id'] },
	{ model: 'LeadStageChange', key: ['id'] },
	{ model: 'ImportMapping', key: ['id'] },
	{ model: 'ImportBatch', key: ['id'] },
	{ model: 'ImportJob', key: ['id'] },
	{ model: 'ImportRecord', key: ['id'] },
	{ model: 'Notification', key: ['id'] },
	{ model: 'NotifyChannel', key: ['id'] },
	{ model: 'NotifyDelivery', key: ['id'] },
	{ model: 'DigestRun', key: ['id'] },
]

/**
 * SQLite's company search index (ADR 0018), rebuilt from the companies wherever it is needed:
 * PostgreSQL searches through its own trigram indexes and has nothing to copy.
 */
export const SQLITE_ONLY_TABLES: readonly Prisma.ModelName[] = ['CompanySearchEntry', 'CompanySearchDirty']

/**
 * Kept by each database's own triggers (ADR 0036): the target's migration writes its row, and its
 * count starts there; a copied count would say nothing about the target's writes.
 */
export const DATABASE_OWN_TABLES: readonly Prisma.ModelName[] = ['QuotaInputRevision']

const PAGE = 1_000

/** The copy cannot start or did not finish; nothing was written to the target. */
export class DatabaseCopyError extends Error {}

const delegateName = (model: Prisma.ModelName) => model.charAt(0).toLowerCase() + model.slice(1)

// The copy is generic over tables: every scalar column is copied, so it reads without a select
// and goes through the delegates by name (their types differ per model).
type Delegate = {
	findMany(args: object): Promise<Row[]>
	createMany(args: { data: Row[] }): Promise<unknown>
	count(): Promise<number>
}
const delegate = (db: Db | Tx, model: Prisma.ModelName) => (db as unknown as Record<string, Delegate>)[delegateName(model)]!

/** The rows of a table in key order, a page at a time (keyset paging on its key). */
async function* tableRows(db: Db | Tx, table: CopiedTable): AsyncGenerator<Row[]> {
	const pageSize = table.pageSize ?? PAGE
	const orderBy = table.key.map((k) => ({ [k]: 'asc' }))
	let last: Row | null = null
	for (;;) {
		const cursor: object | undefined = last
			? table.key.length === 1
				? { [table.key[0]!]: last[table.key[0]!] }
				: { [table.key.join('_')]: Object.fromEntries(table.key.map((k) => [k, last![k]])) }
			: undefined
		const page = await delegate(db, table.model).findMany({ orderBy, take: pageSize, ...(cursor ? { cursor, skip: 1 } : {}) })
		if (page.length === 0) return
		yield page
		if (page.length < pageSize) return
		last = page[page.length - 1]!
	}
}

/** Regions with every parent before its children (the table references itself). */
function orderedRegions(rows: Row[]) {
	const byId = new Map(rows.map((r) => [r.id as string, r]))
	const placed = new Set<string>()
	const ordered: Row[] = []
	const place = (row: Row, path: Set<string>) => {
		const id = row.id as string
		if (placed.has(id)) return
		if (path.has(id)) throw new DatabaseCopyError(`regions form a cycle at ${id}`)
		const parent = row.parentId === null ? undefined : byId.get(row.parentId as string)
		if (parent) place(parent, new Set([...path, id]))
		placed.add(id)
		ordered.push(row)
	}
	for (const row of rows) place(row, new Set())
	return ordered
}

/** Every region, parents before children, in pages (a few thousand at most: read at once to order them). */
async function* regionPages(db: Db | Tx) {
	const all: Row[] = []
	for await (const page of tableRows(db, { model: 'Region', key: ['id'] })) all.push(...page)
	const ordered = orderedRegions(all)
	for (let i = 0; i < ordered.length; i += PAGE) yield ordered.slice(i, i + PAGE)
}

/** The applied migrations of a database, or null when it has never been migrated. */
async function appliedMigrations(db: Db) {
	try {
		const rows = await db.$queryRaw<{ name: string }[]>`
			SELECT "migration_name" AS "name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`
		return new Set(rows.map((r) => r.name))
	} catch {
		return null
	}
}

/** The migrations checked in for an engine, by name. */
function checkedInMigrations(engine: 'sqlite' | 'postgresql') {
	const dir = engine === 'postgresql' ? path.join('prisma', 'postgresql', 'migrations') : path.join('prisma', 'migrations')
	return fs.readdirSync(dir).filter((name) => fs.existsSync(path.join(dir, name, 'migration.sql')))
}

async function missingMigrations(db: Db, engine: 'sqlite' | 'postgresql') {
	const applied = (await appliedMigrations(db)) ?? new Set<string>()
	return checkedInMigrations(engine).filter((name) => !applied.has(name))
}

/** Row counts of every copied table. */
export async function tableCounts(db: Db | Tx) {
	const counts: Record<string, number> = {}
	for (const table of COPIED_TABLES) counts[table.model] = await delegate(db, table.model).count()
	counts._IssuedReportToPeriodAdjustment = (await reportAdjustmentPairs(db)).length
	return counts
}

/** The implicit many-to-many rows between issued reports and the corrections listed on them. */
async function reportAdjustmentPairs(db: Db | Tx) {
	const adjustments = await db.periodAdjustment.findMany({ select: { id: true, issuedReports: { select: { id: true } } } })
	return adjustments.flatMap((a) => a.issuedReports.map((r) => ({ adjustmentId: a.id, reportId: r.id })))
}

/** A value as text that is the same for the same value on either engine (dates, amounts, bytes included). */
function canonical(value: unknown): string {
	if (value === null || value === undefined) return 'null'
	if (value instanceof Date) return `date:${value.toISOString()}`
	if (typeof value === 'bigint') return `bigint:${value}`
	if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('base64')}`
	if (typeof value === 'object' && value !== null && 'toFixed' in value) return `decimal:${(value as { toFixed: () => string }).toFixed()}`
	// NaN, ±Infinity and -0 are values of their own (JSON would write null, null and 0).
	if (typeof value === 'number') return `number:${Object.is(value, -0) ? '-0' : String(value)}`
	return JSON.stringify(value)
}

/** A row's fingerprint: SHA-256 of its columns by name. */
export function rowDigest(row: Row) {
	const text = Object.keys(row)
		.sort()
		.map((k) => `${k}=${canonical(row[k])}`)
		.join('\u0000')
	return crypto.createHash('sha256').update(text).digest()
}

/**
 * Per table: its row count and the sum (mod 2^256) of its rows' digests, which does not depend on
 * the order the engine returns rows in (collations differ) and changes with any value of any row.
 */
export async function tableDigests(db: Db | Tx) {
	const digests: Record<string, { rows: number; digest: string }> = {}
	const modulus = 1n << 256n
	for (const table of COPIED_TABLES) {
		let sum = 0n
		let rows = 0
		for await (const page of tableRows(db, table)) {
			for (const row of page) sum = (sum + BigInt(`0x${rowDigest(row).toString('hex')}`)) % modulus
			rows += page.length
		}
		digests[table.model] = { rows, digest: sum.toString(16).padStart(64, '0') }
	}
	const pairs = (await reportAdjustmentPairs(db)).map((p) => `${p.adjustmentId}|${p.reportId}`).sort()
	digests._IssuedReportToPeriodAdjustment = { rows: pairs.length, digest: crypto.createHash('sha256').update(pairs.join('\n')).digest('hex') }
	return digests
}

/**
 * A consistent copy of a SQLite file taken while it may be in use (SQLite's online backup API),
 * beside it: on the same disk, with the same permissions as the data it copies.
 */
async function snapshot(file: string) {
	const copy = `${file}.copy-snapshot-${process.pid}.db`
	const sqlite = new Database(file, { readonly: true, fileMustExist: true })
	try {
		await sqlite.backup(copy)
	} finally {
		sqlite.close()
	}
	return { file: copy, remove: () => fs.rmSync(copy, { force: true }) }
}

/** A database URL as it may be shown: without its password. */
export function redactedUrl(url: string) {
	try {
		const parsed = new URL(url)
		if (parsed.password) parsed.password = '***'
		return parsed.toString()
	} catch {
		return '(not a URL)'
	}
}

/**
 * What the target holds before anything is written to it: nothing at all (migrate it), or a
 * ChainLead database of exactly this version with every table empty (`npm start` in a real
 * install ran on it). Anything else is refused before any change.
 */
async function targetState(db: Db) {
	const tables = await db.$queryRaw<{ name: string }[]>`
		SELECT CAST("table_name" AS TEXT) AS "name" FROM information_schema.tables WHERE "table_schema" = current_schema() AND "table_type" = 'BASE TABLE'`
	if (tables.length === 0) return 'fresh' as const
	const applied = await appliedMigrations(db)
	const expected = checkedInMigrations('postgresql')
	if (!applied || applied.size !== expected.length || expected.some((name) => !applied.has(name))) {
		throw new DatabaseCopyError('the PostgreSQL database already has tables that are not this version of ChainLead: copy into a new, empty database')
	}
	const filled = Object.entries(await tableCounts(db)).filter(([, n]) => n > 0)
	if (filled.length > 0) {
		throw new DatabaseCopyError(`the PostgreSQL database is not empty (${filled.map(([t, n]) => `${t}: ${n}`).join(', ')}): copy into a new, empty database`)
	}
	return 'migrated' as const
}

/** Applies the PostgreSQL migrations to the target (as `npm start` would, without seeding). */
function migratePostgres(url: string) {
	try {
		execFileSync('node_modules/.bin/prisma', ['migrate', 'deploy', '--config', 'prisma.postgresql.config.ts'], {
			env: { ...process.env, DATABASE_URL: url },
			stdio: 'pipe',
		})
	} catch (error) {
		const output = error instanceof Error && 'stderr' in error ? String((error as { stderr: unknown }).stderr) : String(error)
		// Prisma ends with a backtrace: the cause is on its "Error" and P-code lines.
		const cause = output.split('\n').filter((line) => /^(Error|P\d{4}|Database error)/.test(line.trim()) || /\bERROR:/.test(line))
		throw new DatabaseCopyError(`could not migrate the PostgreSQL database: ${(cause.length > 0 ? cause : output.trim().split('\n').slice(0, 3)).join(' ')}`)
	}
}

/** The evidence files the copied rows name, from the source's data folder into the target's; a file already there must have its hash. */
function copyEvidenceFiles(sha256s: readonly string[], fromDir: string, toDir: string) {
	let copied = 0
	const missing: string[] = []
	if (path.resolve(fromDir) === path.resolve(toDir)) return { copied, missing }
	const hashOf = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
	for (const sha of sha256s) {
		const relative = path.join('evidence', sha.slice(0, 2), sha)
		const source = path.join(fromDir, relative)
		const target = path.join(toDir, relative)
		if (fs.existsSync(target) && hashOf(target) === sha) continue
		if (!fs.existsSync(source)) {
			missing.push(sha)
			continue
		}
		fs.mkdirSync(path.dirname(target), { recursive: true })
		const partial = `${target}.${process.pid}.tmp`
		fs.copyFileSync(source, partial)
		fs.renameSync(partial, target)
		copied++
	}
	return { copied, missing }
}

export type CopyOptions = {
	/** The SQLite file to copy. */
	sqliteFile: string
	/** The PostgreSQL database to fill: migrated here if needed, and empty. */
	postgresUrl: string
	/** Where the source keeps evidence files (the SQLite file's folder by default) and where the target does. */
	sourceDataDir?: string
	targetDataDir: string
	onTable?: (model: string, rows: number) => void
}

/**
 * Copies every row of the SQLite file into the PostgreSQL database in one transaction, then
 * compares both table by table (count and digest of every row). Refuses a source that lacks
 * migrations and a target that holds any row.
 */
export async function copySqliteToPostgres(options: CopyOptions) {
	if (engineOf(options.postgresUrl) !== 'postgresql')
		throw new DatabaseCopyError(`the target must be a PostgreSQL URL (postgresql://…): ${redactedUrl(options.postgresUrl)}`)
	const sqliteFile = path.resolve(options.sqliteFile)
	if (!fs.existsSync(sqliteFile)) throw new DatabaseCopyError(`SQLite file not found: ${sqliteFile}`)
	const snap = await snapshot(sqliteFile)
	const source = createPrisma(`file:${snap.file}`)
	const target = createPrisma(options.postgresUrl)
	try {
		const sourceMissing = await missingMigrations(source, 'sqlite')
		if (sourceMissing.length > 0) {
			throw new DatabaseCopyError(
				`the SQLite file lacks ${sourceMissing.length} migration(s) of this version (${sourceMissing[0]}…): start this version of ChainLead on it once (npm start), then copy`,
			)
		}
		// Refused before anything changes: only a fresh database is migrated here.
		if ((await targetState(target)) === 'fresh') migratePostgres(options.postgresUrl)

		const evidence = await source.stageEvidence.findMany({ where: { fileSha256: { not: null } }, select: { fileSha256: true }, distinct: ['fileSha256'] })
		const expected = await tableDigests(source)
		const copied: Record<string, number> = {}
		// Everything, the check included, in one transaction: a failure, a difference or an
		// interruption leaves the target as it was.
		const files = await target.$transaction(
			async (tx) => {
				for (const table of COPIED_TABLES) {
					let rows = 0
					for await (const page of table.model === 'Region' ? regionPages(source) : tableRows(source, table)) {
						try {
							await delegate(tx, table.model).createMany({ data: page })
						} catch (error) {
							const first = table.key.map((k) => String(page[0]![k])).join('|')
							throw new DatabaseCopyError(
								`${table.model} (rows from ${first}): ${error instanceof Error ? error.message.split('\n').slice(-1)[0] : String(error)}`,
							)
						}
						rows += page.length
					}
					copied[table.model] = rows
					options.onTable?.(table.model, rows)
				}
				const pairs = await reportAdjustmentPairs(source)
				for (const pair of pairs) {
					await tx.periodAdjustment.update({
						where: { id: pair.adjustmentId },
						data: { issuedReports: { connect: { id: pair.reportId } } },
						select: { id: true },
					})
				}
				copied._IssuedReportToPeriodAdjustment = pairs.length

				const written = await tableDigests(tx)
				const different = Object.keys(expected).filter((t) => expected[t]!.rows !== written[t]?.rows || expected[t]!.digest !== written[t]?.digest)
				if (different.length > 0) throw new DatabaseCopyError(`the copy differs from the source in ${different.join(', ')}: nothing was kept`)
				// Content-addressed files: copying them again after a failure is harmless.
				return copyEvidenceFiles(
					evidence.map((e) => e.fileSha256!),
					options.sourceDataDir ?? path.dirname(sqliteFile),
					options.targetDataDir,
				)
			},
			// A county's data is copied once, in one transaction: no time limit that a large county would hit.
			{ timeout: 24 * 3_600_000, maxWait: 60_000 },
		)
		return { tables: copied, verified: Object.keys(expected).length, evidenceFiles: files }
	} finally {
		await source.$disconnect()
		await target.$disconnect()
		snap.remove()
	}
}
