import { type LoaderFunctionArgs } from '@remix-run/node'
import { prisma } from '~/db.server'
import { actorOf } from '~/domain/auth/record-access'
import { comparisonSheets } from '~/domain/scenario/comparison'
import { plannedLookup, producerName } from '~/domain/scenario/describe'
import { i18nFor } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { getScenario, loadChain, runSavedScenario } from '~/models/scenario.server'
import { requirePermission } from '~/utils/auth.server'
import { sheetsWorkbook } from '~/utils/report-xlsx.server'
import { CONTENT_TYPES } from '~/utils/table-stream.server'
import { todayInChina } from '~/utils/today'

/**
 * /chains/:slug/scenarios/:id/xlsx: the scenario's comparison as an XLSX file in the reader's language
 * (ADR 0035): every link before and after, the changes, the quotas; what the page shows.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const chain = await loadChain(prisma, params.slug ?? '')
	if (!chain) throw new Response('Chain not found', { status: 404 })
	const actor = actorOf(user)
	const scenario = await getScenario(prisma, chain.id, params.id ?? '', actor)
	if (!scenario) throw new Response('Scenario not found', { status: 404 })
	const today = todayInChina()
	const run = await runSavedScenario(prisma, chain, scenario, actor, today)
	const locale = await getLocale(request)
	const { t } = i18nFor(locale)
	const english = locale === 'en'
	const linkById = new Map(chain.links.map((l) => [l.id, l]))
	const edgeById = new Map(chain.edges.map((e) => [e.id, e]))
	const linkName = (id: string) => (english ? linkById.get(id)?.nameEn : linkById.get(id)?.name) ?? id
	const sheets = comparisonSheets({
		result: run.result,
		quotas: run.quotas,
		t: (key, options) => t(key, options),
		locale,
		names: {
			link: linkName,
			unit: (id) => linkById.get(id)?.unit ?? '',
			company: (id) => producerName(id, (key, o) => t(key, o), run.companyNames, run.planned),
			planned: plannedLookup(run.planned),
			edge: (id) => {
				const e = edgeById.get(id)
				return e ? { from: linkName(e.fromLinkId), to: linkName(e.toLinkId), unit: e.factorUnit, factor: e.factor } : null
			},
		},
		notes: [
			t('scenarios.xlsxNote', { name: scenario.name, author: scenario.authorName, year: scenario.year, asOf: today }),
			...(run.hasSampleData ? [t('gaps.sampleNote')] : []),
			t('scenarios.assumptions.propagation'),
			t('scenarios.assumptions.outside'),
		],
	})
	const title = `${english ? chain.nameEn : chain.name} · ${t('scenarios.title')} · ${scenario.name}`
	const filename = `${t('scenarios.title')}-${scenario.name}-${today}.xlsx`
	return new Response(await sheetsWorkbook(title, sheets), {
		headers: {
			'Content-Type': CONTENT_TYPES.xlsx,
			'Content-Disposition': `attachment; filename="scenario-${scenario.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
			'Cache-Control': 'no-store',
		},
	})
}
