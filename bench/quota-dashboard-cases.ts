// The quota dashboard's data after a write of each kind (ADR 0043), as one set of
// cases for both engines: the quota bench times them in its own process on
// SQLite and in a child process on the PostgreSQL copy of the same database
// (bench/quota-postgres.ts), as the SQL dialect follows DATABASE_URL.
import { type Db } from '~/db.server'
import { loadQuotaDashboard } from '~/models/quota-dashboard.server'
import type { Case } from './run'

export const YEAR = 2025
/** A 季通报 day: mid-year, so the pipeline (forecast) is worked out too. */
export const AS_OF = '2025-09-30'

type DashboardCase = Omit<Case, 'key' | 'baseline'>

/**
 * `loadQuotaDashboard` as the /quotas loader calls it (less the session check), each run after
 * a write that moves what it names: every quota counted again, only the projects quota, only
 * the register's (companies with a tag and sums), only the manual ones, or none (the figures cached).
 * The writes set a column to itself: a real write the triggers see, the figures unchanged.
 */
export async function dashboardCases(db: Db, engine: string): Promise<DashboardCase[]> {
	const quota = (await db.quota.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } })).id
	const project = (await db.project.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } })).id
	const company = (await db.company.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } })).id
	const entry = (await db.quotaManualEntry.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } })).id
	const dashboardData = () => loadQuotaDashboard(db, { year: YEAR, unit: null, region: null, status: null, kind: null }, AS_OF, { kind: 'all' })
	const after = (what: string, write: () => Promise<unknown>): DashboardCase => ({
		label: `${engine}: dashboard data (\`loadQuotaDashboard\`, what the /quotas loader returns) ${what}`,
		fn: dashboardData,
		setup: write,
	})
	return [
		after(
			'after a write every quota reads (a `Quota` row: all 17 counted again, as after any counted write before ADR 0043)',
			() => db.$executeRaw`UPDATE "Quota" SET "metric" = "metric" WHERE "id" = ${quota}`,
		),
		after(
			'after a project write (`Project`: the projects quota counted again)',
			() => db.$executeRaw`UPDATE "Project" SET "updatedAt" = "updatedAt" WHERE "id" = ${project}`,
		),
		after(
			'after a company write, not its name (`Company`: the 9 register quotas counted again)',
			() => db.$executeRaw`UPDATE "Company" SET "contactPhone" = "contactPhone" WHERE "id" = ${company}`,
		),
		after(
			'after a manual entry (`QuotaManualEntry`: the 7 manual quotas counted again)',
			() => db.$executeRaw`UPDATE "QuotaManualEntry" SET "value" = "value" WHERE "id" = ${entry}`,
		),
		after('with no counted write since the last load (the figures cached, ADR 0036)', async () => {}),
	]
}
