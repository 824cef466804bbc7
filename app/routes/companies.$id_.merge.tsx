import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ClosedPeriodNotice, closedReportList } from '~/components/closed-period-notice'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList } from '~/components/forms'
import { TagBadges } from '~/components/tag-badges'
import { prisma } from '~/db.server'
import { actorOf } from '~/domain/auth/record-access'
import { parseCompanyListQuery } from '~/domain/company/list-query'
import { mergeFormSchema } from '~/domain/company/merge'
import { VersionConflict } from '~/domain/concurrency/conflict'
import { type IssuedReportRef } from '~/domain/report/closed-periods'
import { useLocale } from '~/i18n/use-localized'
import { CompanyMergeError, mergeCompanies, planMerge } from '~/models/company-merge.server'
import { findLikelyDuplicates, getCompanyForEdit, listCompanies } from '~/models/company.server'
import { requirePermission } from '~/utils/auth.server'
import { formatCNY } from '~/utils/format'
import { type Refusal, refusal } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { type RefusalStatus, UserError, type UserMessage } from '~/utils/user-error'

// `$id_`: /companies/:id/merge renders on its own, not inside the company page.

export async function loader({ request, params }: LoaderFunctionArgs) {
	await requirePermission(request, 'manage:companies')
	const company = await getCompanyForEdit(prisma, params.id ?? '')
	if (!company) throw new Response('Company not found', { status: 404 })
	const url = new URL(request.url)
	const other = url.searchParams.get('with')?.slice(0, 40) ?? ''
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100)
	const keepOther = url.searchParams.get('keep') === 'other'
	const [suggestions, results, plan] = await Promise.all([
		findLikelyDuplicates(prisma, { name: company.name, aliases: company.aliases.map((a) => a.name), uscc: company.uscc }, company.id),
		q ? listCompanies(prisma, parseCompanyListQuery(new URLSearchParams({ q }))).then((list) => list.rows.filter((r) => r.id !== company.id).slice(0, 20)) : [],
		other && other !== company.id ? (keepOther ? planMerge(prisma, other, company.id) : planMerge(prisma, company.id, other)) : null,
	])
	return {
		company: { id: company.id, name: company.name },
		q,
		other: plan ? other : '',
		keepOther,
		suggestions: suggestions.map((s) => ({ id: s.id, name: s.name, reasons: s.reasons })),
		results: results.map((r) => ({ id: r.id, name: r.name, uscc: r.uscc })),
		plan,
	}
}

/** One company as the comparison shows it. */
type MergeSide = NonNullable<Awaited<ReturnType<typeof planMerge>>>['kept']

/** A refused merge (success redirects to the merge's record): why, and the issued reports it would alter. */
type MergeRefusal = Refusal & { closed: IssuedReportRef[] }

const refuse = (formError: string | UserMessage, status: RefusalStatus, closed: IssuedReportRef[] = []) =>
	data<MergeRefusal>({ ...refusal({}, formError), closed }, { status })

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'manage:companies')
	const parsed = mergeFormSchema.safeParse(Object.fromEntries(await request.formData()))
	// The form's fields are the ids and versions the page showed (and a reason its textarea keeps short): a refusal is about the whole form.
	if (!parsed.success) return refuse(parsed.error.issues[0]?.message ?? 'errors.badRequest', 400)
	// The page is one company's: it is either kept or removed.
	if (parsed.data.keptId !== params.id && parsed.data.removedId !== params.id) return refuse('companyMerge.errors.gone', 400)
	try {
		const mergeId = await mergeCompanies(prisma, actorOf(user), parsed.data)
		return redirect(`/companies/merges/${mergeId}`)
	} catch (error) {
		if (error instanceof VersionConflict) return refuse('companyMerge.errors.stale', 409)
		if (error instanceof UserError) return refuse(error.userMessage, error.status, error instanceof CompanyMergeError ? error.closed : [])
		throw error
	}
}

type HandleData = Awaited<ReturnType<typeof loader>>
export const handle = pageTitle<HandleData>(({ company }, { t }) => t('companyMerge.title', { name: company.name }))

export default function MergeCompanyPage() {
	const { company, q, other, keepOther, suggestions, results, plan } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const locale = useLocale()
	const navigation = useNavigation()
	const [search] = useSearchParams()
	const pick = (id: string) => `/companies/${company.id}/merge?${new URLSearchParams({ ...(q ? { q } : {}), with: id })}`
	const closed = actionData && actionData.closed.length > 0 ? actionData.closed : (plan?.closed ?? [])
	const reports = closedReportList(closed, t, locale)
	const money = (cny: number | null) => (cny === null ? '—' : formatCNY(cny, locale))
	return (
		<>
			<p>
				<Link to={`/companies/${company.id}`}>← {t('companyMerge.back')}</Link>
			</p>
			<h1>{t('companyMerge.title', { name: company.name })}</h1>
			<p className="muted merge-intro">{t('companyMerge.intro')}</p>

			{plan ? (
				<>
					<h2>{t('companyMerge.compare.title')}</h2>
					<Form method="get" className="merge-keep">
						<input type="hidden" name="with" value={other} />
						{q ? <input type="hidden" name="q" value={q} /> : null}
						<div className="table-scroll">
							<table className="data-table merge-compare">
								<thead>
									<tr>
										<th scope="col">{t('companyMerge.compare.field')}</th>
										{[
											{ side: 'this', c: keepOther ? plan.removed : plan.kept },
											{ side: 'other', c: keepOther ? plan.kept : plan.removed },
										].map(({ side, c }) => (
											<th scope="col" key={side}>
												<Link to={`/companies/${c.id}`}>{c.name}</Link>
												{c.id === plan.removed.id ? <span className="badge badge-danger">{t('companyMerge.compare.goes')}</span> : null}
												<label className="checkbox merge-keep-choice">
													<input
														type="radio"
														name="keep"
														value={side}
														defaultChecked={(side === 'other') === keepOther}
														onChange={(event) => event.currentTarget.form?.requestSubmit()}
													/>
													{t('companyMerge.compare.keep')}
												</label>
											</th>
										))}
									</tr>
								</thead>
								<tbody>
									{(
										[
											['uscc', (c) => c.uscc ?? '—'],
											['aliases', (c) => c.aliases.map((a) => a.name).join('、') || '—'],
											['tags', (c) => (c.tags.length > 0 ? <TagBadges tags={c.tags.map((tag) => tag.tag)} /> : '—')],
											['revenue', (c) => money(c.revenueCNY)],
											['contact', (c) => c.contactName ?? '—'],
											['leads', (c) => c.counts.leads],
											['projects', (c) => c.counts.projects],
											['activities', (c) => c.counts.activities],
											['figures', (c) => c.counts.figures],
										] as const satisfies readonly (readonly [string, (c: MergeSide) => ReactNode])[]
									).map(([key, cell]) => (
										<tr key={key}>
											<th scope="row">{t(`companyMerge.compare.${key}`)}</th>
											<td>{cell(keepOther ? plan.removed : plan.kept)}</td>
											<td>{cell(keepOther ? plan.kept : plan.removed)}</td>
										</tr>
									))}
								</tbody>
							</table>
						</div>
						<noscript>
							<button type="submit">{t('companyMerge.compare.update')}</button>
						</noscript>
					</Form>

					<section className="panel merge-preview" aria-labelledby="merge-preview">
						<h2 id="merge-preview">{t('companyMerge.preview.title')}</h2>
						<ul>
							<li>{t('companyMerge.preview.removed', { removed: plan.removed.name, kept: plan.kept.name })}</li>
							<li>{t('companyMerge.preview.moves', { kept: plan.kept.name, ...plan.moves })}</li>
							{plan.newAliases.length > 0 ? <li>{t('companyMerge.preview.aliases', { names: plan.newAliases.map((a) => a.name).join('、') })}</li> : null}
							{plan.newTags.length > 0 ? <li>{t('companyMerge.preview.tags', { tags: plan.newTags.map((tag) => t(`tags.${tag.tag}`)).join('、') })}</li> : null}
							{plan.filled.length > 0 ? (
								<li>
									{t('companyMerge.preview.filled', {
										kept: plan.kept.name,
										removed: plan.removed.name,
										fields: plan.filled.map((f) => t(`companyMerge.fields.${f.field}`)).join('、'),
									})}
								</li>
							) : null}
							<li>{t('companyMerge.preview.keptValues', { kept: plan.kept.name })}</li>
							{plan.droppedFigures > 0 ? <li>{t('companyMerge.preview.dropped', { count: plan.droppedFigures, kept: plan.kept.name })}</li> : null}
						</ul>
						<p className="muted">{t('companyMerge.preview.undoable')}</p>
						<Form method="post" className="merge-form">
							<input type="hidden" name="keptId" value={plan.kept.id} />
							<input type="hidden" name="removedId" value={plan.removed.id} />
							<input type="hidden" name="keptVersion" value={plan.kept.version} />
							<input type="hidden" name="removedVersion" value={plan.removed.version} />
							{closed.length > 0 ? <ClosedPeriodNotice message={t('closedPeriods.companyNotice', { reports })} /> : null}
							<ErrorList messages={[actionData?.formError ? { ...actionData.formError, params: { reports, ...actionData.formError.params } } : null]} />
							{actionData?.formError?.key === 'companyMerge.errors.stale' ? (
								<p>
									<Link to={`/companies/${company.id}/merge?${search.toString()}`} reloadDocument>
										{t('companyMerge.choose.other')}
									</Link>
								</p>
							) : null}
							<button type="submit" className="button-primary" disabled={navigation.state === 'submitting'}>
								{navigation.state === 'submitting' ? t('companyMerge.merging') : t('companyMerge.submit')}
							</button>{' '}
							<Link to={`/companies/${company.id}/merge`}>{t('companyMerge.choose.other')}</Link>
						</Form>
					</section>
				</>
			) : (
				<section aria-labelledby="merge-choose">
					<h2 id="merge-choose">{t('companyMerge.choose.title')}</h2>
					<h3>{t('companyMerge.choose.suggestions')}</h3>
					{suggestions.length === 0 ? (
						<p className="muted">{t('companyMerge.choose.noSuggestions')}</p>
					) : (
						<ul className="merge-candidates">
							{suggestions.map((s) => (
								<li key={s.id}>
									<span>{s.name}</span>{' '}
									{s.reasons.map((reason) => (
										<span key={reason} className="badge badge-warn">
											{t(`companyDb.duplicates.reasons.${reason}`)}
										</span>
									))}{' '}
									<Link to={pick(s.id)}>{t('companyMerge.choose.pick')}</Link>
								</li>
							))}
						</ul>
					)}
					<h3>
						<label htmlFor="merge-search">{t('companyMerge.choose.search')}</label>
					</h3>
					<Form method="get" className="filter-bar merge-search" role="search">
						<input id="merge-search" type="search" name="q" defaultValue={q} placeholder={t('companyMerge.choose.searchPlaceholder')} />
						<button type="submit">{t('app.search')}</button>
					</Form>
					{q ? (
						results.length === 0 ? (
							<p className="muted">{t('companyMerge.choose.noResults')}</p>
						) : (
							<ul className="merge-candidates">
								{results.map((r) => (
									<li key={r.id}>
										<span>{r.name}</span> {r.uscc ? <span className="muted mono">{r.uscc}</span> : null}{' '}
										<Link to={pick(r.id)}>{t('companyMerge.choose.pick')}</Link>
									</li>
								))}
							</ul>
						)
					) : null}
				</section>
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
