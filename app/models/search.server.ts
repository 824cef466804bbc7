// The header's search (#13 §7): each kind found exactly as its own list page finds it (the same
// model functions), so a result's count is the list's count and "see all" shows the same rows.
// Each kind is read within the viewer's regions (ADR 0026, quotas ADR 0029), as its list page reads it; within them,
// staff, managers and admins read every record (ADR 0010).
import { type Db } from '~/db.server'
import { DEFAULT_COMPANY_LIST_QUERY } from '~/domain/company/list-query'
import { parseLeadFilters } from '~/domain/lead/filters'
import { parseProjectListQuery } from '~/domain/project/list-query'
import { type RegionScope } from '~/domain/region/scope'
import { SEARCH_GROUP_LIMIT } from '~/domain/search/global-search'
import { listCompanies } from './company.server'
import { type LeadClock, type LeadViewer, listLeadsPage } from './lead.server'
import { listProjects } from './project.server'
import { regionWhere } from './region.server'

/** Quotas of the viewer's regions (ADR 0029) whose metric or clause contains `q` (SQLite's LIKE: ASCII letters folded), with how many there are. */
async function searchQuotas(db: Db, q: string, scope: RegionScope) {
	const where = { OR: [{ metric: { contains: q } }, { excerpt: { contains: q } }, { section: { contains: q } }], ...regionWhere(scope) }
	const [total, rows] = await Promise.all([
		db.quota.count({ where }),
		db.quota.findMany({
			where,
			orderBy: [{ startYear: { sort: 'desc', nulls: 'last' } }, { metric: 'asc' }, { id: 'asc' }],
			take: SEARCH_GROUP_LIMIT,
			select: { id: true, metric: true, excerpt: true, section: true, value: true, unit: true, startYear: true, endYear: true },
		}),
	])
	return { total, rows }
}

/** The first results of each kind for `q` (cleaned, non-empty) and how many each kind has. */
export async function searchEverything(db: Db, q: string, viewer: LeadViewer, clock: LeadClock) {
	const [companies, leads, projects, quotas] = await Promise.all([
		listCompanies(db, { ...DEFAULT_COMPANY_LIST_QUERY, q }),
		listLeadsPage(db, { ...parseLeadFilters(new URLSearchParams()), q }, viewer, clock, SEARCH_GROUP_LIMIT),
		listProjects(db, { ...parseProjectListQuery(new URLSearchParams()), q }, viewer.scope),
		searchQuotas(db, q, viewer.scope),
	])
	return {
		companies: {
			total: companies.total,
			rows: companies.rows.slice(0, SEARCH_GROUP_LIMIT).map((c) => ({ id: c.id, name: c.name, uscc: c.uscc, region: c.region, isSample: c.isSample })),
		},
		leads: {
			total: leads.total,
			rows: leads.rows.map((l) => ({ id: l.id, company: l.company.name, stage: l.stage, owner: l.owner.name, isSample: l.isSample })),
		},
		projects: {
			total: projects.total,
			rows: projects.rows
				.slice(0, SEARCH_GROUP_LIMIT)
				.map((p) => ({ id: p.id, title: p.title, company: p.company.name, stage: p.stage, isSample: p.isSample })),
		},
		quotas,
	}
}
