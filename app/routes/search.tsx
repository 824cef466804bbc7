import { type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { fieldAria, FieldError } from '~/components/forms'
import { SampleBadge } from '~/components/sample-badge'
import { prisma } from '~/db.server'
import { parseSearchQuery, SEARCH_KINDS, type SearchKind, seeAllHref } from '~/domain/search/global-search'
import { useLocalizedName } from '~/i18n/use-localized'
import { searchEverything } from '~/models/search.server'
import { requirePermission } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const query = parseSearchQuery(new URL(request.url).searchParams)
	if (!query.ok || query.q === '') return { q: query.q, error: query.ok ? null : query.error, results: null }
	return { q: query.q, error: null, results: await searchEverything(prisma, query.q, user, { now: new Date() }) }
}

export const handle = pageTitle('search.title')

type Results = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['results']>

export default function SearchPage() {
	const { q, error, results } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const total = results ? SEARCH_KINDS.reduce((sum, kind) => sum + results[kind].total, 0) : 0
	return (
		<>
			<h1>{t('search.title')}</h1>
			{/* Keyed by the query so the box shows the words of the results (a new header search, a back step). */}
			<Form method="get" action="/search" className="search-page-form" role="search" aria-label={t('search.label')} key={q}>
				<input
					type="search"
					name="q"
					defaultValue={q}
					aria-label={t('search.label')}
					id="search-q"
					{...fieldAria('search-q', error)}
					placeholder={t('search.placeholder')}
				/>
				<button type="submit" className="button-primary">
					{t('search.submit')}
				</button>
			</Form>
			{error ? (
				<p>
					<FieldError id="search-q" message={error} />
				</p>
			) : null}
			{results === null ? (
				<p className="muted">
					{error ? null : t('search.empty')} {t('search.shortcutHint')}
				</p>
			) : (
				<>
					<p className="muted" role="status" data-testid="search-summary">
						{total === 0 ? t('search.none', { q }) : t('search.summary', { q, count: total })}
					</p>
					<p className="muted search-intro">{t('search.intro')}</p>
					<div className="search-groups">
						{SEARCH_KINDS.map((kind) => (
							<SearchGroup key={kind} kind={kind} q={q} results={results} />
						))}
					</div>
				</>
			)}
		</>
	)
}

function SearchGroup({ kind, q, results }: { kind: SearchKind; q: string; results: Results }) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const { total } = results[kind]
	const headingId = `search-${kind}`
	const seeAll = seeAllHref(kind, q)
	return (
		<section className="search-group" aria-labelledby={headingId} data-testid={`search-group-${kind}`}>
			<h2 id={headingId}>
				{t(`search.kinds.${kind}`)}
				<span className="search-count">{t('search.groupCount', { count: total })}</span>
			</h2>
			{total === 0 ? <p className="muted">{t('search.noneOfKind')}</p> : null}
			<ul className="search-results" hidden={total === 0}>
				{kind === 'companies'
					? results.companies.rows.map((c) => (
							<li key={c.id}>
								<Link to={`/companies/${c.id}`}>{c.name}</Link> <SampleBadge show={c.isSample} />
								<div className="muted">{[c.region ? localized(c.region) : null, c.uscc].filter(Boolean).join(' · ')}</div>
							</li>
						))
					: null}
				{kind === 'leads'
					? results.leads.rows.map((l) => (
							<li key={l.id}>
								<Link to={`/leads/${l.id}`}>{l.company}</Link> <SampleBadge show={l.isSample} />
								<div className="muted">
									{t(`leads.stages.${l.stage}`, { defaultValue: l.stage })} · {t('search.leadOwner', { owner: l.owner })}
								</div>
							</li>
						))
					: null}
				{kind === 'projects'
					? results.projects.rows.map((p) => (
							<li key={p.id}>
								<Link to={`/projects/${p.id}`}>{p.title}</Link> <SampleBadge show={p.isSample} />
								<div className="muted">
									{p.company} · {t(`projects.stages.${p.stage}`, { defaultValue: p.stage })}
								</div>
							</li>
						))
					: null}
				{kind === 'quotas'
					? results.quotas.rows.map((quota) => (
							<li key={quota.id}>
								<Link to={`/quotas/${quota.id}`}>{quota.metric}</Link>
								<div className="muted search-excerpt">
									{quota.section ? `${quota.section} ` : ''}
									{quota.excerpt}
								</div>
							</li>
						))
					: null}
			</ul>
			{seeAll && total > 0 ? (
				<Link to={seeAll} className="search-see-all">
					{t(`search.seeAll.${kind}`, { count: total })} →
				</Link>
			) : null}
			{kind === 'quotas' && total > results.quotas.rows.length ? (
				<p className="muted">{t('search.moreQuotas', { count: total - results.quotas.rows.length })}</p>
			) : null}
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
