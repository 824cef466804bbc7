import { expect, test } from 'vitest'
import { MAX_FILE_BYTES } from '~/domain/import/limits'
import { MAX_POLICY_FILE_BYTES } from '~/domain/policy/file-limits'
import { MAX_EVIDENCE_BYTES } from '~/domain/project/evidence-file'
import { MAX_TEXT_BYTES } from '~/domain/quota/target-review'
import {
	bodyLimitFor,
	DEFAULT_BODY_LIMIT_BYTES,
	EVIDENCE_UPLOAD_BODY_LIMIT_BYTES,
	formatLimit,
	IMPORT_UPLOAD_BODY_LIMIT_BYTES,
	POLICY_IMPORT_BODY_LIMIT_BYTES,
} from './body-limits'

test('ordinary routes get the default of 1 MB', () => {
	expect(DEFAULT_BODY_LIMIT_BYTES).toBe(1024 * 1024)
	for (const path of [
		'/',
		'/login',
		'/leads/abc',
		'/data/import/abc',
		'/quotas/import/x',
		'/setup',
		'/_root.data',
		'/leads.data',
		'/projects/abc',
		'/projects/abc/evidence',
		'/projects/a/b/evidence/signed',
	]) {
		expect(bodyLimitFor(path)).toBe(DEFAULT_BODY_LIMIT_BYTES)
	}
})

test('the upload routes get theirs, on the page URL and its data URL alike', () => {
	for (const path of ['/projects/abc/evidence/signed', '/projects/abc/evidence/signed.data']) expect(bodyLimitFor(path)).toBe(EVIDENCE_UPLOAD_BODY_LIMIT_BYTES)
	for (const path of ['/data/import', '/data/import/', '/data/import.data']) expect(bodyLimitFor(path)).toBe(IMPORT_UPLOAD_BODY_LIMIT_BYTES)
	for (const path of ['/quotas/import', '/quotas/import.data']) expect(bodyLimitFor(path)).toBe(POLICY_IMPORT_BODY_LIMIT_BYTES)
})

test('the upload limits hold what the pages accept', () => {
	expect(IMPORT_UPLOAD_BODY_LIMIT_BYTES).toBeGreaterThan(MAX_FILE_BYTES)
	expect(EVIDENCE_UPLOAD_BODY_LIMIT_BYTES).toBeGreaterThan(MAX_EVIDENCE_BYTES)
	// A text of MAX_TEXT_BYTES in Chinese, percent-encoded by the review form: every byte becomes three.
	const reviewPost = new URLSearchParams({ text: '稀'.repeat(MAX_TEXT_BYTES / 3) }).toString().length
	expect(reviewPost).toBeGreaterThan(2 * MAX_TEXT_BYTES)
	expect(POLICY_IMPORT_BODY_LIMIT_BYTES).toBeGreaterThan(reviewPost)
	// Step 1: a pasted text and a .docx or .pdf, each as large as allowed.
	expect(POLICY_IMPORT_BODY_LIMIT_BYTES).toBeGreaterThan(MAX_TEXT_BYTES + MAX_POLICY_FILE_BYTES)
})

test('limits read as MB', () => {
	expect(formatLimit(DEFAULT_BODY_LIMIT_BYTES)).toBe('1 MB')
	expect(formatLimit(IMPORT_UPLOAD_BODY_LIMIT_BYTES)).toBe('50.1 MB')
})
