import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { prisma } from '~/db.server'
import { useLocalizedName } from '~/i18n/use-localized'
import { listChains } from '~/models/chain.server'
import { requirePermission } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'read:any')
	return { chains: await listChains(prisma) }
}

export const handle = pageTitle('chains.title')

export default function ChainsPage() {
	const { chains } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const localized = useLocalizedName()
	return (
		<>
			<h1>{t('chains.title')}</h1>
			<p className="intro">{t('chains.intro')}</p>
			<table className="data-table stack-table">
				<thead>
					<tr>
						<th>{t('chains.name')}</th>
						<th>{t('chains.region')}</th>
						<th className="num">{t('chains.links')}</th>
						<th className="num">{t('chains.edges')}</th>
						<th>{t('app.source')}</th>
					</tr>
				</thead>
				<tbody>
					{chains.map((chain) => (
						<tr key={chain.id}>
							<td>
								<Link to={`/chains/${chain.slug}`}>{localized(chain)}</Link>
							</td>
							<td data-label={t('chains.region')}>{localized(chain.region)}</td>
							<td className="num" data-label={t('chains.links')}>
								{chain._count.links}
							</td>
							<td className="num" data-label={t('chains.edges')}>
								{chain._count.edges}
							</td>
							<td className="source" data-label={t('app.source')}>
								{chain.source}
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
