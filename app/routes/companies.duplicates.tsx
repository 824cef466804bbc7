import { type LoaderFunctionArgs } from '@remix-run/node'
import { prisma } from '~/db.server'
import { parseDuplicateQuery } from '~/domain/company/duplicate-query'
import { findLikelyDuplicates } from '~/models/company.server'
import { requirePermission } from '~/utils/auth.server'

/**
 * /companies/duplicates?name=…&shortName=…&formerNames=…&uscc=…&exclude=<id>: the likely
 * duplicates the company form warns of while the user types (#13 §6). The save checks again.
 */
export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'write:crm')
	const { probe, exclude } = parseDuplicateQuery(new URL(request.url).searchParams)
	const duplicates = probe.name || probe.aliases.length > 0 || probe.uscc ? await findLikelyDuplicates(prisma, probe, exclude) : []
	return Response.json({ duplicates }, { headers: { 'Cache-Control': 'no-store' } })
}
