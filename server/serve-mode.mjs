// How ChainLead is being run, from the environment. Plain Node with no
// dependencies: `npm start` reads it before anything is installed, and the
// HTTP server reads it before it loads the app.
//
//   demo    (default) this machine only: sample data and the demo logins.
//   install a real install: no demo data, no demo passwords, first-run setup.
//
// A HOST other than a loopback address serves other machines, which makes it
// a real install; CHAINLEAD_MODE=install asks for one while listening on
// loopback (behind a reverse proxy on the same machine).

export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PORT = 3000
export const SERVE_MODES = ['demo', 'install']

/** True for names and addresses that only this machine can reach (localhost, 127.0.0.0/8, ::1). */
export function isLoopbackHost(host) {
	const name = host
		.trim()
		.toLowerCase()
		.replace(/^\[(.*)\]$/, '$1')
	if (name === 'localhost' || name === '::1') return true
	const ipv4 = name.replace(/^::ffff:/, '')
	return /^127(\.\d{1,3}){3}$/.test(ipv4)
}

/**
 * The mode, address and proxy setting to serve with, or the problems that
 * stop the server from starting (each says what to set).
 * @param {Record<string, string | undefined>} env
 * @returns {{ ok: true, mode: 'demo' | 'install', host: string, port: number, trustProxy: boolean, servesOtherMachines: boolean } | { ok: false, problems: string[] }}
 */
export function resolveServeMode(env) {
	const problems = []
	const requested = env.CHAINLEAD_MODE?.trim() || undefined
	if (requested !== undefined && !SERVE_MODES.includes(requested)) {
		problems.push(`CHAINLEAD_MODE must be "demo" or "install", not "${requested}".`)
	}
	const host = env.HOST?.trim() || DEFAULT_HOST
	const servesOtherMachines = !isLoopbackHost(host)
	if (requested === 'demo' && servesOtherMachines) {
		problems.push(
			`HOST=${host} lets other machines connect, and demo mode never serves them: ` +
				'unset HOST for a demo, or set CHAINLEAD_MODE=install for a real install (README, "Installing for a bureau").',
		)
	}
	const portText = env.PORT?.trim() || String(DEFAULT_PORT)
	const port = Number(portText)
	if (!/^\d+$/.test(portText) || port > 65535) problems.push(`PORT must be a port number (0–65535), not "${portText}".`)
	const trustProxyText = env.TRUST_PROXY?.trim() || '0'
	if (trustProxyText !== '0' && trustProxyText !== '1') problems.push(`TRUST_PROXY must be 0 or 1, not "${trustProxyText}".`)
	if (problems.length > 0) return { ok: false, problems }
	const mode = requested === 'install' || servesOtherMachines ? 'install' : 'demo'
	return { ok: true, mode, host, port, trustProxy: trustProxyText === '1', servesOtherMachines }
}
