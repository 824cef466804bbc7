import fs from 'node:fs'
import { z } from 'zod'
import { action as loginAction } from '~/routes/login'

const demoUsers = z
	.array(z.object({ username: z.string(), password: z.string(), role: z.enum(['staff', 'manager', 'admin']) }))
	.parse(JSON.parse(fs.readFileSync('seeds/users.json', 'utf8')))

export function demoUser(role: 'staff' | 'manager' | 'admin') {
	const user = demoUsers.find((u) => u.role === role)
	if (!user) throw new Error(`no demo ${role} in seeds/users.json`)
	return user
}

export const BASE = 'http://localhost:3000'

export function formRequest(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
	return new Request(`${BASE}${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(fields),
	})
}

/** Logs in through the real login action and returns the Cookie header to send. */
export async function loginAs(role: 'staff' | 'manager' | 'admin') {
	const { username, password } = demoUser(role)
	const response = await loginAction({ request: formRequest('/login', { username, password, redirectTo: '/' }), params: {}, context: {} })
	if (!(response instanceof Response)) throw new Error(`login failed for ${username}`)
	const setCookie = response.headers.get('Set-Cookie')
	if (!setCookie) throw new Error('login set no cookie')
	return setCookie.split(';')[0]!
}

export function getRequest(path: string, cookie?: string, headers: Record<string, string> = {}) {
	return new Request(`${BASE}${path}`, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } })
}

/** Runs a loader/action and returns what it threw (Remix uses thrown Responses). */
export async function thrown(fn: () => Promise<unknown>) {
	try {
		await fn()
	} catch (error) {
		return error
	}
	throw new Error('expected the call to throw')
}
