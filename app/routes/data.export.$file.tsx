import { type LoaderFunctionArgs } from '@remix-run/node'
import { prisma } from '~/db.server'
import { exportFilename, parseExportFile } from '~/domain/export/table-export'
import { i18nFor } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { streamList } from '~/models/export.server'
import { requirePermission } from '~/utils/auth.server'
import { clientAddressOf } from '~/utils/request-context.server'
import { CONTENT_TYPES } from '~/utils/table-stream.server'

/**
 * /data/export/leads.xlsx?columns=company,owner&<list filters>: the filtered
 * list as a file, streamed row by row, headers in the user's language.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const file = parseExportFile(params.file ?? '')
	if (!file) throw new Response('Not found', { status: 404 })
	const url = new URL(request.url)
	const locale = await getLocale(request)
	const { t } = i18nFor(locale)
	const requested = url.searchParams.getAll('columns').flatMap((c) => c.split(','))
	const stream = streamList(prisma, file.list, file.format, url.searchParams, {
		t,
		locale,
		requested,
		viewer: user,
		audit: { userId: user.id, ip: clientAddressOf(context) },
	})
	return new Response(stream, {
		headers: {
			'Content-Type': CONTENT_TYPES[file.format],
			'Content-Disposition': `attachment; filename="${exportFilename(file.list, file.format)}"`,
			'Cache-Control': 'no-store',
		},
	})
}
