import { pinyin } from 'pinyin-pro'
import { withoutControlCharacters } from '~/domain/text/text-field'

// Names sort in 拼音 order (ADR 0027): 阿 before 白 before 陈. Neither engine can collate by
// 拼音 (SQLite has no ICU, and a PostgreSQL ICU collation would sort differently from SQLite),
// so each name carries a key, stored beside it and indexed, that sorts by code point
// (SQLite's BINARY, PostgreSQL's "C") in the order a Chinese reader expects.

/** Longer keys are cut (ties then go by id): well inside PostgreSQL's b-tree entry limit. */
export const MAX_SORT_KEY_LENGTH = 400

/**
 * One token per character, each followed by a space, which sorts below every token character,
 * so a name sorts before its continuations (阿里 before 阿里巴巴). The classes follow
 * Intl.Collator('zh-CN'): punctuation and symbols, then digits, then Chinese by reading, then
 * Latin letters, then Chinese characters with no known reading.
 * - Chinese: the syllable (ü as v), the tone digit (0 neutral … 4), then the character itself,
 *   so homophones group by character and 'a' sorts before 'ai' before 'an' whatever the tones.
 *   Readings come from the whole name (重庆 chóng, 银行 háng, 长沙 cháng).
 * - Latin letters: '{' and the letter in lower case; digits as they are; whitespace is skipped.
 * - Anything else: '!' and the character.
 */
export function nameSortKey(name: string): string {
	const text = withoutControlCharacters(name.normalize('NFKC'))
	// A name that starts with a surname and 氏 (曾氏集团, 单氏, 解氏) reads it as a surname: zēng,
	// shàn, xiè. Applied to every name, pinyin-pro's surname mode misreads place names and words
	// that start firm names (乐山 lè, 区域 qū, 行业 háng, 查询 chá).
	const surname = /^\p{Script=Han}氏/u.test(text)
	const characters = pinyin(text, { toneType: 'num', type: 'all', ...(surname ? { surname: 'head' as const } : {}) })
	let key = ''
	for (const { origin, pinyin: reading, isZh } of characters) {
		if (/^\s$/u.test(origin)) continue
		key += `${token(origin, isZh ? reading : '')} `
		if (key.length >= MAX_SORT_KEY_LENGTH) return key.slice(0, MAX_SORT_KEY_LENGTH)
	}
	return key
}

function token(character: string, reading: string) {
	if (reading) return `${reading.replace('ü', 'v')}${character}`
	if (/^[0-9]$/.test(character)) return character
	if (/^[A-Za-z]$/.test(character)) return `{${character.toLowerCase()}`
	if (/^\p{Script=Han}$/u.test(character)) return `|${character}`
	return `!${character}`
}
