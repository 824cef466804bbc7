/**
 * Whether a state-changing request comes from another site: its Origin is not
 * the host it was sent to (X-Forwarded-Host first, then Host). The same rule as
 * Remix's own CSRF check, which answers such requests with an empty 500 before
 * any route runs; the HTTP server applies it first (server/http-hardening.mjs)
 * and actions again (requirePermission). "null" (a sandboxed or privacy-stripped
 * origin) counts as another site. No Origin at all is a non-browser client.
 */
/** The methods Remix treats as writes (its CSRF check and its actions). */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function isCrossSiteWrite(method: string, headers: { origin: string | null; forwardedHost: string | null; host: string | null }) {
	if (!WRITE_METHODS.has(method) || headers.origin === null) return false
	const host = headers.forwardedHost?.split(',')[0]?.trim() || headers.host
	let originHost = headers.origin
	try {
		if (headers.origin !== 'null') originHost = new URL(headers.origin).host
	} catch {
		// An Origin that is no URL matches no host.
	}
	return !host || originHost !== host
}
