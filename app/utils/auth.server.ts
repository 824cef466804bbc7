import { createCookieSessionStorage, redirect } from '@remix-run/node'
import { type Permission, roleHasPermission, roleSchema } from '~/domain/auth/roles'
import { safeRedirect } from '~/domain/auth/safe-redirect'
import { prisma } from '~/db.server'
import { createSession, deleteSession, getSessionUser, SESSION_TTL_MS } from '~/models/session.server'
import { verifyLogin } from '~/models/user.server'
import { getEnv } from './env.server'

// The cookie carries only the id of a Session row; the row is the session.
export const sessionStorage = createCookieSessionStorage<{ sessionId: string }>({
	cookie: {
		name: '__session',
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: getEnv().COOKIE_SECURE,
		secrets: [getEnv().SESSION_SECRET],
	},
})

async function readSessionId(request: Request) {
	const session = await sessionStorage.getSession(request.headers.get('Cookie'))
	const id: unknown = session.get('sessionId')
	return typeof id === 'string' ? id : null
}

export async function getOptionalUser(request: Request) {
	const sessionId = await readSessionId(request)
	if (!sessionId) return null
	const user = await getSessionUser(prisma, sessionId)
	return user ? { ...user, role: roleSchema.parse(user.role) } : null
}

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getOptionalUser>>>

/** Signed-in user or a redirect to /login that comes back here afterwards. */
export async function requireUser(request: Request) {
	const user = await getOptionalUser(request)
	if (user) return user
	const url = new URL(request.url)
	const redirectTo = `${url.pathname}${url.search}`
	throw redirect(`/login?${new URLSearchParams({ redirectTo })}`)
}

/**
 * Signed-in user holding `permission`, else a 403 Response (rendered by the
 * route's ErrorBoundary). For mutations it also refuses cross-site requests.
 */
export async function requirePermission(request: Request, permission: Permission) {
	if (request.method !== 'GET' && request.method !== 'HEAD') assertSameOrigin(request)
	const user = await requireUser(request)
	if (!roleHasPermission(user.role, permission)) {
		throw new Response(JSON.stringify({ role: user.role, permission }), {
			status: 403,
			statusText: 'Forbidden',
			headers: { 'Content-Type': 'application/json' },
		})
	}
	return user
}

/**
 * CSRF defence in depth on top of SameSite=Lax: a state-changing request must
 * come from our own origin (browsers always send Origin on POST).
 */
export function assertSameOrigin(request: Request) {
	const origin = request.headers.get('Origin')
	if (origin === null) return // non-browser clients (curl, tests) send none
	const host = request.headers.get('X-Forwarded-Host') ?? request.headers.get('Host')
	let originHost: string
	try {
		originHost = new URL(origin).host
	} catch {
		originHost = ''
	}
	if (!host || originHost !== host) {
		throw new Response('Cross-site request refused', { status: 403, statusText: 'Forbidden' })
	}
}

export async function login(username: string, password: string, redirectTo: string) {
	const user = await verifyLogin(prisma, username, password)
	if (!user) return null
	const { id } = await createSession(prisma, user.id)
	const session = await sessionStorage.getSession()
	session.set('sessionId', id)
	return redirect(safeRedirect(redirectTo), {
		headers: { 'Set-Cookie': await sessionStorage.commitSession(session, { maxAge: SESSION_TTL_MS / 1000 }) },
	})
}

export async function logout(request: Request) {
	const session = await sessionStorage.getSession(request.headers.get('Cookie'))
	const id: unknown = session.get('sessionId')
	if (typeof id === 'string') await deleteSession(prisma, id)
	return redirect('/login', { headers: { 'Set-Cookie': await sessionStorage.destroySession(session) } })
}

/** Only same-origin paths; anything else (//evil.com, /\tevil.com, https://…) goes home. */
export { safeRedirect }
