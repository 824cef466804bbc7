import { spawnSync } from 'node:child_process'
import http from 'node:http'
import os from 'node:os'
import { afterAll, describe, expect, inject, test } from 'vitest'
import { demoUser } from '../helpers/demo-users'
import { copyDatabase, runServerExpectingExit, startServer } from '../helpers/server-process'

// Real HTTP against server/index.mjs: the shared demo server of the e2e setup,
// and servers of their own for the startup rules.
const baseUrl = inject('baseUrl')
const MB = 1024 * 1024

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; bytesSent: number }

/**
 * A raw request whose body is `chunks` copies of `chunk`, sent chunked or
 * with a declared Content-Length. Like a browser or curl, it stops sending as
 * soon as an answer arrives, and resolves with it.
 */
function send(path: string, options: { method?: string; headers?: Record<string, string>; chunk?: Buffer; chunks?: number; declaredLength?: number }) {
	const { method = 'POST', headers = {}, chunk = Buffer.alloc(0), chunks = 0, declaredLength } = options
	return new Promise<Answer>((resolve, reject) => {
		const request = http.request(new URL(path, baseUrl), {
			method,
			agent: false,
			headers: {
				...headers,
				// As browsers do. (Without an agent Node would ask to close the connection after the answer,
				// and a server must then close it while the upload is still coming: the answer may be lost.)
				Connection: 'keep-alive',
				...(declaredLength === undefined ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(declaredLength) }),
			},
		})
		let bytesSent = 0
		let answered = false
		request.on('response', (response) => {
			answered = true
			let body = ''
			response.setEncoding('utf8')
			response.on('data', (text) => (body += text))
			response.on('end', () => {
				request.destroy()
				resolve({ status: response.statusCode ?? 0, headers: response.headers, body, bytesSent })
			})
		})
		// A reset after the answer (the server closes a refused upload) is expected.
		request.on('error', (error) => (answered ? undefined : reject(error)))
		let written = 0
		const writeMore = () => {
			while (written < chunks && !answered) {
				written += 1
				bytesSent += chunk.length
				if (!request.write(chunk)) {
					request.once('drain', writeMore)
					return
				}
			}
			// A declared body that is never sent: the answer must come without it.
			if (!answered && declaredLength === undefined) request.end()
		}
		request.flushHeaders()
		writeMore()
	})
}

const form = { 'Content-Type': 'application/x-www-form-urlencoded' }

describe('security headers', () => {
	test('a page: CSP with a fresh nonce on every inline script, and the other headers', async () => {
		const first = await fetch(`${baseUrl}/login`)
		const second = await fetch(`${baseUrl}/login`)
		const csp = first.headers.get('Content-Security-Policy') ?? ''
		const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
		expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
		expect(second.headers.get('Content-Security-Policy')).not.toContain(nonce)
		expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`)
		expect(csp).not.toContain('unsafe-inline')
		expect(csp).not.toContain('unsafe-eval')
		for (const directive of [
			"default-src 'self'",
			"style-src 'self'",
			"frame-ancestors 'none'",
			"form-action 'self'",
			"base-uri 'none'",
			"object-src 'none'",
		]) {
			expect(csp).toContain(directive)
		}
		const html = await first.text()
		const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
		expect(scripts.length).toBeGreaterThan(0)
		for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)

		expect(first.headers.get('X-Content-Type-Options')).toBe('nosniff')
		expect(first.headers.get('X-Frame-Options')).toBe('DENY')
		expect(first.headers.get('Referrer-Policy')).toBe('same-origin')
		expect(first.headers.get('Permissions-Policy')).toContain('camera=()')
		expect(first.headers.get('Permissions-Policy')).toContain('geolocation=()')
		expect(first.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin')
		expect(first.headers.get('X-Powered-By')).toBeNull()
	})

	test('static files: hashed assets cached for a year as immutable, others for an hour, all with the headers', async () => {
		const html = await (await fetch(`${baseUrl}/login`)).text()
		const asset = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1]
		expect(asset).toBeDefined()
		const css = await fetch(`${baseUrl}${asset}`)
		expect(css.status).toBe(200)
		expect(css.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable')
		expect(css.headers.get('X-Content-Type-Options')).toBe('nosniff')
		const icon = await fetch(`${baseUrl}/favicon.svg`)
		expect(icon.headers.get('Cache-Control')).toBe('public, max-age=3600')
		expect(icon.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'")
		const missing = await fetch(`${baseUrl}/assets/not-there.js`, { redirect: 'manual' })
		expect(missing.status).toBe(404)
		expect(missing.headers.get('X-Frame-Options')).toBe('DENY')
	})
})

describe('request body limits', () => {
	test('a declared Content-Length over 1 MB is refused at once with 413, before any of it is sent', async () => {
		const answer = await send('/login', { headers: form, declaredLength: 2 * MB })
		expect(answer.status).toBe(413)
		expect(answer.bytesSent).toBe(0)
		expect(answer.headers['content-security-policy']).toBeDefined()
		expect(answer.body).toContain('提交的内容过大（上限 1 MB）')
		expect(answer.body).toContain('too large (limit 1 MB)')
	})

	test('a chunked body is refused with 413 once it passes 1 MB, before it ends', async () => {
		const answer = await send('/login', { headers: form, chunk: Buffer.alloc(64 * 1024, 'a'), chunks: 1024 })
		expect(answer.status).toBe(413)
		expect(answer.bytesSent).toBeGreaterThan(1 * MB)
		// Refused long before the 64 MB it would have sent (socket buffers hold a few MB).
		expect(answer.bytesSent).toBeLessThan(32 * MB)
		expect(answer.body).toContain('上限 1 MB')
		// The single-fetch data URL of the same page has the same limit.
		expect((await send('/login.data', { headers: form, chunk: Buffer.alloc(64 * 1024, 'a'), chunks: 1024 })).status).toBe(413)
	})

	test('a small chunked body reaches the page, which answers as usual: a refused sign-in (400, ADR 0045) with its message', async () => {
		const body = Buffer.from(new URLSearchParams({ username: 'zhang', password: 'definitely-wrong' }).toString())
		const answer = await send('/login', { headers: form, chunk: body, chunks: 1 })
		expect(answer.status).toBe(400)
		expect(answer.body).toContain('用户名或密码错误')
	})

	test('the upload pages have their own, larger limits', async () => {
		// Past 1 MB but within 50 MB: the import page itself answers (signed out: to the login page).
		const import5mb = await send('/data/import?index', { headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, declaredLength: 5 * MB })
		expect(import5mb.status).toBe(302)
		expect(import5mb.headers.location).toMatch(/^\/login\?redirectTo=/)
		const import60mb = await send('/data/import?index', { headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, declaredLength: 60 * MB })
		expect(import60mb.status).toBe(413)
		expect(import60mb.body).toContain('50.1 MB')

		// A 20 MB .docx or .pdf with 5 MB of pasted text fits; more does not.
		const policy25mb = await send('/quotas/import', { headers: form, declaredLength: 25 * MB })
		expect(policy25mb.status).toBe(302)
		const policy30mb = await send('/quotas/import.data', { headers: form, declaredLength: 30 * MB })
		expect(policy30mb.status).toBe(413)
		expect(policy30mb.body).toContain('26 MB')
	})
})

describe('redirects after sign-in stay on this site', () => {
	test.each(['/\t/evil.example', '/%09/evil.example', '/\\evil.example', '//evil.example'])('%j goes home', async (redirectTo) => {
		const { username, password } = demoUser('staff')
		const signIn = await fetch(`${baseUrl}/login`, {
			method: 'POST',
			headers: form,
			body: new URLSearchParams({ username, password, redirectTo }),
			redirect: 'manual',
		})
		expect(signIn.status).toBe(302)
		expect(signIn.headers.get('Location')).toBe('/')
	})

	test('a signed-in visit to /login?redirectTo=/%09/evil.example goes home', async () => {
		const { username, password } = demoUser('staff')
		const signIn = await fetch(`${baseUrl}/login`, { method: 'POST', headers: form, body: new URLSearchParams({ username, password }), redirect: 'manual' })
		const cookie = (signIn.headers.get('Set-Cookie') ?? '').split(';')[0]!
		const visit = await fetch(`${baseUrl}/login?redirectTo=/%09/evil.example`, { headers: { Cookie: cookie }, redirect: 'manual' })
		expect(visit.status).toBe(302)
		expect(visit.headers.get('Location')).toBe('/')
	})
})

describe('demo mode and real installs', () => {
	const seeded = inject('seededDb')
	const copies: { remove: () => void }[] = []
	const copy = () => {
		const database = copyDatabase(seeded)
		copies.push(database)
		return database
	}
	afterAll(() => copies.forEach((database) => database.remove()))

	test('demo mode listens on 127.0.0.1 only, says so, prints the demo logins, and stops cleanly on SIGTERM', async () => {
		const server = await startServer({ DATABASE_URL: copy().url })
		const output = server.output()
		expect(output).toContain('Listening on 127.0.0.1 only')
		expect(output).toMatch(/admin +admin +chainlead-admin/)
		expect(output).toMatch(/staff +zhang +demo-pass-2026/)
		const port = new URL(server.baseUrl).port
		// Reached through any other address of this machine, it is not there.
		const lanAddress = Object.values(os.networkInterfaces())
			.flat()
			.find((address) => address?.family === 'IPv4' && !address.internal)?.address
		if (lanAddress) await expect(fetch(`http://${lanAddress}:${port}/login`)).rejects.toThrow()
		expect(await server.stop()).toBe(0)
		expect(server.output()).toContain('SIGTERM: finishing the requests in progress')
	})

	test('serving other machines with demo passwords is refused with exit 78 and how to fix it', async () => {
		const { url } = copy()
		for (const env of [{ HOST: '0.0.0.0' }, { CHAINLEAD_MODE: 'install' }] as Record<string, string>[]) {
			const result = await runServerExpectingExit({ DATABASE_URL: url, PORT: '0', ...env })
			expect(result.code).toBe(78)
			expect(result.stderr).toContain('ChainLead refuses to start')
			expect(result.stderr).toContain('拒绝启动')
			for (const username of ['admin', 'leader', 'zhang', 'lina']) expect(result.stderr).toMatch(new RegExp(`^  ${username} `, 'm'))
			expect(result.stderr).toContain('npm run -s cli -- users:set-password --username admin')
			expect(result.stderr).toContain('npm run -s cli -- users:disable --username leader')
			expect(result.stdout).not.toContain('Listening')
		}
		const explicitDemo = await runServerExpectingExit({ DATABASE_URL: url, CHAINLEAD_MODE: 'demo', HOST: '0.0.0.0' })
		expect(explicitDemo.code).toBe(78)
		expect(explicitDemo.stderr).toContain('demo mode never serves them')
	})

	test('once every demo password is replaced or its account disabled, the real install starts', async () => {
		const { url } = copy()
		const cli = (args: string[], input = '') =>
			spawnSync('node_modules/.bin/tsx', ['app/cli/main.ts', ...args], { env: { ...process.env, DATABASE_URL: url }, input, encoding: 'utf8' })
		expect(cli(['users:set-password', '--username', 'admin'], 'bureau-own-passphrase\n').status).toBe(0)
		for (const username of ['leader', 'zhang']) expect(cli(['users:disable', '--username', username]).status).toBe(0)
		const stillOne = await runServerExpectingExit({ DATABASE_URL: url, CHAINLEAD_MODE: 'install' })
		expect(stillOne.code).toBe(78)
		expect(stillOne.stderr).toMatch(/^ {2}lina /m)
		expect(stillOne.stderr).not.toMatch(/^ {2}admin /m)

		expect(cli(['users:disable', '--username', 'lina']).status).toBe(0)
		const server = await startServer({ DATABASE_URL: url, CHAINLEAD_MODE: 'install' })
		expect(server.output()).toContain('real install')
		expect(server.output()).not.toContain('Demo logins')
		expect((await fetch(`${server.baseUrl}/login`)).status).toBe(200)
		expect(await server.stop()).toBe(0)
	})
})
