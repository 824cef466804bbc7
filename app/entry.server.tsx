import { type AppLoadContext, createReadableStreamFromReadable, type EntryContext, type HandleErrorFunction } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { NonceProvider } from '~/utils/nonce'
import { stripNulBytes } from '~/utils/strip-nul-bytes.server'

// What server/index.mjs calls besides rendering (startup checks, body limits,
// shutdown): exported here because the server build exposes this module.
export { serverHooks } from '~/utils/server-hooks.server'

const ABORT_DELAY = 5_000

/**
 * Remix's default Node entry, plus the CSP nonce: React's and Remix's inline
 * scripts carry the per-response nonce the HTTP server put in the policy.
 * Bots and SPA mode get the whole document at once (onAllReady), browsers a
 * stream from the first shell (onShellReady).
 */
export default function handleRequest(
	request: Request,
	responseStatusCode: number,
	responseHeaders: Headers,
	remixContext: EntryContext,
	loadContext: AppLoadContext,
) {
	const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode
	const nonce = loadContext.cspNonce
	return new Promise<Response>((resolve, reject) => {
		let shellRendered = false
		const ready = () => {
			shellRendered = true
			// Not a plain PassThrough: React 18.3 leaks NUL bytes into pages (see stripNulBytes).
			const body = stripNulBytes()
			responseHeaders.set('Content-Type', 'text/html')
			resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
			pipe(body)
		}
		const { pipe, abort } = renderToPipeableStream(
			<NonceProvider value={nonce ?? ''}>
				<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
			</NonceProvider>,
			{
				nonce,
				...(waitForAll ? { onAllReady: ready } : { onShellReady: ready }),
				onShellError(error: unknown) {
					reject(error instanceof Error ? error : new Error(String(error)))
				},
				onError(error: unknown) {
					responseStatusCode = 500
					// Errors before the shell reject above and Remix logs them; log only those after it.
					if (shellRendered) console.error(error)
				},
			},
		)
		setTimeout(abort, ABORT_DELAY)
	})
}

/**
 * Remix's default, minus what is not an error of the app: requests the client
 * gave up on, and bodies server/http-hardening.mjs cut off at their size limit
 * (it has already answered 413; the error's name is the contract between them).
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
	if (request.signal.aborted) return
	if (error instanceof Error && error.name === 'RequestBodyTooLargeError') return
	console.error(error)
}
