import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GapClosedTable } from '~/components/capacity/gap-closed'
import { ProspectLeadsForm } from '~/components/chain/prospect-leads-form'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { prisma } from '~/db.server'
import { actorOf } from '~/domain/auth/record-access'
import { roleHasPermission } from '~/domain/auth/roles'
import { parseProspectLeadsForm, type ProspectLeadsResult } from '~/domain/chain/prospect-leads-schema'
import { getLocale } from '~/i18n/locale.server'
import { useLocalizedName } from '~/i18n/use-localized'
import { createLeadsForProspects, loadGapAnalysis, loadGapProspects, prospectRows } from '~/models/chain-analysis.server'
import { leadFormOptions } from '~/models/lead.server'
import { loadGapClosedRanking } from '~/models/planned-capacity.server'
import { requirePermission } from '~/utils/auth.server'
import { fieldErrors, refusal, refusalOf } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { readUrlYear } from '~/utils/url-period'
import { UserError } from '~/utils/user-error'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const url = new URL(request.url)
	const year = readUrlYear(url.searchParams, new Date().getUTCFullYear())
	const gap = await loadGapAnalysis(prisma, params.slug ?? '', year)
	if (!gap) throw new Response('Chain not found', { status: 404 })
	const link = gap.chain.links.find((l) => l.key === url.searchParams.get('link')) ?? null
	const linkById = new Map(gap.chain.links.map((l) => [l.id, l]))
	const weakLinks = gap.analysis.links.filter((l) => l.flags.length > 0).map((l) => linkById.get(l.linkId)!)
	const { firms, prospects } = await loadGapProspects(prisma, gap, link?.id)
	// Open leads and projects of the viewer's regions ranked by the shortfall they would close (ADR 0040).
	const gapClosed = await loadGapClosedRanking(prisma, gap.chain, year, user.scope)

	return {
		chain: { slug: gap.chain.slug, name: gap.chain.name, nameEn: gap.chain.nameEn },
		year,
		linkKey: link?.key ?? '',
		links: weakLinks.map((l) => ({ key: l.key, name: l.name, nameEn: l.nameEn })),
		prospects: await prospectRows(prisma, gap, prospects, firms, user.scope),
		leadForm: roleHasPermission(user.role, 'write:crm') ? await leadFormOptions(prisma, user) : null,
		gapClosed: {
			records: gapClosed.records.filter((r) => !link || r.linkId === link.id),
			links: gapClosed.links.filter((l) => !link || l.linkId === link.id),
			chainLinks: gap.chain.links.map((l) => ({ id: l.id, name: l.name, nameEn: l.nameEn, unit: l.unit })),
		},
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const parsed = parseProspectLeadsForm(await request.formData())
	if (!parsed.success) return data<ProspectLeadsResult>(refusal(fieldErrors(parsed.error)), { status: 400 })
	const year = readUrlYear(new URL(request.url).searchParams, new Date().getUTCFullYear())
	const gap = await loadGapAnalysis(prisma, params.slug ?? '', year)
	if (!gap) throw new Response('Chain not found', { status: 404 })
	try {
		const result = await createLeadsForProspects(prisma, gap, { ...parsed.data, year, actor: actorOf(user), locale: await getLocale(request) })
		return data<ProspectLeadsResult>({ ok: true, created: result.created.length, skipped: result.skippedCompanyIds.length })
	} catch (error) {
		if (error instanceof UserError) return data<ProspectLeadsResult>(refusalOf(error), { status: error.status })
		throw error
	}
}

export const handle = pageTitle('gaps.targets.title')

export default function ProspectsPage() {
	const data = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const localized = useLocalizedName()
	return (
		<>
			<p>
				<Link to={`/chains/${data.chain.slug}?year=${data.year}`}>← {localized(data.chain)}</Link>
			</p>
			<h1>{t('gaps.targets.title')}</h1>
			<p className="intro">{t('gaps.targets.intro')}</p>
			<Form method="get" className="toolbar no-print">
				<input type="hidden" name="year" value={data.year} />
				<label>
					{t('gaps.targets.filterLink')}{' '}
					<select name="link" defaultValue={data.linkKey}>
						<option value="">{t('gaps.targets.allLinks')}</option>
						{data.links.map((l) => (
							<option key={l.key} value={l.key}>
								{localized(l)}
							</option>
						))}
					</select>
				</label>{' '}
				<button type="submit">{t('gaps.apply')}</button>
			</Form>
			<section aria-labelledby="gap-closed" className="gap-closed">
				<h2 id="gap-closed">{t('gapClosed.title')}</h2>
				<p className="intro">{t('gapClosed.intro', { year: data.year })}</p>
				<GapClosedTable rows={data.gapClosed.records} links={data.gapClosed.links} chainLinks={data.gapClosed.chainLinks} />
			</section>
			<h2>{t('gaps.targets.companiesTitle')}</h2>
			{data.prospects.length === 0 ? (
				<p>{t('gaps.targets.empty')}</p>
			) : (
				<ProspectLeadsForm slug={data.chain.slug} year={data.year} candidates={data.prospects} leadForm={data.leadForm} />
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
