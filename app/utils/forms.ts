import { z } from 'zod'
import { userText } from '~/domain/text/text-field'
import { formatDate } from '~/utils/format'
import { type UserError, type UserMessage, userMessage } from '~/utils/user-error'

/**
 * The forms kit (#16 §2): what every form of every feature shares, below the
 * features. A form's schema validates on the client (react-hook-form) and again
 * in the action; inputs are form strings, outputs the values to store (blank →
 * null). Messages are i18n keys, translated where shown; each helper takes the
 * keys its feature words differently, so a feature keeps its own texts.
 * The components that show the errors are in ~/components/forms.
 */

// ---------- reading a posted form ----------

/** One text field of a posted form: its value, or undefined when absent (or a file). */
export function formText(formData: FormData, name: string): string | undefined {
	const value = formData.get(name)
	return typeof value === 'string' ? value : undefined
}

/** Every text value posted under `name` (a multi-select, repeated checkboxes), files left out. */
export function formTexts(formData: FormData, name: string): string[] {
	return formData.getAll(name).filter((value): value is string => typeof value === 'string')
}

// ---------- errors and action results ----------

/** Field name → i18n key of the message shown under it. */
export type FieldErrors = Record<string, string>

/** Field → message key of the first issue on each field; an issue on the whole form (no path) goes under `form`. */
export function fieldErrors(error: z.ZodError): FieldErrors {
	const errors: FieldErrors = {}
	for (const issue of error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message
	return errors
}

/**
 * Every action's refusal: messages under fields, and one about the whole form.
 * A feature adds what its form needs to draw itself again (the posted values, a
 * stale form's conflict, the closed reports…) and, when one route serves several
 * forms, the `intent` that says which form the answer is for.
 */
export type Refusal = { ok: false; errors: FieldErrors; formError: UserMessage | null }

/** What an action answers: `{ ok: true, …Done }` or a Refusal with `…Refused`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{}` is "nothing added" in an intersection
export type ActionResult<Done extends object = {}, Refused extends object = {}> = ({ ok: true } & Done) | (Refusal & Refused)

/** A refusal with messages under fields and, optionally, one for the form (a key, or a message with params). */
export function refusal(errors: FieldErrors, formError: string | UserMessage | null = null): Refusal {
	return { ok: false, errors, formError: typeof formError === 'string' ? userMessage(formError) : formError }
}

/** A user error as a refusal: under its field when it names one, else about the form. */
export function refusalOf(error: UserError): Refusal {
	return error.field === null ? refusal({}, error.userMessage) : refusal({ [error.field]: error.messageKey })
}

// ---------- parsing typed values ----------

/** Full-width digits and point (typed with a Chinese IME) count as their ASCII forms. */
export function toHalfWidth(value: string) {
	return value.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
}

const DECIMAL_PATTERN = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i

export type DecimalMessages = { notANumber: string; decimalComma: string }

const DECIMAL_MESSAGES: DecimalMessages = { notANumber: 'validation.notANumber', decimalComma: 'validation.decimalComma' }

/** Parses a decimal typed into a form: blank → null; "1,5" and "abc" are refused, never guessed. */
export function parseDecimal(
	raw: string | null | undefined,
	messages: DecimalMessages = DECIMAL_MESSAGES,
): { ok: true; value: number | null } | { ok: false; message: string } {
	const text = toHalfWidth(raw ?? '').trim()
	if (text === '') return { ok: true, value: null }
	if (!DECIMAL_PATTERN.test(text)) return { ok: false, message: /[,，]/.test(text) ? messages.decimalComma : messages.notANumber }
	const value = Number(text)
	return Number.isFinite(value) ? { ok: true, value } : { ok: false, message: messages.notANumber }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** "YYYY-MM-DD" (what <input type="date"> posts) as UTC midnight, or null when it is no real day (2025-02-30). */
export function parseDay(raw: string): Date | null {
	const text = raw.trim()
	if (!DAY.test(text)) return null
	const date = new Date(`${text}T00:00:00Z`)
	// An impossible day is invalid or rolls over; only a real day formats back to itself.
	return formatDate(date) === text ? date : null
}

// ---------- zod fields ----------

type TextMessages = { required?: string; tooLong?: string }

/** Required text, trimmed, at most `max` characters. */
export const requiredText = (max: number, { required = 'validation.required', tooLong = 'validation.tooLong' }: TextMessages = {}) =>
	userText(required).trim().min(1, required).max(max, tooLong)

/** Optional text, trimmed, at most `max` characters; blank or absent → null. */
export const optionalText = (max: number, { tooLong = 'validation.tooLong' }: Pick<TextMessages, 'tooLong'> = {}) =>
	userText()
		.trim()
		.max(max, tooLong)
		.optional()
		.transform((v) => (v ? v : null))

/** A decimal (see parseDecimal); blank or absent → null. */
export const optionalDecimal = (messages?: DecimalMessages) =>
	userText()
		.optional()
		.transform((raw, ctx) => {
			const parsed = parseDecimal(raw, messages)
			if (parsed.ok) return parsed.value
			ctx.addIssue({ code: 'custom', message: parsed.message })
			return z.NEVER
		})

/** A date input; blank or absent → `fallback()`, a day that is not real → `invalid`. */
export const dayField = <T>(invalid: string, fallback: () => T) =>
	userText()
		.optional()
		.transform((raw, ctx) => {
			const text = (raw ?? '').trim()
			if (text === '') return fallback()
			const date = parseDay(text)
			if (date) return date
			ctx.addIssue({ code: 'custom', message: invalid })
			return z.NEVER
		})

/** Checkbox: "on" from a plain form post, a boolean from react-hook-form, absent when unchecked. */
export const checkbox = z
	.union([z.boolean(), userText()])
	.optional()
	.transform((v) => v === true || v === 'on' || v === 'true' || v === '1')
