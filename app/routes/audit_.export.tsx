import { type LoaderFunctionArgs } from '@remix-run/node'
import { prisma } from '~/db.server'
import { auditFieldLabel, formatAuditValue } from '~/domain/audit/audit-changes'
import { parseAuditQuery } from '~/domain/audit/audit-query'
import { type ExportColumn } from '~/domain/export/table-export'
import { i18nFor } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { type AuditExportLine, auditExportLines } from '~/models/audit-log.server'
import { audited } from '~/models/export.server'
import { auditFormat } from '~/utils/audit-format'
import { requirePermission } from '~/utils/auth.server'
import { formatDateTime } from '~/utils/format'
import { clientAddressOf } from '~/utils/request-context.server'
import { CONTENT_TYPES, streamTable } from '~/utils/table-stream.server'

/**
 * /audit/export?<the page's filters>: the filtered audit log as CSV, a line per changed field,
 * worded as the page words it. The log holds contact details (company snapshots), so the export
 * is audited like other exports with contacts (ADR 0010). Invalid filters are left out, as on the page.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:audit')
	const url = new URL(request.url)
	const { query } = parseAuditQuery(url.searchParams)
	const locale = await getLocale(request)
	const { t } = i18nFor(locale)
	const text = (line: AuditExportLine, side: 'before' | 'after') => (line.change ? formatAuditValue(line.change[side], auditFormat(t, locale, line.names)) : '')
	const columns: ExportColumn<AuditExportLine>[] = [
		{ key: 'at', header: t('audit.at'), value: (l) => formatDateTime(l.row.at) },
		{
			key: 'user',
			header: t('audit.user'),
			value: (l) => (l.row.user ? t('audit.userWithName', { name: l.row.user.name, username: l.row.user.username }) : t('audit.system')),
		},
		{ key: 'action', header: t('audit.action'), value: (l) => t(`audit.actions.${l.row.action}`, { defaultValue: l.row.action }) },
		{ key: 'entity', header: t('audit.entityType'), value: (l) => t(`audit.entities.${l.row.entity}`, { defaultValue: l.row.entity }) },
		{ key: 'object', header: t('audit.entity'), value: (l) => l.row.object.name },
		{ key: 'objectId', header: t('audit.objectId'), value: (l) => l.row.entityId },
		{ key: 'field', header: t('audit.field'), value: (l) => (l.change ? auditFieldLabel(l.change, auditFormat(t, locale, l.names)) : '') },
		{ key: 'before', header: t('audit.before'), value: (l) => text(l, 'before') },
		{ key: 'after', header: t('audit.after'), value: (l) => text(l, 'after') },
		{ key: 'ip', header: t('audit.address'), value: (l) => l.row.ip ?? '' },
	]
	const lines = audited(
		prisma,
		auditExportLines(prisma, query, user.scope, { t, locale }),
		{ userId: user.id, ip: clientAddressOf(context) },
		{
			list: 'audit',
			format: 'csv',
			query: url.searchParams.toString(),
			columns: columns.map((c) => c.key),
		},
	)
	return new Response(streamTable('csv', columns, lines), {
		headers: {
			'Content-Type': CONTENT_TYPES.csv,
			'Content-Disposition': `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
			'Cache-Control': 'no-store',
		},
	})
}
