import { type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { prisma } from '~/db.server'
import { formatTarget } from '~/domain/quota/format-target'
import { useLocalizedName } from '~/i18n/use-localized'
import { listQuotas } from '~/models/quota.server'
import { requirePermission } from '~/utils/auth.server'

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'read:any')
	return { quotas: await listQuotas(prisma) }
}

export default function QuotasPage() {
	const { quotas } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const localized = useLocalizedName()
	return (
		<>
			<h1>{t('quotas.title')}</h1>
			<p className="intro">{t('quotas.intro')}</p>
			{quotas.length === 0 ? (
				<p>{t('quotas.empty')}</p>
			) : (
				<table className="data-table" data-testid="quota-table">
					<thead>
						<tr>
							<th>{t('quotas.section')}</th>
							<th>{t('quotas.metric')}</th>
							<th>{t('quotas.target')}</th>
							<th>{t('quotas.period')}</th>
							<th>{t('quotas.years')}</th>
							<th>{t('quotas.units')}</th>
							<th>{t('quotas.document')}</th>
						</tr>
					</thead>
					<tbody>
						{quotas.map((q) => (
							<tr key={q.id}>
								<td>{q.section}</td>
								<td>
									{q.metric}
									<details>
										<summary>{t('quotas.excerpt')}</summary>
										<blockquote>{q.excerpt}</blockquote>
									</details>
								</td>
								<td className="nowrap" title={t(`quotas.ops.${q.op}`, { defaultValue: q.op })}>
									{formatTarget(q)}
								</td>
								<td>{t(`quotas.periods.${q.period}`, { defaultValue: q.period })}</td>
								<td>{q.startYear && q.endYear ? `${q.startYear}–${q.endYear}` : (q.endYear ?? '')}</td>
								<td>{q.units.map((u) => localized(u.unit)).join('、')}</td>
								<td className="source">{q.document?.docNumber ?? q.document?.title}</td>
							</tr>
						))}
					</tbody>
				</table>
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
