import { type LoaderFunctionArgs } from '@remix-run/node'
import { prisma } from '~/db.server'
import { getImportJob } from '~/models/import-job.server'
import { requirePermission } from '~/utils/auth.server'
import { resourceJson } from '~/utils/resource-json'

/** Progress of an import commit job, polled by the preview page (resource route: JSON only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const job = await getImportJob(prisma, params.jobId ?? '', user.id)
	if (!job) throw new Response('Job not found', { status: 404 })
	return resourceJson(job)
}
