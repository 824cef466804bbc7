import { MAX_FILE_BYTES } from '~/domain/import/limits'
import { MAX_POLICY_FILE_BYTES } from '~/domain/policy/file-limits'
import { MAX_EVIDENCE_BYTES } from '~/domain/project/evidence-file'
import { MAX_TEXT_BYTES } from '~/domain/quota/target-review'

const MB = 1024 * 1024

/** Every request body, unless its route is listed below: forms here post a few kilobytes. */
export const DEFAULT_BODY_LIMIT_BYTES = 1 * MB

/** /data/import: the CSV/XLSX file, plus multipart framing and the kind field. */
export const IMPORT_UPLOAD_BODY_LIMIT_BYTES = MAX_FILE_BYTES + 64 * 1024

/**
 * /quotas/import: step 1 posts the pasted text (up to MAX_TEXT_BYTES) and a
 * file (up to MAX_POLICY_FILE_BYTES) as multipart; the review form posts the
 * text back URL-encoded, where a UTF-8 byte can take three ("%E7"), plus the cards.
 */
export const POLICY_IMPORT_BODY_LIMIT_BYTES = Math.max(MAX_TEXT_BYTES + MAX_POLICY_FILE_BYTES, 3 * MAX_TEXT_BYTES) + 1 * MB

/** /projects/:id/evidence/:stage: one PDF or image, plus the 文号 and framing. */
export const EVIDENCE_UPLOAD_BODY_LIMIT_BYTES = MAX_EVIDENCE_BYTES + 64 * 1024

/** Routes with a parameter, matched after the fixed paths. */
const PATTERN_BODY_LIMITS: [RegExp, number][] = [[/^\/projects\/[^/]+\/evidence\/[^/]+$/, EVIDENCE_UPLOAD_BODY_LIMIT_BYTES]]

const ROUTE_BODY_LIMITS = new Map([
	['/data/import', IMPORT_UPLOAD_BODY_LIMIT_BYTES],
	['/quotas/import', POLICY_IMPORT_BODY_LIMIT_BYTES],
])

/**
 * The largest request body accepted for a URL path, for the page and for its
 * single-fetch data URL (`/quotas/import.data`). Any other spelling of a path
 * gets the default, which only ever makes the limit stricter.
 */
export function bodyLimitFor(pathname: string) {
	const routePath = pathname.replace(/\.data$/, '').replace(/(.)\/+$/, '$1')
	return ROUTE_BODY_LIMITS.get(routePath) ?? PATTERN_BODY_LIMITS.find(([pattern]) => pattern.test(routePath))?.[1] ?? DEFAULT_BODY_LIMIT_BYTES
}

/** "1 MB", "50.1 MB": a limit as people read it in the refusal message. */
export function formatLimit(bytes: number) {
	const mb = bytes / MB
	return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`
}
