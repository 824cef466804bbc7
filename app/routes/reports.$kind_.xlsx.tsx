import { type LoaderFunctionArgs } from '@remix-run/node'
import { prisma } from '~/db.server'
import { getLocale } from '~/i18n/locale.server'
import { findIssuedWorkbook } from '~/models/issued-report.server'
import { loadReportDocument, requireReportAudience, requireReportPeriod } from '~/models/report.server'
import { requirePermission } from '~/utils/auth.server'
import { reportDownloadHeaders, reportWorkbook } from '~/utils/report-xlsx.server'

/**
 * /reports/monthly/xlsx?year=2025&month=6: the report page's tables as an XLSX file, in the reader's
 * language. An issued period gets the file kept at issue, byte for byte (ETag: its SHA-256); &live=1
 * asks for today's figures instead; &region= whose report, as on the page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const locale = await getLocale(request)
	const url = new URL(request.url)
	const period = requireReportPeriod(params.kind, url, locale)
	const audience = await requireReportAudience(prisma, user, url.searchParams.get('region'))
	const issued = url.searchParams.get('live') === '1' ? null : await findIssuedWorkbook(prisma, period, audience, locale)
	if (issued) {
		const etag = `"${issued.sha256}"`
		if (request.headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers: { ETag: etag } })
		return new Response(issued.bytes, { headers: { ...reportDownloadHeaders(issued.document), ETag: etag, 'Cache-Control': 'private, no-cache' } })
	}
	const doc = await loadReportDocument(prisma, period, audience, locale)
	return new Response(await reportWorkbook(doc), { headers: reportDownloadHeaders(doc) })
}
