import { type LoaderFunctionArgs } from '@remix-run/node'
import { csvRow, UTF8_BOM } from '~/domain/export/csv'
import { prisma } from '~/db.server'
import { createI18n } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { iterateLeadsForExport } from '~/models/lead.server'
import { requirePermission } from '~/utils/auth.server'
import { formatDate } from '~/utils/format'

/** Streams the lead list as CSV (UTF-8 with BOM), column headers in the user's language. */
export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'read:any')
	const { t } = createI18n(await getLocale(request))
	const header = [
		t('leads.company'),
		t('companies.uscc'),
		t('leads.owner'),
		t('leads.unit'),
		t('leads.stage'),
		t('leads.priority'),
		t('leads.source'),
		t('leads.nextAction'),
		t('app.sample'),
	]
	const encoder = new TextEncoder()
	const rows = iterateLeadsForExport(prisma)
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			controller.enqueue(encoder.encode(UTF8_BOM + csvRow(header)))
		},
		async pull(controller) {
			const { value: lead, done } = await rows.next()
			if (done) {
				controller.close()
				return
			}
			controller.enqueue(
				encoder.encode(
					csvRow([
						lead.company.name,
						lead.company.uscc,
						lead.owner.name,
						lead.unit?.name,
						t(`leads.stages.${lead.stage}`, { defaultValue: lead.stage }),
						t(`leads.priorities.${lead.priority}`, { defaultValue: lead.priority }),
						t(`leads.sources.${lead.source}`, { defaultValue: lead.source }),
						formatDate(lead.nextActionDate),
						lead.isSample ? t('app.yes') : t('app.no'),
					]),
				),
			)
		},
		async cancel() {
			await rows.return(undefined)
		},
	})
	const filename = `leads-${formatDate(new Date())}.csv`
	return new Response(stream, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${filename}"`,
			'Cache-Control': 'no-store',
		},
	})
}
