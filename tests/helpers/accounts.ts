import { type AppLoadContext } from '@remix-run/node'
import { vi } from 'vitest'
import { prisma } from '~/db.server'
import { createUser } from '~/models/user.server'
import { action as loginAction } from '~/routes/login'
import { answerOf, formRequest, unwrap } from './requests'

export const OFFICE = '10.0.0.5'
export const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'

/** Loader/action arguments as the HTTP server passes them, from `address`. */
export function argsFrom(request: Request, address = OFFICE, params: Record<string, string> = {}) {
	const context: AppLoadContext = { clientAddress: address }
	return { request, params, context }
}

type LoginRefusal = Exclude<Awaited<ReturnType<typeof loginAction>>['data'], undefined>

/**
 * One sign-in through the login action: a refusal with its HTTP status, or the
 * redirect and the cookie to send afterwards.
 */
export async function signInAs(username: string, password: string, { address = OFFICE, userAgent = CHROME_WINDOWS } = {}) {
	const result = await answerOf(loginAction(argsFrom(formRequest('/login', { username, password, redirectTo: '/' }, { 'User-Agent': userAgent }), address)))
	if (!(result instanceof Response)) {
		const refused = unwrap<LoginRefusal>(result)
		return { result: refused.body, status: refused.status, cookie: null, location: null }
	}
	return { result, status: result.status, cookie: result.headers.get('Set-Cookie')!.split(';')[0]!, location: result.headers.get('Location') }
}

/** What the login page shows for a refusal: the message (null while held back) and the throttle's notice. */
export const loginRefusal = (key: string | null, notice: LoginRefusal['notice'] = null) => ({
	ok: false,
	errors: {},
	formError: key === null ? null : { key, params: {} },
	notice,
})

let created = 0
/** A fresh staff account with a known password, so a test's failures and locks touch nobody else. */
export async function newStaff(password = 'staff-password-1') {
	const username = `tester.${++created}.${Date.now().toString(36)}`
	const user = await createUser(prisma, { username, name: `测试员${created}`, role: 'staff', password, unitId: '' }, null)
	return { ...user, password }
}

/** Freezes `new Date()` (only the date: timers, bcrypt workers and SQLite run as usual) at `at`. */
export function setClock(at: Date | string) {
	vi.useFakeTimers({ toFake: ['Date'] })
	vi.setSystemTime(at)
}

export const later = (from: Date | string, ms: number) => new Date(new Date(from).getTime() + ms)
