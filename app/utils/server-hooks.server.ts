import path from 'node:path'
import { databaseUrl, dataDirectory, engineOf, prisma } from '~/db.server'
import { backupSchedule } from '~/domain/backup/schedule'
import { bodyLimitFor, formatLimit } from '~/domain/http/body-limits'
import { isCrossSiteWrite } from '~/domain/http/cross-site'
import { nextDigestAt, parseDigestTime } from '~/domain/notify/schedule'
import { i18nFor, LOCALES } from '~/i18n/i18n'
import { postgresBackupAdvice, startBackupSchedule } from '~/models/backup.server'
import { flushCompanySearch } from '~/models/company-search.server'
import { prepareToServe, type ServeMode } from '~/models/first-run.server'
import { type ImportTask, runImportTaskHere, setImportTaskRunner, sweepImportSessions } from '~/models/import-session.server'
import { createImportWorker, serializeError } from '~/models/import-worker.server'
import { runDailyDigest } from '~/models/notify-digest.server'
import { fillMissingSortKeys } from '~/models/sort-keys.server'
import { CROSS_SITE_REFUSAL_PATH } from '~/utils/auth.server'
import { getEnv } from '~/utils/env.server'
import { todayInChina } from '~/utils/today'

/**
 * What the HTTP server (server/index.mjs, plain JavaScript) asks of the app:
 * it reaches these through the server build, so the rules live in one place.
 */
export const serverHooks = {
	/** Startup: first-run token, refusal of demo passwords in a real install, or the demo logins to print. */
	prepareToServe: (mode: ServeMode) => prepareToServe(prisma, mode),
	/** Whether a request (method and Node's lower-case headers) is a write from another site, and where those go. */
	isCrossSiteWrite: (method: string, headers: Record<string, string | string[] | undefined>) =>
		isCrossSiteWrite(method, { origin: headerValue(headers.origin), forwardedHost: headerValue(headers['x-forwarded-host']), host: headerValue(headers.host) }),
	crossSiteRefusalPath: CROSS_SITE_REFUSAL_PATH,
	/** The body limit of a URL path. */
	bodyLimitFor,
	/** The 413 answer: short, in Chinese and English (the refusal comes before any cookie is read). */
	bodyTooLargeMessage(limitBytes: number) {
		const limit = formatLimit(limitBytes)
		return `${LOCALES.map((locale) => i18nFor(locale).t('security.bodyTooLarge', { limit })).join('\n')}\n`
	},
	/** The 400 answer to a write whose address holds U+0000 (`%00`), in Chinese and English (ADR 0034). */
	nulInAddressMessage() {
		return `${LOCALES.map((locale) => i18nFor(locale).t('security.nulInAddress')).join('\n')}\n`
	},
	/**
	 * Scheduled backup sets (ADR 0013), by default daily in a real install and off in demo mode:
	 * what the startup text says, and stop() for shutdown; null when off. Bad settings throw.
	 */
	startScheduledBackups(mode: ServeMode) {
		const schedule = backupSchedule(process.env, mode)
		if (schedule && engineOf() === 'postgresql') {
			console.log(postgresBackupAdvice(dataDirectory()))
			return null
		}
		if (!schedule) return null
		const paths = { databaseFile: path.resolve(databaseUrl().replace(/^file:/, '')), dataDir: dataDirectory() }
		const running = startBackupSchedule(paths, schedule, { info: console.log, error: console.error })
		return { ...running, everyHours: schedule.intervalMs / 3_600_000, keep: schedule.keep }
	},
	/**
	 * The daily digest at NOTIFY_DIGEST_AT (China time, HH:MM), off by default (ADR 0038): what the
	 * startup text says, and stop() for shutdown; null when off. A bad setting throws.
	 */
	startDigestTimer() {
		const at = parseDigestTime(process.env.NOTIFY_DIGEST_AT)
		if (!at) return null
		let timer: NodeJS.Timeout | null = null
		const schedule = () => {
			const next = nextDigestAt(new Date(), at)
			timer = setTimeout(() => {
				const day = todayInChina()
				runDailyDigest(prisma, { day })
					.then((summary) =>
						console.log(
							`Digest of ${day}: ${summary.users.digested} accounts, ${summary.channels.filter((c) => c.outcome === 'sent').length} channel messages sent.`,
						),
					)
					.catch((error: unknown) => console.error('the daily digest failed', error))
					.finally(schedule)
			}, next.getTime() - Date.now())
			timer.unref()
		}
		schedule()
		return { at: process.env.NOTIFY_DIGEST_AT!.trim(), stop: () => (timer ? clearTimeout(timer) : undefined) }
	},
	/** Uploads left more than a day between preview and commit are removed at start and every hour; stop() for shutdown. */
	startUploadSweep() {
		const sweep = () => void sweepImportSessions().catch((error: unknown) => console.error('removing abandoned uploads failed', error))
		sweep()
		const timer = setInterval(sweep, 60 * 60 * 1000)
		timer.unref()
		return { stop: () => clearInterval(timer) }
	},
	/**
	 * Uploads are read, checked and committed on a worker thread that loads this same
	 * build (server/import-worker.mjs, ADR 0017); stop() for shutdown.
	 */
	startImportWorker({ workerFile, buildFile }: { workerFile: string; buildFile: string }) {
		const worker = createImportWorker({ workerFile, buildFile, heapMb: getEnv().IMPORT_WORKER_HEAP_MB })
		setImportTaskRunner(worker.run)
		return {
			async stop() {
				setImportTaskRunner(null)
				await worker.stop()
			},
		}
	},
	/** In the import worker: one task, with this build's code and the worker's own database connections. */
	runImportTaskHere: (task: ImportTask, onProgress: (done: number, total: number) => void) => runImportTaskHere(task, onProgress),
	/** In the import worker: an error as it crosses back to the server's thread. */
	serializeImportError: serializeError,
	/**
	 * The company search index catches up with writes made while the server was down (a migration,
	 * `demo:generate`, a restored backup): in slices, in the background; stop() for shutdown (ADR 0018).
	 */
	startSearchIndexFlush() {
		let stopped = false
		const started = performance.now()
		flushCompanySearch(prisma, { stopped: () => stopped })
			.then((count) => {
				if (count > 0) console.log(`Search index: ${count.toLocaleString('en')} companies indexed in ${((performance.now() - started) / 1000).toFixed(1)} s.`)
			})
			.catch((error: unknown) => console.error('updating the company search index failed (searches stay right, only slower)', error))
		return { stop: () => (stopped = true) }
	},
	/**
	 * The 拼音 sort keys the migration that added them could not compute (ADR 0027), and any a
	 * hand-made write left empty: in slices, in the background; stop() for shutdown.
	 */
	startSortKeyFill() {
		let stopped = false
		const started = performance.now()
		fillMissingSortKeys(prisma, { stopped: () => stopped })
			.then((count) => {
				if (count > 0) console.log(`Sort keys: ${count.toLocaleString('en')} names keyed in ${((performance.now() - started) / 1000).toFixed(1)} s.`)
			})
			.catch((error: unknown) => console.error('writing the name sort keys failed (names sort by id until they have one)', error))
		return { stop: () => (stopped = true) }
	},
	/** Shutdown: close the database (SQLite checkpoints its WAL on close). */
	disconnect: () => prisma.$disconnect(),
}

/** A header as Node gives it (repeated ones as an array) as one value, or null. */
function headerValue(value: string | string[] | undefined) {
	return (Array.isArray(value) ? value[0] : value) ?? null
}
