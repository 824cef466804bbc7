// A placeholder origin: only used to let the URL parser resolve a path the way a browser would.
const PLACEHOLDER_ORIGIN = 'https://chainlead.invalid'

// Raw control characters are stripped by URL parsers (`/\t/evil.com` becomes `//evil.com`) and
// browsers read a backslash as a slash (`/\evil.com`), so neither may appear anywhere.
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const CONTROL_OR_BACKSLASH = /[\u0000-\u001F\u007F\\]/
// Encoded control characters, slashes, backslashes and percent signs have no business in one of
// our paths; refusing them keeps anything that decodes the path again from seeing `//` or `\`.
const ENCODED_SEPARATOR_IN_PATH = /%(?:[01][0-9a-f]|7f|2f|5c|25)/i

/**
 * `to` when it is a path on this site, else `fallback`. The path is resolved
 * against a placeholder origin exactly as a browser would resolve a Location
 * header, and must stay on it; what is returned is that resolved path.
 */
export function safeRedirect(to: string | null | undefined, fallback = '/') {
	if (!to || !to.startsWith('/') || to.startsWith('//')) return fallback
	if (CONTROL_OR_BACKSLASH.test(to)) return fallback
	const path = to.split(/[?#]/, 1)[0] ?? ''
	if (ENCODED_SEPARATOR_IN_PATH.test(path)) return fallback
	let url: URL
	try {
		url = new URL(to, PLACEHOLDER_ORIGIN)
	} catch {
		return fallback
	}
	if (url.origin !== PLACEHOLDER_ORIGIN) return fallback
	return `${url.pathname}${url.search}${url.hash}`
}
