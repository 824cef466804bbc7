import { userText } from '~/domain/text/text-field'

// 统一社会信用代码, GB 32100-2015: 18 characters from a 31-symbol alphabet
// (digits and capitals without I, O, S, V, Z); the last is a mod-31 check digit.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** Upper-cases and strips spaces and hyphens people paste in from documents. */
export function normalizeUscc(raw: string) {
	return raw.replace(/[\s-]/g, '').toUpperCase()
}

export function usccCheckChar(first17: string) {
	let sum = 0
	for (let i = 0; i < 17; i++) {
		const value = ALPHABET.indexOf(first17[i] ?? '')
		if (value < 0) return null
		sum += value * WEIGHTS[i]!
	}
	return ALPHABET[(31 - (sum % 31)) % 31]!
}

export function isValidUscc(raw: string) {
	const code = normalizeUscc(raw)
	if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false
	return usccCheckChar(code.slice(0, 17)) === code[17]
}

/** Form field: optional, normalised, and refused with an i18n message key when invalid. */
export const usccSchema = userText()
	.transform(normalizeUscc)
	.refine((v) => v === '' || isValidUscc(v), 'validation.invalidUscc')
	.transform((v) => (v === '' ? null : v))
