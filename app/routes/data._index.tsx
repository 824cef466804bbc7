import { type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { prisma } from '~/db.server'
import { useLocalizedName } from '~/i18n/use-localized'
import { listDocuments } from '~/models/quota.server'
import { requirePermission } from '~/utils/auth.server'
import { formatDate } from '~/utils/format'
import { pageTitle } from '~/utils/page-title'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	return { documents: await listDocuments(prisma, user.scope) }
}

export const handle = pageTitle('data.title')

export default function DataPage() {
	const { documents } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const localizedName = useLocalizedName()
	// A 市 reads its own documents and its counties': each names its region then.
	const showRegion = new Set(documents.map((doc) => doc.region?.id ?? null)).size > 1
	return (
		<>
			<h1>{t('data.title')}</h1>
			<p>
				<a href="/data/import" data-testid="import-link">
					{t('importer.link')}
				</a>
			</p>
			<h2>{t('data.exportTitle')}</h2>
			<p>
				{/* A plain link: the browser downloads the stream, no client JS involved. */}
				<a href="/data/export/leads.csv" download data-testid="export-leads">
					{t('data.exportLeads')}
				</a>
			</p>
			<p className="muted">{t('data.exportHint')}</p>
			<h2>{t('data.documentsTitle')}</h2>
			<table className="data-table stack-table">
				<thead>
					<tr>
						<th>{t('quotas.document')}</th>
						<th>{t('data.docNumber')}</th>
						<th>{t('data.issuer')}</th>
						<th>{t('data.issuedDate')}</th>
						{showRegion ? <th>{t('regions.region')}</th> : null}
						<th className="num">{t('data.quotaCount')}</th>
					</tr>
				</thead>
				<tbody>
					{documents.map((doc) => (
						<tr key={doc.id}>
							<td>{doc.title}</td>
							<td data-label={t('data.docNumber')}>{doc.docNumber}</td>
							<td data-label={t('data.issuer')}>{doc.issuer}</td>
							<td data-label={t('data.issuedDate')}>{formatDate(doc.issuedDate)}</td>
							{showRegion ? (
								<td data-label={t('regions.region')} data-testid="document-region">
									{doc.region ? localizedName(doc.region) : t('regions.none')}
								</td>
							) : null}
							<td className="num" data-label={t('data.quotaCount')}>
								{doc._count.quotas}
							</td>
						</tr>
					))}
				</tbody>
			</table>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
