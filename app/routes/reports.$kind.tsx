import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList } from '~/components/forms'
import { ScrollRegion } from '~/components/scroll-region'
import { prisma } from '~/db.server'
import { actorOf } from '~/domain/auth/record-access'
import { roleHasPermission } from '~/domain/auth/roles'
import { issueReportFormSchema, periodEnded } from '~/domain/report/closed-periods'
import { formatSheetCell, type ReportSheet } from '~/domain/report/layout'
import { reportSearch } from '~/domain/report/period'
import { getLocale } from '~/i18n/locale.server'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { findIssuedReport, issueReport } from '~/models/issued-report.server'
import { listScopeRegions } from '~/models/region.server'
import { loadReportDocument, requireReportAudience, requireReportPeriod } from '~/models/report.server'
import { requirePermission } from '~/utils/auth.server'
import { type Refusal, refusalOf } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { clientAddressOf } from '~/utils/request-context.server'
import { todayInChina } from '~/utils/today'
import { UserError } from '~/utils/user-error'

/**
 * /reports/monthly?year=2025&month=6 (quarterly: &quarter=2, annual: year only): the report as a
 * print-friendly page. An issued period shows its tables as issued; &live=1 shows today's figures.
 * &region= picks whose report (ADR 0029): the viewer's own region by default, another in their scope.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const locale = await getLocale(request)
	const today = todayInChina()
	const url = new URL(request.url)
	const period = requireReportPeriod(params.kind, url, locale, today)
	const requested = url.searchParams.get('region')
	const audience = await requireReportAudience(prisma, user, requested)
	const [issued, regions] = await Promise.all([findIssuedReport(prisma, period, audience, locale), listScopeRegions(prisma, user.scope)])
	const live = issued !== null && url.searchParams.get('live') === '1'
	return {
		document: issued && !live ? issued.document : await loadReportDocument(prisma, period, audience, locale),
		issued: issued ? { at: issued.issuedAt, by: issued.issuedBy } : null,
		live,
		canIssue: issued === null && audience.key !== null && periodEnded(period, today) && roleHasPermission(user.role, 'issue:report'),
		currentYear: Number(today.slice(0, 4)),
		region: audience.region,
		/** The region the URL names, kept in the page's links; null: the viewer's default. */
		linkRegion: requested === null ? null : { id: audience.region?.id ?? '' },
		/** Whose reports the viewer may open; an admin may also open the whole installation's (''). */
		regions: regions.length > 1 ? regions : [],
		wholeInstallation: user.scope.kind === 'all',
	}
}

/** POST intent=issue: a manager issues (签发) the period's report; a refusal (not ended, issued already…) comes back as the page's form error. */
export async function action({ request, params, context }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'issue:report')
	const locale = await getLocale(request)
	const url = new URL(request.url)
	const form = issueReportFormSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!form.success) throw new Response('Unknown form', { status: 400 })
	const period = requireReportPeriod(params.kind, url, locale)
	const requested = url.searchParams.get('region')
	const audience = await requireReportAudience(prisma, user, requested)
	try {
		await issueReport(prisma, actorOf(user), period, audience, { ip: clientAddressOf(context) })
	} catch (error) {
		if (!(error instanceof UserError)) throw error
		return data<Refusal>(refusalOf(error), { status: error.status })
	}
	return redirect(`/reports/${period.kind}?${reportSearch(period, requested === null ? null : { id: requested })}`)
}

export const handle = pageTitle<Awaited<ReturnType<typeof loader>>>(({ document }) => document.title, { plain: true })

export default function ReportPage() {
	const { document, issued, live, canIssue, currentYear, region, linkRegion, regions, wholeInstallation } = useLoaderData<typeof loader>()
	const localized = useLocalizedName()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const { period } = document
	const { t } = useTranslation()
	const location = useLocation()
	const search = reportSearch(period, linkRegion)

	return (
		<article className="report-page" data-testid={`report-${period.kind}`}>
			<nav className="report-nav no-print">
				<Link to="/reports">{t('reports.allReports')}</Link>
			</nav>
			{/* key: a link to another period shows that period in the picker too. */}
			<Form method="get" className="report-picker no-print" aria-label={t('reports.picker.label')} key={location.search}>
				<strong>{t(`reports.kinds.${period.kind}`)}</strong>
				<label>
					{t('reports.picker.year')} <input type="number" name="year" min={2000} max={currentYear} required defaultValue={period.year} className="input-year" />
				</label>
				{period.month !== null ? (
					<label>
						{t('reports.picker.month')}{' '}
						<select name="month" defaultValue={period.month}>
							{Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
								<option key={month} value={month}>
									{t('reports.monthOption', { month })}
								</option>
							))}
						</select>
					</label>
				) : null}
				{period.quarter !== null ? (
					<label>
						{t('reports.picker.quarter')}{' '}
						<select name="quarter" defaultValue={period.quarter}>
							{[1, 2, 3, 4].map((quarter) => (
								<option key={quarter} value={quarter}>
									{t('reports.quarterOption', { quarter })}
								</option>
							))}
						</select>
					</label>
				) : null}
				{regions.length > 0 ? (
					<label>
						{t('reports.picker.region')}{' '}
						<select name="region" defaultValue={region?.id ?? ''} data-testid="report-region">
							{wholeInstallation ? <option value="">{t('reports.notes.wholeInstallation')}</option> : null}
							{regions.map((r) => (
								<option key={r.id} value={r.id}>
									{'\u3000'.repeat(r.depth - Math.min(...regions.map((o) => o.depth)))}
									{localized(r)}
								</option>
							))}
						</select>
					</label>
				) : null}
				<button type="submit">{t('reports.picker.show')}</button>
			</Form>

			<header className="report-head">
				<h1>{document.title}</h1>
				{document.regionName ? (
					<p className="report-region" data-testid="report-region-name">
						{document.regionName}
					</p>
				) : null}
				{issued && !live ? (
					<p className="callout-info report-issued" role="note" data-testid="report-issued">
						<strong>{t('reports.issue.banner', { date: issued.at, name: issued.by })}</strong> {t('reports.issue.bannerNote')}{' '}
						<Link className="no-print" to={`?${search}&live=1`}>
							{t('reports.issue.liveLink')}
						</Link>
					</p>
				) : null}
				{issued && live ? (
					<p className="callout-warn report-issued" role="note" data-testid="report-live">
						{t('reports.issue.liveBanner', { date: issued.at })}{' '}
						<Link className="no-print" to={`?${search}`}>
							{t('reports.issue.issuedLink')}
						</Link>
					</p>
				) : null}
				<p className="muted">{t('reports.asOfLine', { asOf: period.asOf, generatedAt: document.generatedAt })}</p>
				<div className="report-actions no-print">
					<button type="button" onClick={() => window.print()}>
						{t('reports.print')}
					</button>
					<a
						className="button-primary"
						href={`/reports/${period.kind}/xlsx?${search}${live ? '&live=1' : ''}`}
						download={document.filename}
						data-testid="report-download"
					>
						{t('reports.download')}
					</a>
				</div>
				{actionData?.ok === false ? (
					<div className="no-print" data-testid="report-issue-error">
						<ErrorList messages={[actionData.formError]} />
					</div>
				) : null}
				{canIssue ? (
					// Issuing cannot be undone: one click opens what it means, a second one issues.
					<details className="report-issue-confirm no-print">
						<summary data-testid="report-issue-open">{t('reports.issue.open')}</summary>
						<Form method="post" action={`/reports/${period.kind}?${search}`} className="report-issue">
							<input type="hidden" name="intent" value="issue" />
							<p className="muted">{t('reports.issue.hint')}</p>
							<button type="submit" className="button-primary" disabled={navigation.state === 'submitting'} data-testid="report-issue">
								{t('reports.issue.submit')}
							</button>
						</Form>
					</details>
				) : null}
			</header>

			{document.sheets.map((sheet) => (
				<SheetTable key={sheet.key} sheet={sheet} />
			))}
		</article>
	)
}

function SheetTable({ sheet }: { sheet: ReportSheet }) {
	const locale = useLocale()
	// Figures align right; the cells of short columns (clause, status, dates, figures) keep to one line.
	const numeric = sheet.columns.map((c) => c.format !== 'text' && c.format !== 'date')
	const cellClasses = sheet.columns.map((c, i) => [numeric[i] ? 'num' : '', c.width <= 14 ? 'nowrap' : ''].filter(Boolean).join(' ') || undefined)
	// Long text columns keep a readable width on narrow screens, where the table scrolls sideways instead.
	const headerClasses = sheet.columns.map((c, i) =>
		numeric[i] ? 'num' : c.format === 'text' ? (c.width >= 26 ? 'col-long' : c.width > 14 ? 'col-mid' : undefined) : undefined,
	)
	return (
		<section className="report-sheet" aria-labelledby={`sheet-${sheet.key}`} data-testid={`sheet-${sheet.key}`}>
			<h2 id={`sheet-${sheet.key}`}>{sheet.name}</h2>
			{sheet.rows.length > 0 ? (
				<ScrollRegion label={sheet.name}>
					<table className="data-table report-table">
						<thead>
							<tr>
								{sheet.columns.map((column, i) => (
									<th key={column.key} className={headerClasses[i]}>
										{column.header}
									</th>
								))}
							</tr>
						</thead>
						<tbody>
							{sheet.rows.map((row, r) => (
								<tr key={r} className={row.style ? `report-${row.style}` : undefined}>
									{row.cells.map((cell, i) => (
										<td key={sheet.columns[i]!.key} className={cellClasses[i]}>
											{formatSheetCell(cell, sheet.columns[i]!.format, locale)}
										</td>
									))}
								</tr>
							))}
						</tbody>
					</table>
				</ScrollRegion>
			) : null}
			{sheet.notes.map((note) => (
				<p key={note} className="report-note">
					{note}
				</p>
			))}
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
