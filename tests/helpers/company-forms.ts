import { expect } from 'vitest'
import { EMPTY_COMPANY_FORM, tagYearInputName } from '~/domain/company/company-schema'
import { usccCheckChar } from '~/domain/company/uscc'
import { COMPANY_TAGS } from '~/domain/seed/seed-files'
import { action as newAction } from '~/routes/companies.new'
import { unwrap } from './requests'

// The company form as a browser posts it, for integration tests of the company pages.

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

export function uscc(seed: string) {
	const body = `91360721MA${seed.padEnd(7, '1')}`.slice(0, 17)
	return body + usccCheckChar(body)
}

export function companyForm(fields: Partial<typeof EMPTY_COMPANY_FORM>) {
	const { tags, tagYears, ...text } = { ...EMPTY_COMPANY_FORM, ...fields }
	const body = new URLSearchParams(text)
	for (const tag of tags) body.append('tags', tag)
	for (const tag of COMPANY_TAGS) body.set(tagYearInputName(tag), tagYears[tag])
	return body
}

export function postCompany(path: string, cookie: string, fields: Partial<typeof EMPTY_COMPANY_FORM>) {
	return new Request(`http://localhost:3000${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
		body: companyForm(fields),
	})
}

export async function createCompany(cookie: string, fields: Partial<typeof EMPTY_COMPANY_FORM>) {
	const { status, body } = unwrap(await newAction(args(postCompany('/companies/new', cookie, fields))))
	expect(status).toBe(302)
	return String(body).replace('/companies/', '')
}
