// Security headers and request body limits for every response of the HTTP
// server. Plain Node ESM: server/index.mjs runs without a build step.
import crypto from 'node:crypto'
import http from 'node:http'

/**
 * The Content-Security-Policy for one response. Scripts: our own files and
 * the inline scripts Remix and React render, which carry `nonce`; nothing
 * else, so an injected <script> or on* attribute does not run. Styles: our
 * own stylesheets only (the app sets no style attributes in markup; d3 sets
 * styles through the CSSOM, which style-src does not govern).
 */
export function contentSecurityPolicy(nonce) {
	return [
		"default-src 'self'",
		`script-src 'self' 'nonce-${nonce}'`,
		"style-src 'self'",
		"img-src 'self' data:",
		"font-src 'self'",
		"connect-src 'self'",
		"form-action 'self'",
		"frame-ancestors 'none'",
		"base-uri 'none'",
		"object-src 'none'",
	].join('; ')
}

// Features the app never uses, switched off for it and anything it might embed.
const PERMISSIONS_POLICY = ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'serial', 'browsing-topics'].map((feature) => `${feature}=()`).join(', ')

/** Sets the security headers and the response's CSP nonce (res.locals.cspNonce, handed to Remix). */
export function securityHeaders(_req, res, next) {
	const nonce = crypto.randomBytes(16).toString('base64')
	res.locals.cspNonce = nonce
	res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce))
	res.setHeader('X-Content-Type-Options', 'nosniff')
	// Older browsers that ignore frame-ancestors.
	res.setHeader('X-Frame-Options', 'DENY')
	res.setHeader('Referrer-Policy', 'same-origin')
	res.setHeader('Permissions-Policy', PERMISSIONS_POLICY)
	res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
	res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
	next()
}

/**
 * Cross-site writes (`isCrossSite`, the app's rule) get the app's 403 page
 * instead of Remix's blank 500: a 303
 * to `refusalPath`, a route that answers 403 with the reason, so the browser
 * shows the usual error page in the user's language, in the app's shell, at a
 * URL that matches it (a page rendered under the form's URL would not hydrate).
 * The body is never read, and no action runs.
 */
export function refuseCrossSiteWrites({ isCrossSite, refusalPath }) {
	return (req, res, next) => {
		if (isCrossSite(req.method, req.headers)) res.redirect(303, refusalPath)
		else next()
	}
}

/**
 * U+0000 in the address (`%00` in the path or the query): PostgreSQL's text cannot hold it, so
 * looking up an id or a search with one failed with 500 there (ADR 0034), and no link or form
 * of the app makes one. A GET or HEAD is sent to the same address without it (a search typed
 * with one still runs); any other method is refused with 400 and `message` (zh/en), the body unread.
 */
export function dropNulFromAddress({ message }) {
	return (req, res, next) => {
		if (!/%00/i.test(req.url)) return next()
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			req.resume()
			res.status(400).type('text/plain; charset=utf-8').send(message)
			return
		}
		// Never a protocol-relative address (`/%00/evil.example` would become `//evil.example`).
		res.redirect(302, req.originalUrl.replace(/%00/gi, '').replace(/^\/[/\\]+/, '/'))
	}
}

/** Why a request body was cut off; the app sees it as the failure of the body it was reading. */
export class RequestBodyTooLargeError extends Error {
	constructor(limitBytes) {
		super(`Request body larger than ${limitBytes} bytes`)
		this.name = 'RequestBodyTooLargeError'
	}
}

/**
 * Refuses request bodies larger than the limit of their path with 413: at
 * once when Content-Length declares too much (nothing is read), and as soon
 * as a streamed (chunked) body passes the limit. `limitFor(path)` gives the
 * limit, `messageFor(limit)` the short zh/en text of the answer.
 */
export function limitRequestBody({ limitFor, messageFor }) {
	return (req, res, next) => {
		const limit = limitFor(req.path)
		const declared = req.headers['content-length']
		if (declared !== undefined && Number(declared) > limit) {
			refuse(req, res, messageFor(limit))
			return
		}
		// Node's parser never delivers more than a declared Content-Length: only streamed bodies need counting.
		if (req.headers['transfer-encoding'] === undefined) {
			next()
			return
		}
		let received = 0
		const count = (chunk) => {
			received += chunk.length
			if (received <= limit) return
			req.off('data', count)
			// Fail the body the app is reading, before it can see more: no handler acts on a cut-off body.
			req.emit('error', new RequestBodyTooLargeError(limit))
			refuse(req, res, messageFor(limit))
		}
		// Attached before the app's reader: it must see every chunk first. It never throws, so an
		// app that ignores the body does not make the process crash on the error above.
		req.on('error', ignore)
		req.on('data', count)
		next()
	}
}

function ignore() {}

// How long a refused upload may go on sending (read and dropped) before its connection is cut.
const LINGER_MS = 10_000

/**
 * Answers 413, then reads and drops the rest of the body for a while: closing
 * a socket that still has unread data makes TCP reset the connection, and the
 * client could lose the answer before reading it (browsers and curl stop
 * sending once they see it). A body that is still coming after LINGER_MS has
 * its connection cut.
 */
function refuse(req, res, message) {
	res.locals.bodyRefused = true
	req.resume()
	if (!req.complete) {
		const linger = setTimeout(() => req.socket.destroy(), LINGER_MS).unref()
		req.once('end', () => clearTimeout(linger))
		req.once('close', () => clearTimeout(linger))
	}
	if (res.headersSent) return
	res.writeHead(413, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(message) })
	res.end(message)
}

/**
 * The last error handler. After a 413 the app's own answer to the cut-off
 * body has nowhere to go. A client error from a middleware (a missing static
 * file) keeps its status; anything else is logged and answered with 500.
 */
export function handleServerError(error, _req, res, next) {
	if (res.locals.bodyRefused) return
	const status = Number(error?.status ?? error?.statusCode)
	const clientError = status >= 400 && status < 500
	if (!clientError) console.error(error)
	if (res.headersSent) {
		next(error)
		return
	}
	const answer = clientError ? status : 500
	res.status(answer).type('text/plain').send(http.STATUS_CODES[answer])
}
