/**
 * The answer of a resource route's action (a route without a page) to its
 * fetcher forms. A Response, not data(): Remix keeps data()'s status only for
 * its own fetcher requests, so a plain POST (a script, a proxy's health check,
 * the authorization test) would otherwise get 200 with the status in the body.
 */
export function resourceJson<T>(result: T, status = 200) {
	return Response.json(result, { status })
}
