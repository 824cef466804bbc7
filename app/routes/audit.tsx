import { type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { prisma } from '~/db.server'
import { listAudit } from '~/models/audit.server'
import { requirePermission } from '~/utils/auth.server'

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'read:audit')
	return { entries: await listAudit(prisma) }
}

export default function AuditPage() {
	const { entries } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	return (
		<>
			<h1>{t('audit.title')}</h1>
			{entries.length === 0 ? (
				<p>{t('audit.empty')}</p>
			) : (
				<table className="data-table">
					<thead>
						<tr>
							<th>{t('audit.at')}</th>
							<th>{t('audit.user')}</th>
							<th>{t('audit.action')}</th>
							<th>{t('audit.entity')}</th>
							<th>{t('audit.address')}</th>
							<th>{t('audit.change')}</th>
						</tr>
					</thead>
					<tbody>
						{entries.map((e) => (
							<tr key={e.id}>
								<td className="nowrap">{new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)}</td>
								<td>{e.user?.name ?? '—'}</td>
								<td>{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</td>
								<td className="mono">
									{e.entity} {e.entityId}
								</td>
								<td className="mono">{e.ip ?? '—'}</td>
								<td>
									<details>
										<summary>JSON</summary>
										<pre className="json">{JSON.stringify({ before: parse(e.before), after: parse(e.after) }, null, 2)}</pre>
									</details>
								</td>
							</tr>
						))}
					</tbody>
				</table>
			)}
		</>
	)
}

function parse(json: string | null): unknown {
	return json === null ? null : JSON.parse(json)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
