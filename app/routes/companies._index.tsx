import { type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SampleBadge } from '~/components/sample-badge'
import { TagBadges } from '~/components/tag-badges'
import { prisma } from '~/db.server'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { COMPANY_PAGE_SIZE, listCompanies } from '~/models/company.server'
import { requirePermission } from '~/utils/auth.server'
import { formatCNY } from '~/utils/format'

const querySchema = z.object({
	q: z.string().max(100).catch(''),
	page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'read:any')
	const { q, page } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
	const { total, rows } = await listCompanies(prisma, { q, page })
	return { q, page, total, pageCount: Math.max(1, Math.ceil(total / COMPANY_PAGE_SIZE)), companies: rows }
}

export default function CompaniesPage() {
	const { q, page, total, pageCount, companies } = useLoaderData<typeof loader>()
	const [searchParams] = useSearchParams()
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const pageHref = (p: number) => {
		const next = new URLSearchParams(searchParams)
		next.set('page', String(p))
		return `?${next}`
	}
	return (
		<>
			<h1>{t('companies.title')}</h1>
			<Form method="get" className="search-bar" role="search">
				<input
					type="search"
					name="q"
					defaultValue={q}
					placeholder={t('companies.searchPlaceholder')}
					aria-label={t('app.search')}
				/>
				<button type="submit">{t('app.search')}</button>
			</Form>
			<p className="muted" data-testid="company-count">
				{t('companies.count', { count: total })}
			</p>
			{companies.length === 0 ? (
				<p>{t('companies.empty')}</p>
			) : (
				<table className="data-table">
					<thead>
						<tr>
							<th>{t('companies.name')}</th>
							<th>{t('companies.kind')}</th>
							<th>{t('companies.local')}</th>
							<th>{t('companies.region')}</th>
							<th>{t('companies.tags')}</th>
							<th>{t('companies.links')}</th>
							<th className="num">{t('companies.revenue')}</th>
						</tr>
					</thead>
					<tbody>
						{companies.map((c) => {
							const shortName = c.aliases.find((a) => a.kind === 'short')?.name
							return (
								<tr key={c.id}>
									<td>
										{c.name}
										{shortName ? <span className="muted">（{shortName}）</span> : null} <SampleBadge show={c.isSample} />
										{c.uscc ? <div className="muted mono">{c.uscc}</div> : null}
									</td>
									<td>{t(`companies.kinds.${c.kind}`, { defaultValue: c.kind })}</td>
									<td>{c.isLocal ? t('companies.isLocal') : t('companies.isExternal')}</td>
									<td>{localized(c.region)}</td>
									<td>
										<TagBadges tags={c.tags} />
									</td>
									<td>{c.links.map((l) => localized(l)).join('、')}</td>
									<td className="num">{c.revenueCNY === null ? '' : formatCNY(c.revenueCNY, locale)}</td>
								</tr>
							)
						})}
					</tbody>
				</table>
			)}
			{pageCount > 1 ? (
				<nav className="pager" aria-label="pagination">
					{page > 1 ? <Link to={pageHref(page - 1)}>‹</Link> : null}
					<span>
						{page} / {pageCount}
					</span>
					{page < pageCount ? <Link to={pageHref(page + 1)}>›</Link> : null}
				</nav>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
