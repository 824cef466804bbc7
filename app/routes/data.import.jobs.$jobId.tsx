import { type LoaderFunctionArgs } from '@remix-run/node'
import { type ImportCommitResult } from '~/models/import-session.server'
import { requirePermission } from '~/utils/auth.server'
import { getJob } from '~/utils/jobs.server'

/** Progress of an import commit job, polled by the preview page (resource route: JSON only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const job = getJob<ImportCommitResult>(params.jobId ?? '', user.id)
	if (!job) throw new Response('Job not found', { status: 404 })
	return { id: job.id, status: job.status, done: job.done, total: job.total, error: job.error, result: job.result }
}
