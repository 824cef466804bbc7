import { describe, expect, test } from 'vitest'
import { companyNameKey } from './duplicates'
import { foldAsciiCase, gramTokens, MAX_PHRASE_GRAMS, nameKeyMatchExpression, searchDocument, searchMatchExpression } from './search-grams'

/** SQLite's `value LIKE '%q%'` for a q without wildcards: code points, ASCII letters folded. */
const like = (value: string, q: string) => foldAsciiCase(value).includes(foldAsciiCase(q))

/** FTS5's phrase match on one column: the phrase's tokens at consecutive positions. */
function phraseMatches(column: string, expression: string) {
	const phrase = /"([^"]*)"/.exec(expression)![1]!.split(' ')
	const tokens = column.split(' ')
	return tokens.some((_, start) => phrase.every((token, i) => tokens[start + i] === token))
}

/** Whether the index finds a company for `q` (both columns), as FTS5 would read its row. */
function indexFinds(name: string, aliases: string[], q: string) {
	const expression = searchMatchExpression(q, 'all')!
	const document = searchDocument(name, aliases)
	return phraseMatches(document.name, expression) || phraseMatches(document.aliases, expression)
}

describe('gramTokens', () => {
	test('a CJK name gives one token per pair of neighbouring characters', () => {
		// 恒 U+6052, 源 U+6E90, 稀 U+7A00, 土 U+571F
		expect(gramTokens('恒源稀土')).toEqual(['006052006e90', '006e90007a00', '007a0000571f'])
		expect(gramTokens('恒源稀土')).toHaveLength(3)
		expect(gramTokens('恒')).toEqual([])
		expect(gramTokens('')).toEqual([])
	})

	test('tokens are ASCII hex digits only, so no tokenizer splits or folds them', () => {
		for (const token of gramTokens('A-b c，"稀土" 😀x\t')) expect(token).toMatch(/^[0-9a-f]{12}$/)
	})

	test('ASCII letters are folded like SQLite LIKE folds them; other letters are not', () => {
		expect(gramTokens('ABC')).toEqual(gramTokens('abc'))
		expect(gramTokens('ÄÖ')).not.toEqual(gramTokens('äö'))
		expect(gramTokens('ＡＢ')).not.toEqual(gramTokens('ab')) // full-width letters are other code points to LIKE
	})

	test('an emoji (a surrogate pair) is one character, as it is to SQLite', () => {
		expect(gramTokens('a😀b')).toHaveLength(2)
		expect(gramTokens('😀😀')).toHaveLength(1)
	})

	test('punctuation and spaces are characters like any other', () => {
		expect(gramTokens('a b')).toHaveLength(2)
		expect(gramTokens('(赣州)')).toHaveLength(3)
	})
})

describe('searchMatchExpression', () => {
	test('a query of n characters is the phrase of its n − 1 bigrams', () => {
		expect(searchMatchExpression('恒源', 'all')).toBe(`{name aliases} : "${gramTokens('恒源')[0]}"`)
		expect(searchMatchExpression('恒源稀土', 'all')).toBe(`{name aliases} : "${gramTokens('恒源稀土').join(' ')}"`)
		expect(searchMatchExpression('恒源', 'name')).toBe(`name : "${gramTokens('恒源')[0]}"`)
	})

	test('quotes and FTS5 syntax in a query are just characters', () => {
		for (const q of ['"a"', 'a" OR "b', 'NEAR(a b)', 'a*', 'name:x', '^ab', "O'Neil", 'a AND b']) {
			const expression = searchMatchExpression(q, 'all')!
			expect(expression).toMatch(/^\{name aliases\} : "[0-9a-f ]+"$/)
		}
	})

	test('what the index cannot serve is null: one character, wildcards, NUL, lone surrogates', () => {
		for (const q of ['', '恒', 'a', '😀', '50%', 'a_b', '%', 'a\0b', 'a\uD800b', '\uDC00ab']) expect(searchMatchExpression(q, 'all')).toBeNull()
		expect(searchMatchExpression('😀😀', 'all')).not.toBeNull()
	})

	test('a long query matches on its first bigrams only', () => {
		const q = '中'.repeat(10) + '国'.repeat(100)
		const tokens = /"(.*)"/.exec(searchMatchExpression(q, 'all')!)![1]!.split(' ')
		expect(tokens).toHaveLength(MAX_PHRASE_GRAMS)
		expect(tokens).toEqual(gramTokens(q).slice(0, MAX_PHRASE_GRAMS))
	})
})

describe('the index finds every company LIKE finds', () => {
	const names = ['赣州恒源稀土新材料有限公司', 'Jiangxi ABC Magnet Co., Ltd.', 'abc', '「稀土」 (赣州) 😀磁材', 'Ärzte GmbH', 'a  b', 'x']
	const aliases = [['恒源'], ['ABC磁材', '江西ABC'], [], ['稀土😀'], [], [], ['xy']]
	const queries = [
		'恒源',
		'源稀土新',
		'abc',
		'ABC',
		'aBc m',
		'co., ltd',
		'」 (',
		'😀磁',
		'土😀',
		'ärz',
		'Ärz',
		'a  b',
		' b',
		'磁材江西',
		'xy',
		'土新材料有限公司',
	]

	test.each(queries)('%s', (q) => {
		names.forEach((name, i) => {
			const liked = like(name, q) || aliases[i]!.some((alias) => like(alias, q))
			if (liked) expect(indexFinds(name, aliases[i]!, q), `${name} for ${q}`).toBe(true)
		})
	})

	test('no phrase runs from one alias into the next', () => {
		// '磁材江西' is not in any value, only across two aliases of the same company.
		expect(indexFinds('', ['ABC磁材', '江西ABC'], '磁材江西')).toBe(false)
		expect(indexFinds('ABC磁材', ['江西ABC'], '磁材江西')).toBe(false)
	})

	test('random strings over a small alphabet', () => {
		const alphabet = ['a', 'A', 'b', '稀', '土', ' ', '"', '😀', 'é', 'É']
		let seed = 7
		const next = (n: number) => {
			seed = (seed * 1103515245 + 12345) % 2147483648
			return seed % n
		}
		const text = (max: number) => Array.from({ length: next(max) }, () => alphabet[next(alphabet.length)]).join('')
		for (let round = 0; round < 2000; round++) {
			const name = text(12)
			const alias = [text(6), text(6)]
			const q = text(5)
			if (!searchMatchExpression(q, 'all')) continue
			if (like(name, q) || alias.some((a) => like(a, q))) expect(indexFinds(name, alias, q), `${name} | ${alias.join('|')} for ${q}`).toBe(true)
		}
	})
})

describe('name keys (duplicate checks)', () => {
	/** Whether the keys column of a company's row holds one of the phrases of the expression. */
	function keysFind(name: string, aliases: string[], probe: string[]) {
		const expression = nameKeyMatchExpression(probe.map(companyNameKey))!
		const column = searchDocument(name, aliases).keys
		return [...expression.matchAll(/"([^"]*)"/g)].some((m) => phraseMatches(column, `"${m[1]}"`))
	}

	test('a name key matches the whole key of a name or an alias, never a part of one', () => {
		expect(keysFind('赣州恒源科技有限公司', [], ['赣州恒源科技 股份有限公司'])).toBe(true)
		expect(keysFind('赣州（恒源）科技有限公司', ['恒源'], ['恒源有限公司'])).toBe(true)
		expect(keysFind('赣州恒源科技有限公司', [], ['恒源科技'])).toBe(false)
		expect(keysFind('赣州恒源科技有限公司', [], ['赣州恒源科技新材料'])).toBe(false)
		// No phrase runs from one key into the next.
		expect(keysFind('恒源', ['科技'], ['恒源科技'])).toBe(false)
	})

	test('the search columns leave the keys column out', () => {
		expect(searchDocument('恒源', []).keys).not.toBe('')
		expect(searchMatchExpression('恒源', 'all')).toMatch(/^\{name aliases\} : /)
		expect(nameKeyMatchExpression([])).toBeNull()
		expect(nameKeyMatchExpression(['a', 'b'])).toMatch(/^keys : \("[0-9a-f ]+" OR "[0-9a-f ]+"\)$/)
	})
})
