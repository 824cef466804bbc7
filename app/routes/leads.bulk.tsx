import { type ActionFunctionArgs } from '@remix-run/node'
import { prisma } from '~/db.server'
import { actorOf } from '~/domain/auth/record-access'
import { type BulkLeadResult, parseBulkLeadForm } from '~/domain/lead/bulk'
import { bulkChangeLeads, BulkLeadRefused } from '~/models/lead.server'
import { requirePermission } from '~/utils/auth.server'
import { refusal, refusalOf } from '~/utils/forms'
import { resourceJson } from '~/utils/resource-json'
import { UserError } from '~/utils/user-error'

/** Nothing to show: the lead list posts here. */
export function loader() {
	return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } })
}

/** The lead list's bulk actions (move to a stage, 放弃, hand over): all the ticked leads or none. */
export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const parsed = parseBulkLeadForm(await request.formData())
	if (!parsed.success) return resourceJson<BulkLeadResult>({ ...refusal({}, parsed.error.issues[0]?.message ?? 'errors.badRequest'), refused: [] }, 400)
	try {
		const result = await bulkChangeLeads(prisma, parsed.data, actorOf(user))
		return resourceJson<BulkLeadResult>({ ok: true, ...result })
	} catch (error) {
		if (error instanceof BulkLeadRefused) return resourceJson<BulkLeadResult>({ ...refusal({}, error.userMessage), refused: error.refused }, error.status)
		// An owner or unit that does not exist (or may not take the region's leads): under its field.
		if (error instanceof UserError) return resourceJson<BulkLeadResult>({ ...refusalOf(error), refused: [] }, error.status)
		throw error
	}
}
