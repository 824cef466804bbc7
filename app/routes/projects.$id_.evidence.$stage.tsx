import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	MaxPartSizeExceededError,
	unstable_createMemoryUploadHandler,
	unstable_parseMultipartFormData,
} from '@remix-run/node'
import { prisma } from '~/db.server'
import { actorOf } from '~/domain/auth/record-access'
import { EVIDENCE_UPLOAD_BODY_LIMIT_BYTES } from '~/domain/http/body-limits'
import { MAX_EVIDENCE_BYTES } from '~/domain/project/evidence-file'
import { type EvidenceActionResult, evidenceFormSchema, reviewFormSchema, verifiedStageSchema } from '~/domain/project/verification'
import { readEvidenceFile, reviewEvidence, submitEvidence } from '~/models/stage-evidence.server'
import { requirePermission } from '~/utils/auth.server'
import { type FieldErrors, fieldErrors, type Refusal, refusal, refusalOf } from '~/utils/forms'
import { clientAddressOf } from '~/utils/request-context.server'
import { resourceJson } from '~/utils/resource-json'
import { UserError } from '~/utils/user-error'

function stageOf(params: LoaderFunctionArgs['params']) {
	const stage = verifiedStageSchema.safeParse(params.stage)
	if (!stage.success) throw new Response('Not found', { status: 404 })
	return stage.data
}

/**
 * GET /projects/:id/evidence/signed: the evidence file, to signed-in users only.
 * Served as an attachment in a sandbox, so a crafted PDF or image never runs in the app's origin.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const file = await readEvidenceFile(prisma, params.id ?? '', stageOf(params), user.scope)
	if (!file) throw new Response('Not found', { status: 404 })
	return new Response(new Uint8Array(file.bytes), {
		headers: {
			'Content-Type': file.type,
			'Content-Length': String(file.bytes.length),
			'Content-Disposition': `attachment; filename="evidence-${file.sha256.slice(0, 12)}${file.name.slice(file.name.lastIndexOf('.'))}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
			'Content-Security-Policy': "sandbox; default-src 'none'",
			'Cache-Control': 'private, no-store',
			ETag: `"${file.sha256}"`,
		},
	})
}

const refused = (intent: 'submit' | 'review', answer: Refusal, status: number) => resourceJson<EvidenceActionResult>({ ...answer, intent }, status)

/** A form's problems: those of its visible fields under them, any other (a tampered hidden field) about the form. */
function formRefusal(errors: FieldErrors, fields: readonly string[]) {
	const shown = Object.fromEntries(Object.entries(errors).filter(([field]) => fields.includes(field)))
	const other = Object.entries(errors).find(([field]) => !fields.includes(field))
	return refusal(shown, other?.[1] ?? null)
}

/** POST multipart (文号 and file) attaches evidence; POST intent=review is a manager's decision. */
export async function action({ request, params, context }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const stage = stageOf(params)
	const projectId = params.id ?? ''
	const actor = { ...actorOf(user), address: clientAddressOf(context) }
	const multipart = (request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')
	const intent = multipart ? 'submit' : 'review'
	try {
		if (multipart) {
			if (Number(request.headers.get('Content-Length') ?? 0) > EVIDENCE_UPLOAD_BODY_LIMIT_BYTES)
				return refused(intent, refusal({ file: 'evidence.fileErrors.tooLarge' }), 413)
			const form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_EVIDENCE_BYTES }))
			const parsed = evidenceFormSchema.safeParse({ docNumber: form.get('docNumber') ?? undefined })
			if (!parsed.success) return refused(intent, formRefusal(fieldErrors(parsed.error), ['docNumber']), 400)
			const file = form.get('file')
			const upload = file instanceof File && file.size > 0 ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null
			await submitEvidence(prisma, actor, projectId, stage, parsed.data, upload)
			return resourceJson<EvidenceActionResult>({ ok: true, intent })
		}
		const form = await request.formData()
		if (form.get('intent') !== 'review') throw new Response('Unknown form', { status: 400 })
		const parsed = reviewFormSchema.safeParse(Object.fromEntries(form))
		if (!parsed.success) return refused(intent, formRefusal(fieldErrors(parsed.error), ['note']), 400)
		await reviewEvidence(prisma, actor, projectId, stage, parsed.data)
		return resourceJson<EvidenceActionResult>({ ok: true, intent })
	} catch (error) {
		if (error instanceof MaxPartSizeExceededError) return refused(intent, refusal({ file: 'evidence.fileErrors.tooLarge' }), 413)
		if (!(error instanceof UserError)) throw error
		if (error.status === 404) throw new Response('Project not found', { status: 404 })
		return refused(intent, refusalOf(error), error.status)
	}
}
