import { type Db } from '~/db.server'
import {
	countByStatus,
	DASHBOARD_LIMITS,
	type DashboardQuery,
	dashboardRow,
	filterProgress,
	orderByDocument,
	regionsOf,
	reportPeriod,
	unitsOf,
	yearOptions,
} from '~/domain/quota/dashboard'
import { defaultAsOf } from '~/domain/quota/pace'
import { rankRegions } from '~/domain/quota/region-ranking'
import { rankUnits } from '~/domain/quota/unit-ranking'
import { type RegionScope } from '~/domain/region/scope'
import { loadQuotaProgress } from './quota-progress.server'
import { listQuotaSources } from './quota-source.server'

/**
 * What the /quotas dashboard shows for a query on `today` (China time): every
 * quota's figures with a preview of its counted items and the sizes of its
 * lists (loadQuotaProgress with DASHBOARD_LIMITS: the lists themselves stay in
 * the database until the quota page asks for them), the status summary, the
 * filters' choices and the 赛马比拼 ranking. The page's loader and the bench
 * (bench/quota.bench.ts) both call this.
 */
export async function loadQuotaDashboard(db: Db, query: DashboardQuery, today: string, scope: RegionScope) {
	const currentYear = Number(today.slice(0, 4))
	const asOf = defaultAsOf(query.year, today)
	const [progress, sources] = await Promise.all([loadQuotaProgress(db, { year: query.year, asOf, scope, limits: DASHBOARD_LIMITS }), listQuotaSources(db)])
	// The summary counts ignore the status filter so that it can switch between statuses.
	const inScope = filterProgress(progress, { ...query, status: null })
	return {
		query,
		asOf,
		years: yearOptions(progress, currentYear, query.year),
		report: reportPeriod(asOf),
		units: unitsOf(progress),
		regions: regionsOf(progress),
		total: inScope.length,
		statusCounts: countByStatus(inScope),
		/** The quotas shown, in reading order (document, then clause), each with its document. */
		quotas: orderByDocument(filterProgress(inScope, query).map(dashboardRow), sources),
		/** Over all units and quotas of the year: a ranking is a comparison, whatever the filters. */
		ranking: rankUnits(progress),
		/** 赛马比拼 between the regions under each region whose quotas split over them (a 市's 县区). */
		regionRankings: rankRegions(progress),
		hasQuotas: progress.length > 0,
	}
}
