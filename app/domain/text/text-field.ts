import { z } from 'zod'

/**
 * Text a person sent, before it is stored or looked up (issue #12 §2). PostgreSQL's
 * text cannot hold U+0000 (NUL): a value with one made the statement fail, a 500, where
 * SQLite stored it. Both engines now refuse it the same way, in the schema that reads
 * the value: a field error (`validation.nulCharacter`), every other field kept as typed.
 * Nothing a person means is written with U+0000; it arrives in text copied from other
 * programs, or from a client that sends it on purpose.
 */

export const NUL = '\u0000'

export const hasNul = (text: string) => text.includes(NUL)

/** `text` without any U+0000 (for text nobody typed: a file name, a document's extracted text). */
export const withoutNul = (text: string) => (hasNul(text) ? text.replaceAll(NUL, '') : text)

// C0 controls and DEL match no name anyone types, and PostgreSQL refuses U+0000 in text.
// eslint-disable-next-line no-control-regex -- the control characters are what this removes
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g

/** `text` without C0 control characters or DEL: a search query, a name's sort key, a file name. */
export const withoutControlCharacters = (text: string) => text.replace(CONTROL_CHARACTERS, '')

/** The i18n key of the refusal: forms and the CLI. */
export const NUL_MESSAGE = 'validation.nulCharacter'

/**
 * `z.string()` for anything a person sends that reaches the database (stored, or looked up):
 * refuses U+0000 first, with its own message, before the field's other checks.
 * `message` is z.string's, the message when the value is not a string at all.
 */
export function userText(message?: Parameters<typeof z.string>[0]) {
	return z.string(message).refine((value) => !hasNul(value), { message: NUL_MESSAGE, abort: true })
}
