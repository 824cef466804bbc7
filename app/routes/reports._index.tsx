import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { prisma } from '~/db.server'
import { reportTitle } from '~/domain/report/layout'
import { REPORT_KINDS, reportSearch } from '~/domain/report/period'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { listIssuedReports } from '~/models/issued-report.server'
import { requirePermission } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'

/** An issued report without a region is the whole installation's: its link says so (`region=`), else it would open the viewer's own region's report. */
const WHOLE_INSTALLATION_LINK = { id: '' }

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	return { issued: await listIssuedReports(prisma, user.scope) }
}

/** The three reports (each opens on the running period and has its own period picker), and the issued ones. */
export const handle = pageTitle('reports.title')

export default function ReportsPage() {
	const { issued } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
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
			<section aria-labelledby="issued-heading">
				<h2 id="issued-heading">{t('reports.issuedList.title')}</h2>
				{issued.length === 0 ? (
					<p className="muted">{t('reports.issuedList.empty')}</p>
				) : (
					<table className="data-table stack-table" data-testid="issued-reports">
						<thead>
							<tr>
								<th scope="col">{t('reports.issuedList.report')}</th>
								<th scope="col">{t('reports.issuedList.issuedAt')}</th>
								<th scope="col">{t('reports.issuedList.issuedBy')}</th>
							</tr>
						</thead>
						<tbody>
							{issued.map((report) => (
								<tr key={report.id}>
									<td>
										<Link to={`/reports/${report.kind}?${reportSearch(report, report.region ?? WHOLE_INSTALLATION_LINK)}`}>
											{reportTitle(report, t, locale)}
										</Link>
										{report.region ? <span className="muted"> · {localized(report.region)}</span> : null}
									</td>
									<td data-label={t('reports.issuedList.issuedAt')}>{report.issuedAt}</td>
									<td data-label={t('reports.issuedList.issuedBy')}>{report.issuedBy}</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
