// ChainLead's production HTTP server (`npm start`, `npm run serve`, the
// browser tests): express with Remix's adapter, security headers, request
// body limits, the client address for audit rows, the demo / real-install
// startup checks and a graceful shutdown. Plain Node ESM, no build step; the
// rules it applies come from the app through the server build (serverHooks).
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import url from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import { installGlobals } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { dropNulFromAddress, handleServerError, limitRequestBody, refuseCrossSiteWrites, securityHeaders } from './http-hardening.mjs'
import { resolveServeMode } from './serve-mode.mjs'

// sysexits EX_CONFIG: the configuration (or an account) must change before the server may start.
const EXIT_CONFIG = 78
const SHUTDOWN_GRACE_MS = 10_000

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '..')
const clientDir = path.join(root, 'build', 'client')
const serverBuild = path.join(root, 'build', 'server', 'index.js')

// Before the build is loaded: React picks its production build from it.
process.env.NODE_ENV ??= 'production'

const serveMode = resolveServeMode(process.env)
if (!serveMode.ok) {
	console.error(`ChainLead cannot start:\n${serveMode.problems.map((problem) => `  - ${problem}`).join('\n')}`)
	process.exit(EXIT_CONFIG)
}

installGlobals({ nativeFetch: true })
const build = await import(url.pathToFileURL(serverBuild).href).catch((error) => {
	console.error(`ChainLead cannot start: no server build at ${serverBuild} (run \`npm run build\`).\n${error.message}`)
	process.exit(1)
})
const hooks = build.entry.module.serverHooks

const readiness = await hooks.prepareToServe(serveMode.mode).catch(async (error) => {
	// Prisma's message ends with the cause; the lines before it name the call.
	const cause = String(error.message).trim().split('\n').at(-1)
	console.error(`ChainLead cannot start: the database is not ready. ${cause}\nRun \`npm start\` (or \`npm run db:migrate\`), which applies the migrations.`)
	await hooks.disconnect()
	process.exit(1)
})
if (readiness.status === 'refused') {
	console.error(refusalText(readiness.accounts))
	await hooks.disconnect()
	process.exit(EXIT_CONFIG)
}

// Scheduled backup sets (ADR 0013): daily in a real install unless BACKUP_INTERVAL_HOURS=0.
let backups = null
// The daily digest (ADR 0038): only when NOTIFY_DIGEST_AT is set; cron with `cli notify:digest` otherwise.
let digestTimer = null
try {
	backups = hooks.startScheduledBackups(serveMode.mode)
	digestTimer = hooks.startDigestTimer()
} catch (error) {
	console.error(`ChainLead cannot start: ${error.message}`)
	await hooks.disconnect()
	process.exit(EXIT_CONFIG)
}

const uploadSweep = hooks.startUploadSweep()
// Import commits run beside the requests, not in front of them (ADR 0017).
const importWorker = hooks.startImportWorker({ workerFile: path.join(root, 'server', 'import-worker.mjs'), buildFile: serverBuild })
const searchIndexFlush = hooks.startSearchIndexFlush()
const sortKeyFill = hooks.startSortKeyFill()

// LOAD_REPORT=1 (the office load bench): event-loop delay and peak RSS, printed as one line at shutdown.
const loopDelay = process.env.LOAD_REPORT === '1' ? monitorEventLoopDelay({ resolution: 10 }) : null
loopDelay?.enable()

const app = express()
app.disable('x-powered-by')
// Behind a reverse proxy: the client is the address the proxy put last in X-Forwarded-For,
// and X-Forwarded-Proto/-Host describe the URL the browser used. One proxy is trusted, no more.
app.set('trust proxy', serveMode.trustProxy ? 1 : false)
app.use(securityHeaders)
app.use(compression())
// Vite puts a content hash in every file name under assets/, so they never change; one that
// is not there (a tab open across an upgrade) is a plain 404, not a page.
app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y', index: false, redirect: false, fallthrough: false }))
app.use(express.static(clientDir, { maxAge: '1h', index: false, redirect: false }))

const refusalMessages = new Map()
app.all(
	'*',
	dropNulFromAddress({ message: hooks.nulInAddressMessage() }),
	refuseCrossSiteWrites({ isCrossSite: hooks.isCrossSiteWrite, refusalPath: hooks.crossSiteRefusalPath }),
	limitRequestBody({
		limitFor: hooks.bodyLimitFor,
		messageFor: (limit) => {
			if (!refusalMessages.has(limit)) refusalMessages.set(limit, hooks.bodyTooLargeMessage(limit))
			return refusalMessages.get(limit)
		},
	}),
	createRequestHandler({
		build,
		mode: process.env.NODE_ENV,
		getLoadContext: (req, res) => ({ clientAddress: clientAddressOf(req), cspNonce: res.locals.cspNonce }),
	}),
)
app.use(handleServerError)

const server = app.listen(serveMode.port, serveMode.host, () => {
	const { port } = server.address()
	console.log(startupText(port))
	console.log(
		backups
			? `Backups: every ${backups.everyHours} h to ${backups.dir}, the newest ${backups.keep} kept (BACKUP_INTERVAL_HOURS, BACKUP_KEEP, BACKUP_DIR).`
			: 'Backups: no scheduled backup sets (BACKUP_INTERVAL_HOURS=0, demo mode, or PostgreSQL: pg_dump, see above); `npm run -s cli -- backup <folder>` makes one of a SQLite database.',
	)
	if (digestTimer) console.log(`Daily digest: every day at ${digestTimer.at} China time (NOTIFY_DIGEST_AT).`)
})
server.on('error', (error) => {
	console.error(`ChainLead cannot listen on ${serveMode.host}:${serveMode.port}: ${error.message}`)
	process.exit(1)
})

let stopping = false
for (const signal of ['SIGTERM', 'SIGINT']) {
	process.on(signal, () => {
		if (stopping) process.exit(1) // a second Ctrl-C: stop now
		stopping = true
		console.log(`\n${signal}: finishing the requests in progress, then stopping (at most ${SHUTDOWN_GRACE_MS / 1000} s)…`)
		backups?.stop()
		digestTimer?.stop()
		uploadSweep.stop()
		searchIndexFlush.stop()
		sortKeyFill.stop()
		if (loopDelay) {
			const ms = (ns) => Math.round(ns / 1e4) / 100
			const report = {
				loopDelayMs: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) },
				peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
			}
			console.log(`load report: ${JSON.stringify(report)}`)
		}
		server.close(async () => {
			// A commit still running is cut off before its transaction commits: its job reads "interrupted".
			await importWorker.stop()
			await hooks.disconnect()
			process.exit(0)
		})
		setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref()
	})
}

/** The socket peer, or (TRUST_PROXY=1) the address the proxy reported; IPv4 without its IPv6 prefix. */
function clientAddressOf(req) {
	return (req.ip ?? req.socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '') || undefined
}

function urlFor(port, suffix = '') {
	const { host } = serveMode
	const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host
	return `http://${shown}:${port}${suffix}`
}

function startupText(port) {
	const lines = []
	if (serveMode.mode === 'demo') {
		lines.push(
			`ChainLead (链招) demo: ${urlFor(port)}`,
			`  Listening on ${serveMode.host} only: other machines cannot connect. 演示模式：只在本机监听，其他电脑无法访问。`,
			`  For a real install on the bureau's network, see README "Installing for a bureau".`,
		)
	} else {
		const where = serveMode.servesOtherMachines ? `${serveMode.host} (other machines can connect)` : `${serveMode.host} only (behind a reverse proxy)`
		lines.push(`ChainLead (链招) real install: ${urlFor(port)}`, `  Listening on ${where}.`)
		if (process.env.COOKIE_SECURE !== '1') {
			lines.push('  Sign-in cookies lack the Secure flag: serve through HTTPS and set COOKIE_SECURE=1 (README, "Installing for a bureau").')
		}
	}
	if (readiness.status === 'setup') {
		lines.push(
			'',
			'  No accounts yet. Open the first-run page and create the first administrator with this one-time setup token:',
			'  还没有任何账号。请打开首次设置页面，用下面的一次性设置令牌创建第一个管理员：',
			'',
			`    setup token: ${readiness.token}`,
			`    ${urlFor(port, `/setup?token=${readiness.token}`)}`,
		)
	} else if (readiness.demoLogins.length > 0) {
		lines.push('', '  Demo logins (sample accounts from seeds/users.json):')
		const width = Math.max(...readiness.demoLogins.map((u) => u.password.length))
		for (const u of readiness.demoLogins)
			lines.push(`    ${u.role.padEnd(8)} ${u.username.padEnd(10)} ${u.password.padEnd(width)}   ${u.name}${u.unit ? ` · ${u.unit}` : ''}`)
	}
	return `\n${lines.join('\n')}\n`
}

function refusalText(accounts) {
	const why = serveMode.servesOtherMachines ? `HOST=${serveMode.host} serves other machines` : 'CHAINLEAD_MODE=install'
	const admin = accounts.find((a) => a.role === 'admin') ?? accounts[0]
	const other = accounts.find((a) => a !== admin)
	return [
		`ChainLead refuses to start: this is a real install (${why}), and these accounts can still sign in with a`,
		'public demo password from seeds/users.json:',
		'拒绝启动：这是正式安装，而以下账号仍在使用 seeds/users.json 中公开的演示密码：',
		'',
		...accounts.map((a) => `  ${a.username.padEnd(10)} ${a.role.padEnd(8)} ${a.name}`),
		'',
		'Fix each of them, then start again. 请逐个处理后重新启动：',
		`  give it its own password:  npm run -s cli -- users:set-password --username ${admin.username}`,
		...(other ? [`  or disable it:             npm run -s cli -- users:disable --username ${other.username}`] : []),
		'Or, to drop the demo data and begin with the first-run page: CHAINLEAD_MODE=install npm run db:reset (deletes all data).',
	].join('\n')
}
