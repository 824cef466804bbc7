// The quota bench's PostgreSQL column (bench/quota.bench.ts runs this with DATABASE_URL set to
// the PostgreSQL copy of its SQLite database): times the dashboard cases and prints their timings as JSON.
import { createPrisma } from '~/db.server'
import { measure } from './measure'
import { dashboardCases } from './quota-dashboard-cases'

const db = createPrisma(process.env.DATABASE_URL)
try {
	const cases = await dashboardCases(db, 'PostgreSQL')
	const timings = await measure(cases.map((c, n) => ({ ...c, key: `p${n + 1}`, baseline: 'p1' })))
	process.stdout.write(JSON.stringify(timings))
} finally {
	await db.$disconnect()
}
