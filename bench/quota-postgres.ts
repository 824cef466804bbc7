// The quota bench's PostgreSQL column (bench/quota.bench.ts runs this with DATABASE_URL set to
// the PostgreSQL copy of its SQLite database): the floor (bench/quota-floor.ts on a raw `pg`
// client) against every quota counted again by the app, and the dashboard cases, printed as JSON.
import pg from 'pg'
import { createPrisma } from '~/db.server'
import { DASHBOARD_LIMITS } from '~/domain/quota/dashboard'
import { QUOTA_KINDS } from '~/domain/quota/rules'
import { loadQuotaProgress } from '~/models/quota-progress.server'
import { measure } from './measure'
import { AS_OF, dashboardCases, YEAR } from './quota-dashboard-cases'
import { checkAgreement, postgresQuotaFloor } from './quota-floor'

const url = process.env.DATABASE_URL!
const db = createPrisma(url)
const client = new pg.Client({ connectionString: url })
await client.connect()
try {
	const window = { year: YEAR, asOf: AS_OF }
	const floor = postgresQuotaFloor(client)
	const app = () => loadQuotaProgress(db, { ...window, scope: { kind: 'all' }, limits: DASHBOARD_LIMITS })
	checkAgreement(await app(), await floor(QUOTA_KINDS, window))
	// Every revision row moved before each run (as in the SQLite cases): the figures are counted, not answered from the cache.
	const countedWrite = () => db.$executeRaw`UPDATE "QuotaInputRevision" SET "value" = "value" + 1`
	const cases = await dashboardCases(db, 'PostgreSQL')
	const timings = await measure([
		{
			key: 'p0',
			label: 'PostgreSQL: all quotas, raw SQL on a `pg` client, one statement per quota (baseline)',
			fn: () => floor(QUOTA_KINDS, window),
			baseline: 'p0',
		},
		{ key: 'pa', label: 'PostgreSQL: all quotas, `loadQuotaProgress(db, { …, limits: DASHBOARD_LIMITS })`', fn: app, setup: countedWrite, baseline: 'p0' },
		...cases.map((c, n) => ({ ...c, key: `p${n + 1}`, baseline: 'p0' })),
	])
	process.stdout.write(JSON.stringify(timings))
} finally {
	await client.end()
	await db.$disconnect()
}
