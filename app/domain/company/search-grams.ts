// The company search index (ADR 0018) in pure functions: what a company's row in
// the FTS5 table `CompanySearch` holds, and the match expression of a search.
//
// The search it serves is SQLite's `LIKE '%q%'` (Prisma's `contains`): characters are
// Unicode code points, and only ASCII letters match regardless of case. A company's
// row holds every bigram (two consecutive code points) of its case-folded name and
// aliases, each written as one opaque ASCII token; a query of n ≥ 2 code points becomes
// the phrase of its n − 1 bigrams, which every value containing it must hold at
// consecutive positions. The index thus finds a superset of the LIKE matches, which
// the search then checks with the LIKE itself: the results are the LIKE's by construction.

import { companyNameKey } from './duplicates'

/** Longer queries match on their first bigrams only (still a superset); the LIKE check does the rest. */
export const MAX_PHRASE_GRAMS = 32

/** Between two aliases in the `aliases` column: not a bigram token, so no phrase runs across it. */
const VALUE_BREAK = 'x'

/** Around a name key in the `keys` column: a code point no key holds, so a phrase with it matches a whole key only. */
const KEY_BOUNDARY = '\u0000'

/** better-sqlite3 hands SQLite a lone surrogate as U+FFFD, which the bigrams of `q` would not show. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** SQLite's LIKE folds ASCII letters only (no ICU): 'Ä' and 'ä' stay apart, 'A' and 'a' do not. */
export function foldAsciiCase(text: string) {
	return text.replace(/[A-Z]/g, (c) => c.toLowerCase())
}

/** A bigram as one token of hex digits: the fixed-width code points of both characters. */
function gramToken(a: number, b: number) {
	return a.toString(16).padStart(6, '0') + b.toString(16).padStart(6, '0')
}

/** The bigram tokens of `text`, in order, as space-separated tokens ('' under two code points). */
export function gramTokens(text: string) {
	const points = Array.from(foldAsciiCase(text), (c) => c.codePointAt(0)!)
	const tokens: string[] = []
	for (let i = 1; i < points.length; i++) tokens.push(gramToken(points[i - 1]!, points[i]!))
	return tokens
}

/** The bigram tokens of a whole name key (companyNameKey), its boundaries included: a phrase that only the same key holds. */
function keyTokens(key: string) {
	return gramTokens(`${KEY_BOUNDARY}${key}${KEY_BOUNDARY}`).join(' ')
}

/**
 * The three columns of a company's `CompanySearch` row: the bigrams of its name and of its
 * aliases (the search box), and of the name keys of both (duplicate checks, companyNameKey).
 */
export function searchDocument(name: string, aliases: readonly string[]) {
	const values = (texts: readonly string[], tokens: (text: string) => string) =>
		texts
			.map(tokens)
			.filter((t) => t !== '')
			.join(` ${VALUE_BREAK} `)
	return {
		name: gramTokens(name).join(' '),
		aliases: values(aliases, (alias) => gramTokens(alias).join(' ')),
		keys: values([...new Set([name, ...aliases].map(companyNameKey).filter(Boolean))], keyTokens),
	}
}

/** The FTS5 expression of the companies whose name or an alias has one of these name keys (as indexed); null for none. */
export function nameKeyMatchExpression(keys: readonly string[]): string | null {
	const phrases = keys.filter(Boolean).map((key) => `"${keyTokens(key)}"`)
	return phrases.length === 0 ? null : `keys : (${phrases.join(' OR ')})`
}

/**
 * The FTS5 match expression whose rows include every company that `LIKE '%q%'` matches
 * (in the name, or in the name and the aliases), or null when the index cannot serve `q`:
 * under two characters, LIKE wildcards (`%`, `_`), or text that SQLite would not see as
 * the same code points (lone surrogates, NUL).
 */
export function searchMatchExpression(q: string, columns: 'name' | 'all'): string | null {
	if (/[%_\0]/.test(q) || LONE_SURROGATE.test(q)) return null
	const tokens = gramTokens(q).slice(0, MAX_PHRASE_GRAMS)
	if (tokens.length === 0) return null
	// One quoted string is one phrase; tokens are hex digits, so nothing in it needs escaping.
	const phrase = `"${tokens.join(' ')}"`
	return columns === 'name' ? `name : ${phrase}` : `{name aliases} : ${phrase}`
}
