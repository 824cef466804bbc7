import fs from 'node:fs'
import path from 'node:path'
import { expect, onTestFinished, test } from 'vitest'
import { parseDashboardQuery } from '~/domain/quota/dashboard'
import { loadQuotaDashboard } from '~/models/quota-dashboard.server'
import { seedDatabase } from '~/models/seed.server'
import { WHOLE_INSTALLATION } from '../helpers/actors'
import { createEmptyDatabase } from '../helpers/empty-db'

test('seeding an empty database loads everything once; a second run changes nothing', async () => {
	const { db, remove } = await createEmptyDatabase()
	const first = await seedDatabase(db)
	expect(first.seeded).toBe(true)
	expect(first.counts).toMatchObject({ chains: 2, users: 4 })
	expect(await db.unit.count()).toBe(JSON.parse(fs.readFileSync('seeds/units.json', 'utf8')).length)
	expect(await db.quota.count()).toBeGreaterThanOrEqual(15)
	const before = { companies: await db.company.count(), edges: await db.chainEdge.count() }
	expect(await seedDatabase(db)).toEqual({ seeded: false, counts: {} })
	expect({ companies: await db.company.count(), edges: await db.chainEdge.count() }).toEqual(before)
	// Sample rows keep their flag in the database.
	expect(await db.company.count({ where: { name: { startsWith: '（示例）' }, isSample: false } })).toBe(0)
	expect(await db.lead.count({ where: { isSample: false } })).toBe(0)
	await remove()
})

test('a seed directory with a bad file writes nothing', async () => {
	const { db, dir, remove } = await createEmptyDatabase()
	const seeds = path.join(dir, 'seeds')
	fs.cpSync('seeds', seeds, { recursive: true })
	const companies = JSON.parse(fs.readFileSync(path.join(seeds, 'companies.json'), 'utf8'))
	companies[0].links[0].link = 'not_a_link'
	fs.writeFileSync(path.join(seeds, 'companies.json'), JSON.stringify(companies))
	await expect(seedDatabase(db, seeds)).rejects.toThrow(/unknown link/)
	expect(await db.region.count()).toBe(0)
	expect(await db.user.count()).toBe(0)
	await remove()
})

// Early, middle and late in the year, in each year of the plan (2024–2026): the sample records move with the day.
test.each(['2024-02-20', '2025-05-15', '2026-01-10', '2026-06-30', '2026-11-20'])(
	'seeded on %s, the demo shows a year in progress: some quotas done, some on track, some behind',
	async (today) => {
		const { db, remove } = await createEmptyDatabase()
		onTestFinished(remove)
		await seedDatabase(db, 'seeds', today)
		const year = Number(today.slice(0, 4))
		const dashboard = await loadQuotaDashboard(db, parseDashboardQuery(new URLSearchParams(), year), today, WHOLE_INSTALLATION)
		expect(dashboard.asOf, today).toBe(today)
		expect(dashboard.statusCounts.achieved, today).toBeGreaterThan(0)
		expect(dashboard.statusCounts.on_track, today).toBeGreaterThan(0)
		expect(dashboard.statusCounts.behind, today).toBeGreaterThan(0)
		// (六)16 counts this year's signings to date: on or ahead of its pace line after the first days of January.
		const clause16 = dashboard.quotas.find((q) => q.section === '（六）16')!
		expect(clause16.actual, today).toBeGreaterThanOrEqual(clause16.pace)
		// Nothing sample is dated after the seed day, except the leads' next actions.
		const day = new Date(`${today}T23:59:59Z`)
		expect(await db.activity.count({ where: { date: { gt: day } } }), today).toBe(0)
		expect(await db.lead.count({ where: { createdAt: { gt: day } } }), today).toBe(0)
		for (const field of ['negotiatingDate', 'signedDate', 'startedDate', 'producingDate', 'terminatedDate'] as const) {
			expect(await db.project.count({ where: { [field]: { gt: day } } }), `${today} ${field}`).toBe(0)
		}
		expect(await db.lead.count({ where: { nextActionDate: { gt: day } } }), today).toBeGreaterThan(0)
	},
)
