import { z } from 'zod'
import { userText } from '~/domain/text/text-field'
import { splitNames } from './company-schema'
import { isValidUscc, normalizeUscc } from './uscc'

/**
 * What the company form asks /companies/duplicates about as the user types: its name, 简称,
 * 曾用名 and USCC, and the company being edited (left out). Anything too long is cut, an invalid
 * USCC ignored: the answer is a warning, never a refusal.
 */
const duplicateQuerySchema = z.object({
	name: userText()
		.catch('')
		.transform((v) => v.trim().slice(0, 100)),
	shortName: userText()
		.catch('')
		.transform((v) => v.trim().slice(0, 100)),
	formerNames: userText()
		.catch('')
		.transform((v) => splitNames(v.slice(0, 2100)).slice(0, 20)),
	uscc: userText()
		.catch('')
		.transform((v) => (isValidUscc(v) ? normalizeUscc(v) : null)),
	exclude: userText()
		.catch('')
		.transform((v) => v.trim().slice(0, 40) || null),
})

export function parseDuplicateQuery(params: URLSearchParams) {
	const q = duplicateQuerySchema.parse(Object.fromEntries(params))
	return { probe: { name: q.name, aliases: [...(q.shortName ? [q.shortName] : []), ...q.formerNames], uscc: q.uscc }, exclude: q.exclude }
}
