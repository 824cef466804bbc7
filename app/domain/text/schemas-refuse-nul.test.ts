import { expect, test } from 'vitest'
import { type z } from 'zod'
import { loginSchema } from '~/domain/auth/login-schema'
import { editUserSchema, newUserSchema } from '~/domain/auth/user-schema'
import { createLinkSchema } from '~/domain/chain/edit-schemas'
import { companyFormSchema, EMPTY_COMPANY_FORM } from '~/domain/company/company-schema'
import { deleteCompanyFormSchema } from '~/domain/company/merge'
import { activitySchema, leadSchema } from '~/domain/lead/schemas'
import { projectFormSchema } from '~/domain/project/project-schema'
import { evidenceFormSchema, reviewFormSchema } from '~/domain/project/verification'
import { manualEntrySchema } from '~/domain/quota/quota-forms'
import { policyDocumentSchema } from '~/domain/quota/target-review'
import { newRegionSchema } from '~/domain/region/region-schema'
import { correctionReasonField } from '~/domain/report/closed-periods'
import { savedViewActionSchema } from '~/domain/saved-view/saved-view-schema'
import { scenarioHeaderSchema } from '~/domain/scenario/scenario-schema'
import { setupSchema } from '~/domain/setup/first-run'
import { NUL_MESSAGE } from './text-field'

// Every form that stores text refuses U+0000 on the field that holds it (ADR 0034), whatever else is wrong.
const FORMS: [string, string, z.ZodType, Record<string, unknown>][] = [
	['company', 'description', companyFormSchema, { ...EMPTY_COMPANY_FORM, name: '甲公司' }],
	['company name', 'name', companyFormSchema, { ...EMPTY_COMPANY_FORM }],
	['lead', 'notes', leadSchema, {}],
	['activity', 'people', activitySchema, { kind: 'visit' }],
	['project', 'title', projectFormSchema, {}],
	['chain link', 'name', createLinkSchema, { intent: 'createLink', key: 'magnet' }],
	['manual quota figure', 'evidence', manualEntrySchema, { value: '1', date: '2026-01-01' }],
	['policy document', 'title', policyDocumentSchema, {}],
	['company deletion', 'reason', deleteCompanyFormSchema, {}],
	['new user', 'name', newUserSchema, {}],
	['user edit', 'name', editUserSchema, {}],
	['first run', 'username', setupSchema, {}],
	['sign-in', 'username', loginSchema, { password: 'x' }],
	['saved view', 'name', savedViewActionSchema, { intent: 'save', page: 'companies', query: '' }],
	['evidence', 'docNumber', evidenceFormSchema, {}],
	['evidence review', 'note', reviewFormSchema, { decision: 'reject', seen: 'x' }],
	['scenario', 'name', scenarioHeaderSchema, { year: '2025' }],
	['region (CLI)', 'name', newRegionSchema, { code: 'jx-gz-nk', kind: 'county', nameEn: 'Nankang' }],
]

test.each(FORMS)('%s: U+0000 in %s is refused on that field', (_form, field, schema, values) => {
	const result = schema.safeParse({ ...values, [field]: `正文\u0000` })
	expect(result.success).toBe(false)
	expect(result.error!.issues.filter((issue) => issue.path.join('.') === field).map((issue) => issue.message)).toEqual([NUL_MESSAGE])
})

test('a correction reason with U+0000 is refused', () => {
	expect(correctionReasonField.safeParse('补录\u0000').error?.issues.map((issue) => issue.message)).toEqual([NUL_MESSAGE])
})
