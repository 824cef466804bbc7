import { type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useAuditFormat } from '~/components/audit-format'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FilterDisclosure } from '~/components/filter-disclosure'
import { ErrorList, fieldAria, FieldError } from '~/components/forms'
import { prisma } from '~/db.server'
import { type AuditChange, auditFieldLabel, formatAuditValue } from '~/domain/audit/audit-changes'
import { AUDIT_ENTITIES, auditQuerySearch, parseAuditQuery } from '~/domain/audit/audit-query'
import { roleHasPermission } from '~/domain/auth/roles'
import { i18nFor } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { auditObjectName, auditUserChoices, listAuditPage } from '~/models/audit-log.server'
import { requirePermission } from '~/utils/auth.server'
import { formatDateTime } from '~/utils/format'
import { pageTitle } from '~/utils/page-title'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:audit')
	const { query, input, errors } = parseAuditQuery(new URL(request.url).searchParams)
	const locale = await getLocale(request)
	const { t } = i18nFor(locale)
	const [list, users, objectName] = await Promise.all([
		listAuditPage(prisma, query, user.scope, { t, locale, admin: roleHasPermission(user.role, 'manage:users') }),
		auditUserChoices(prisma, user.scope),
		query.object ? auditObjectName(prisma, query.entity, query.object, { t, locale }) : null,
	])
	return { query, input, errors, search: auditQuerySearch(query), users, objectName, ...list }
}

export const handle = pageTitle('audit.title')

export default function AuditPage() {
	const { query, input, errors, search, users, objectName, rows, names, total, page, pageCount } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const format = useAuditFormat(names)
	const filtered = search !== ''
	const withPage = (n: number) => `/audit?${auditQuerySearch(query, n)}`
	const withoutObject = auditQuerySearch({ ...query, object: '' })
	const control = (field: 'user' | 'entity' | 'from' | 'to') => ({ id: `audit-${field}`, ...fieldAria(`audit-${field}`, errors[field]) })
	const error = (field: 'user' | 'entity' | 'from' | 'to') => <FieldError id={`audit-${field}`} message={errors[field]} />
	return (
		<>
			<div className="page-head">
				<h1>{t('audit.title')}</h1>
				<a className="button-secondary button-as-link" href={`/audit/export?${search}`} download>
					{t('audit.exportCsv')}
				</a>
			</div>
			<FilterDisclosure
				active={[query.user, query.entity, query.from, query.to, query.object].filter(Boolean).length}
				keepOpen={Object.values(errors).some(Boolean)}
			>
				<Form method="get" className="filter-bar audit-filters" aria-label={t('audit.filters.label')}>
					<label>
						<span>{t('audit.user')}</span>
						<select name="user" defaultValue={input.user} {...control('user')}>
							<option value="">{t('audit.filters.allUsers')}</option>
							{users.map((u) => (
								<option key={u.id} value={u.id}>
									{t('audit.userWithName', { name: u.name, username: u.username })}
								</option>
							))}
						</select>
						{error('user')}
					</label>
					<label>
						<span>{t('audit.entity')}</span>
						<select name="entity" defaultValue={input.entity} {...control('entity')}>
							<option value="">{t('audit.filters.allEntities')}</option>
							{AUDIT_ENTITIES.map((entity) => (
								<option key={entity} value={entity}>
									{t(`audit.entities.${entity}`)}
								</option>
							))}
						</select>
						{error('entity')}
					</label>
					<label>
						<span>{t('audit.filters.from')}</span>
						<input type="date" name="from" defaultValue={input.from} {...control('from')} />
						{error('from')}
					</label>
					<label>
						<span>{t('audit.filters.to')}</span>
						<input type="date" name="to" defaultValue={input.to} {...control('to')} />
						{error('to')}
					</label>
					{input.object ? <input type="hidden" name="object" value={input.object} /> : null}
					<button type="submit">{t('audit.filters.apply')}</button>
					{filtered ? <Link to="/audit">{t('audit.filters.clear')}</Link> : null}
				</Form>
			</FilterDisclosure>
			{query.object ? (
				<p className="audit-object-filter">
					{t('audit.filters.objectOnly', { name: objectName ?? query.object })} <Link to={`/audit?${withoutObject}`}>{t('audit.filters.removeObject')}</Link>
				</p>
			) : null}
			{/* No control on the page holds the object or the page: their problems are about the whole filter. */}
			<ErrorList messages={[errors.object, errors.page]} />
			<p className="muted">{t('audit.count', { count: total })}</p>
			{rows.length === 0 ? (
				<p>{filtered ? t('audit.emptyFiltered') : t('audit.empty')}</p>
			) : (
				<table className="data-table audit-table">
					<thead>
						<tr>
							<th>{t('audit.at')}</th>
							<th>{t('audit.user')}</th>
							<th>{t('audit.action')}</th>
							<th>{t('audit.entity')}</th>
							<th>{t('audit.change')}</th>
							<th>{t('audit.address')}</th>
						</tr>
					</thead>
					<tbody>
						{rows.map((row) => (
							<tr key={row.id}>
								<td className="nowrap audit-at">{formatDateTime(row.at)}</td>
								<td className="nowrap audit-user">{row.user ? row.user.name : <span className="muted">{t('audit.system')}</span>}</td>
								<td className="nowrap audit-action">{t(`audit.actions.${row.action}`, { defaultValue: row.action })}</td>
								<td className="audit-object">
									<span className="muted">{t(`audit.entities.${row.entity}`, { defaultValue: row.entity })}</span>{' '}
									{row.object.href ? <Link to={row.object.href}>{row.object.name}</Link> : <span>{row.object.name}</span>}
									{query.object !== row.entityId ? (
										<>
											{' '}
											<Link
												className="audit-only"
												to={`/audit?${auditQuerySearch({ ...query, entity: row.entity as typeof query.entity, object: row.entityId })}`}
												title={t('audit.filters.onlyThisHint')}
											>
												{t('audit.filters.onlyThis')}
											</Link>
										</>
									) : null}
								</td>
								<td className="audit-changes">
									<Changes action={row.action} changes={row.changes} format={format} />
								</td>
								<td className="mono audit-ip" data-label={t('audit.address')}>
									{row.ip ?? '—'}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			)}
			{pageCount > 1 ? (
				<nav className="pager" aria-label={t('companyDb.pager.label')}>
					{page > 1 ? (
						<Link to={withPage(page - 1)} rel="prev">
							‹ {t('companyDb.pager.previous')}
						</Link>
					) : null}
					<span>{t('companyDb.pager.page', { page, pageCount })}</span>
					{page < pageCount ? (
						<Link to={withPage(page + 1)} rel="next">
							{t('companyDb.pager.next')} ›
						</Link>
					) : null}
				</nav>
			) : null}
		</>
	)
}

/** Actions that change a record in place: their fields read before → after, even from or to nothing. */
const CHANGING_ACTIONS = new Set(['update', 'merge', 'undo'])

/** A row's changes field by field: created and deleted records show what they held, changes before → after. */
function Changes({ action, changes, format }: { action: string; changes: AuditChange[]; format: ReturnType<typeof useAuditFormat> }) {
	const { t } = useTranslation()
	if (changes.length === 0) return <span className="muted">—</span>
	return (
		<dl className="audit-change-list">
			{changes.map((change, index) => {
				const changing = CHANGING_ACTIONS.has(action)
				const created = change.before.kind === 'empty' && !changing
				const removed = change.after.kind === 'empty' && !changing
				return (
					<div key={`${change.field}-${index}`}>
						<dt>{auditFieldLabel(change, format)}</dt>
						<dd>
							{created ? (
								formatAuditValue(change.after, format)
							) : removed ? (
								<del>{formatAuditValue(change.before, format)}</del>
							) : (
								<>
									<span className={change.before.kind === 'empty' ? 'muted' : 'audit-before'}>{formatAuditValue(change.before, format)}</span>
									<span aria-label={t('audit.becomes')}> → </span>
									<span className="audit-after">{formatAuditValue(change.after, format)}</span>
								</>
							)}
						</dd>
					</div>
				)
			})}
		</dl>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
