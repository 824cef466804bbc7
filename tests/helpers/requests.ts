import { action as loginAction } from '~/routes/login'
import { demoUser } from './demo-users'

export const BASE = 'http://localhost:3000'

export function formRequest(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
	return new Request(`${BASE}${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(fields),
	})
}

/** Logs in through the real login action and returns the Cookie header to send. */
export async function loginWith(username: string, password: string) {
	const response = await answerOf(loginAction({ request: formRequest('/login', { username, password, redirectTo: '/' }), params: {}, context: {} }))
	if (!(response instanceof Response)) throw new Error(`login failed for ${username}`)
	const setCookie = response.headers.get('Set-Cookie')
	if (!setCookie) throw new Error('login set no cookie')
	return setCookie.split(';')[0]!
}

/** Logs in as the demo account of a role. */
export async function loginAs(role: 'staff' | 'manager' | 'admin') {
	const { username, password } = demoUser(role)
	return loginWith(username, password)
}

export function getRequest(path: string, cookie?: string, headers: Record<string, string> = {}) {
	return new Request(`${BASE}${path}`, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } })
}

/** What a loader or action answered: the data it returned, or the Response it threw (the login's redirect). */
export async function answerOf<T>(call: Promise<T>): Promise<T | Response> {
	try {
		return await call
	} catch (error) {
		if (error instanceof Response) return error
		throw error
	}
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

/** What a loader or action threw, as its HTTP status (404 for a record outside the reader's scope). */
export async function statusOf(fn: () => Promise<unknown>) {
	const error = await thrown(fn)
	if (!(error instanceof Response)) throw error
	return error.status
}

/** What a resource route's action answered (a JSON Response, see resourceJson), as status and body. */
export async function jsonAnswer<T = unknown>(result: Response): Promise<{ status: number; body: T }> {
	return { status: result.status, body: (await result.json()) as T }
}

/**
 * What an action returned, as status and body: data() carries both, a
 * Response (redirect) gives its Location, a plain object means 200.
 */
export function unwrap<T = unknown>(result: unknown): { status: number; body: T } {
	if (result instanceof Response) return { status: result.status, body: result.headers.get('Location') as T }
	if (result && typeof result === 'object' && 'type' in result && result.type === 'DataWithResponseInit') {
		const { data, init } = result as unknown as { data: T; init: ResponseInit | null }
		return { status: init?.status ?? 200, body: data }
	}
	return { status: 200, body: result as T }
}
