import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { prisma } from '~/db.server'
import { chainEditSchema, edgeFormValues, figureFormValues, isChainEditIntent, linkFormValues } from '~/domain/chain/edit-schemas'
import { useLocalizedName } from '~/i18n/use-localized'
import { applyChainEdit, findChainBySlug, getChainForEdit, listCompanyOptions } from '~/models/chain-edit.server'
import { requirePermission } from '~/utils/auth.server'
import { fieldErrors, refusal, refusalOf } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { UserError } from '~/utils/user-error'
import { type ChainEditActionResult, formValues, rowKeyOf } from './action-result'
import { EdgeRow, NewEdgeRow } from './edge-rows'
import { FigureRow, NewFigureRow } from './figure-rows'
import { LinkRow, NewLinkRow } from './link-rows'
import { SectionStatus } from './section-status'

/**
 * The chain editor: one table per part of the chain (links, edges, company figures), one form per row.
 * The rows, their shared form hook and the section status live in the files beside this one.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	await requirePermission(request, 'write:chain')
	const [chain, companies] = await Promise.all([getChainForEdit(prisma, params.slug ?? ''), listCompanyOptions(prisma)])
	if (!chain) throw new Response('Chain not found', { status: 404 })
	return { chain, companies }
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:chain')
	const chain = await findChainBySlug(prisma, params.slug ?? '')
	if (!chain) throw new Response('Chain not found', { status: 404 })
	const values = formValues(await request.formData())
	const intent = values.intent
	if (!isChainEditIntent(intent)) throw new Response('Unknown form', { status: 400 })
	const rowKey = rowKeyOf(values)
	const parsed = chainEditSchema.safeParse(values)
	if (!parsed.success) return data<ChainEditActionResult>({ ...refusal(fieldErrors(parsed.error)), intent, rowKey, values, conflict: null }, { status: 400 })
	try {
		const result = await applyChainEdit(prisma, { chainId: chain.id, userId: user.id }, parsed.data)
		if ('conflict' in result) {
			const { conflict } = result
			return data<ChainEditActionResult>({ ...refusal({}), intent, rowKey, values: conflict.submitted, conflict }, { status: 409 })
		}
		return data<ChainEditActionResult>({ ok: true, intent, rowKey, ...result })
	} catch (error) {
		if (!(error instanceof UserError)) throw error
		return data<ChainEditActionResult>({ ...refusalOf(error), intent, rowKey, values, conflict: null }, { status: error.status })
	}
}

type HandleData = Awaited<ReturnType<typeof loader>>
export const handle = pageTitle<HandleData>(({ chain }, { t, localized }) => t('chainEdit.title', { name: localized(chain) }))

export default function ChainEditPage() {
	const { chain, companies } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const linkOptions = chain.links.map((link) => (
		<option key={link.id} value={link.id}>
			{localized(link)}
		</option>
	))

	return (
		<>
			<p>
				<Link to={`/chains/${chain.slug}`}>← {t('chainEdit.backToChain')}</Link>
			</p>
			<h1>{t('chainEdit.title', { name: localized(chain) })}</h1>
			<p className="intro">{t('chainEdit.intro')}</p>
			<datalist id="confidence-grades">
				{['A', 'B', 'C', 'D', 'NF'].map((grade) => (
					<option key={grade} value={grade} />
				))}
			</datalist>

			<section aria-labelledby="links-heading">
				<h2 id="links-heading">{t('chainEdit.sections.links')}</h2>
				<SectionStatus section="links" />
				<div className="table-scroll">
					<table className="data-table edit-table" data-testid="edit-links">
						<thead>
							<tr>
								<th>{t('chainEdit.fields.link')}</th>
								<th>{t('chainEdit.fields.name')}</th>
								<th>{t('chainEdit.fields.nameEn')}</th>
								<th>{t('chainEdit.fields.stage')}</th>
								<th>{t('chainEdit.fields.unit')}</th>
								<th>{t('chainEdit.fields.source')}</th>
								<th>{t('chainEdit.fields.usage')}</th>
								<th>{t('app.actions')}</th>
							</tr>
						</thead>
						<tbody>
							{chain.links.map((link) => {
								const defaults = linkFormValues(link)
								const usage = {
									edges: link._count.outgoing + link._count.incoming,
									figures: link._count.companies,
									projects: link._count.projects,
								}
								return (
									<LinkRow
										key={`${link.id}:${JSON.stringify(defaults)}:${JSON.stringify(usage)}`}
										linkKey={link.key}
										linkName={localized(link)}
										defaults={defaults}
										usage={usage}
										confirmDelete={t('chainEdit.confirm.deleteLink', { name: localized(link), ...usage })}
									/>
								)
							})}
						</tbody>
						<tbody className="add-row">
							<NewLinkRow />
						</tbody>
					</table>
				</div>
			</section>

			<section aria-labelledby="edges-heading">
				<h2 id="edges-heading">{t('chainEdit.sections.edges')}</h2>
				<p className="muted">{t('chainEdit.hints.factor')}</p>
				<SectionStatus section="edges" />
				<div className="table-scroll">
					<table className="data-table edit-table" data-testid="edit-edges">
						<thead>
							<tr>
								<th>{t('chainEdit.fields.from')}</th>
								<th>{t('chainEdit.fields.to')}</th>
								<th>{t('chainEdit.fields.factor')}</th>
								<th>{t('chainEdit.fields.factorLow')}</th>
								<th>{t('chainEdit.fields.factorHigh')}</th>
								<th>{t('chainEdit.fields.factorUnit')}</th>
								<th>{t('chainEdit.fields.referenceId')}</th>
								<th title={t('chainEdit.hints.confidence')}>{t('chainEdit.fields.confidence')}</th>
								<th>{t('chainEdit.fields.source')}</th>
								<th>{t('app.actions')}</th>
							</tr>
						</thead>
						<tbody>
							{chain.edges.length === 0 ? (
								<tr>
									<td colSpan={10} className="muted">
										{t('chainEdit.empty.edges')}
									</td>
								</tr>
							) : null}
							{chain.edges.map((edge) => {
								const defaults = edgeFormValues(edge)
								const from = localized(edge.fromLink)
								const to = localized(edge.toLink)
								return (
									<EdgeRow
										key={`${edge.id}:${JSON.stringify(defaults)}`}
										from={from}
										to={to}
										defaults={defaults}
										confirmDelete={t('chainEdit.confirm.deleteEdge', { from, to })}
									/>
								)
							})}
						</tbody>
						<tbody className="add-row">
							<NewEdgeRow linkOptions={linkOptions} />
						</tbody>
					</table>
				</div>
			</section>

			<section aria-labelledby="figures-heading">
				<h2 id="figures-heading">{t('chainEdit.sections.figures')}</h2>
				<SectionStatus section="figures" />
				<div className="table-scroll">
					<table className="data-table edit-table" data-testid="edit-figures">
						<thead>
							<tr>
								<th>{t('chainEdit.fields.company')}</th>
								<th>{t('chainEdit.fields.link')}</th>
								<th>{t('chainEdit.fields.year')}</th>
								<th>{t('chainEdit.fields.capacity')}</th>
								<th>{t('chainEdit.fields.output')}</th>
								<th>{t('chainEdit.fields.source')}</th>
								<th>{t('chainEdit.fields.isSample')}</th>
								<th>{t('app.actions')}</th>
							</tr>
						</thead>
						<tbody>
							{chain.figures.length === 0 ? (
								<tr>
									<td colSpan={8} className="muted">
										{t('chainEdit.empty.figures')}
									</td>
								</tr>
							) : null}
							{chain.figures.map((figure) => {
								const defaults = figureFormValues({ ...figure, companyId: figure.company.id, linkId: figure.link.id })
								return (
									<FigureRow
										key={`${figure.id}:${JSON.stringify(defaults)}`}
										company={figure.company}
										link={figure.link}
										defaults={defaults}
										confirmDelete={t('chainEdit.confirm.deleteFigure', {
											company: figure.company.name,
											year: figure.year ?? '',
											link: localized(figure.link),
										})}
									/>
								)
							})}
						</tbody>
						<tbody className="add-row">
							<NewFigureRow linkOptions={linkOptions} companies={companies} />
						</tbody>
					</table>
				</div>
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
