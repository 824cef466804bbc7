import { type AppLoadContext, createCookieSessionStorage, redirect } from '@remix-run/node'
import { type Db, prisma } from '~/db.server'
import { isOpenDuringPasswordChange, PASSWORD_CHANGE_PATH } from '~/domain/auth/password-change-gate'
import { type Permission, roleHasPermission, roleSchema } from '~/domain/auth/roles'
import { safeRedirect } from '~/domain/auth/safe-redirect'
import { isCrossSiteWrite } from '~/domain/http/cross-site'
import { recordAudit } from '~/models/audit.server'
import { deleteForgottenThrottles } from '~/models/login-throttle.server'
import { attemptLogin, type LoginOutcome } from '~/models/login.server'
import { loadRegionScope } from '~/models/region.server'
import { deleteExpiredSessions, deleteSession, resolveSession } from '~/models/session.server'
import { getEnv, sessionPolicy } from './env.server'
import { clientAddressOf } from './request-context.server'

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

/**
 * The signed-in user (sliding the session's expiry), or null. A user who must
 * change their password is sent to the change-password page from anywhere else
 * (the root loader calls this on every page, so no page slips through).
 */
export async function getOptionalUser(request: Request) {
	ensureAuthSweeper()
	const sessionId = await readSessionId(request)
	if (!sessionId) return null
	const resolved = await resolveSession(prisma, sessionId, new Date(), sessionPolicy())
	if (!resolved) return null
	const role = roleSchema.parse(resolved.user.role)
	// What the user sees (ADR 0026), worked out once per request for every loader and action.
	const scope = await loadRegionScope(prisma, { role, regionId: resolved.user.regionId })
	const user = { ...resolved.user, role, scope, sessionId: resolved.sessionId }
	if (user.mustChangePassword && !isOpenDuringPasswordChange(new URL(request.url).pathname)) throw redirect(PASSWORD_CHANGE_PATH)
	return user
}

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getOptionalUser>>>

/** Signed-in user or a redirect to /login that comes back here afterwards (or to the forced password change). */
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
	const { headers } = request
	if (isCrossSiteWrite(request.method, { origin: headers.get('Origin'), forwardedHost: headers.get('X-Forwarded-Host'), host: headers.get('Host') })) {
		throw crossSiteRefusal()
	}
}

/** Where the HTTP server sends cross-site writes (server/http-hardening.mjs) for the 403 page. */
export const CROSS_SITE_REFUSAL_PATH = '/cross-site-refused'

/** The 403 of a refused cross-site request; the error boundary explains it. */
export function crossSiteRefusal() {
	return new Response(JSON.stringify({ reason: 'crossSite' }), {
		status: 403,
		statusText: 'Forbidden',
		headers: { 'Content-Type': 'application/json' },
	})
}

const cookieMaxAge = () => getEnv().SESSION_MAX_DAYS * 24 * 60 * 60

/**
 * Signs in through the throttle. Success is a redirect with the session cookie
 * (to the change-password page when an admin reset the password); anything else
 * is the outcome for the login page to explain.
 */
export async function login(
	request: Request,
	context: AppLoadContext,
	form: { username: string; password: string; redirectTo?: string },
): Promise<Response | Exclude<LoginOutcome, { ok: true }>> {
	ensureAuthSweeper()
	const outcome = await attemptLogin(prisma, {
		username: form.username,
		password: form.password,
		address: clientAddressOf(context),
		userAgent: request.headers.get('User-Agent'),
		policy: sessionPolicy(),
	})
	if (!outcome.ok) return outcome
	const session = await sessionStorage.getSession()
	session.set('sessionId', outcome.sessionId)
	const to = outcome.mustChangePassword ? PASSWORD_CHANGE_PATH : safeRedirect(form.redirectTo)
	return redirect(to, { headers: { 'Set-Cookie': await sessionStorage.commitSession(session, { maxAge: cookieMaxAge() }) } })
}

export async function logout(request: Request, context: AppLoadContext) {
	const session = await sessionStorage.getSession(request.headers.get('Cookie'))
	const id: unknown = session.get('sessionId')
	if (typeof id === 'string') {
		const ended = await deleteSession(prisma, id)
		if (ended) await recordAudit(prisma, { userId: ended.userId, entity: 'User', entityId: ended.userId, action: 'logout', ip: clientAddressOf(context) })
	}
	return redirect('/login', { headers: { 'Set-Cookie': await sessionStorage.destroySession(session) } })
}

/** The response for a request whose own session was just ended (revoked from /account). */
export async function signedOutRedirect(request: Request) {
	const session = await sessionStorage.getSession(request.headers.get('Cookie'))
	return redirect('/login', { headers: { 'Set-Cookie': await sessionStorage.destroySession(session) } })
}

const SWEEP_INTERVAL_MS = 10 * 60_000

/** Deletes expired sessions and login-throttle rows that no longer count. */
export async function sweepAuthRows(db: Db, now = new Date()) {
	return { sessions: await deleteExpiredSessions(db, now), throttles: await deleteForgottenThrottles(db, now) }
}

/** Starts the sweep timer once per process (the first request does it); it never keeps the process alive. */
function ensureAuthSweeper() {
	const global = globalThis as { __chainleadAuthSweeper?: NodeJS.Timeout }
	global.__chainleadAuthSweeper ??= setInterval(() => {
		sweepAuthRows(prisma).catch((error: unknown) => console.error('Sweeping expired sessions failed:', error))
	}, SWEEP_INTERVAL_MS).unref()
}

/** Only same-origin paths; anything else (//evil.com, /\tevil.com, https://…) goes home. */
export { safeRedirect }
