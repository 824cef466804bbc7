import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { REPORT_KINDS } from '~/domain/report/period'
import { requirePermission } from '~/utils/auth.server'

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'read:any')
	return null
}

/** The three reports; each opens on the running period and has its own period picker. */
export default function ReportsPage() {
	const { t } = useTranslation()
	return (
		<>
			<h1>{t('reports.title')}</h1>
			<p className="intro">{t('reports.intro')}</p>
			<ul className="tiles report-list">
				{REPORT_KINDS.map((kind) => (
					<li key={kind}>
						<Link to={`/reports/${kind}`} className="tile">
							<strong>{t(`reports.kinds.${kind}`)}</strong>
							<span className="muted">{t(`reports.descriptions.${kind}`)}</span>
						</Link>
					</li>
				))}
			</ul>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
