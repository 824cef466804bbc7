import { type LoaderFunctionArgs } from '@remix-run/node'
import { prisma } from '~/db.server'
import { getLocale } from '~/i18n/locale.server'
import { loadReportDocument, requireReportPeriod } from '~/models/report.server'
import { requirePermission } from '~/utils/auth.server'
import { reportDownloadHeaders, reportWorkbook } from '~/utils/report-xlsx.server'

/** /reports/monthly/xlsx?year=2025&month=6: the report page's tables as an XLSX file, in the reader's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	await requirePermission(request, 'read:any')
	const locale = await getLocale(request)
	const period = requireReportPeriod(params.kind, new URL(request.url), locale)
	const doc = await loadReportDocument(prisma, period, locale)
	return new Response(await reportWorkbook(doc), { headers: reportDownloadHeaders(doc) })
}
