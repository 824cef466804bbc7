import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { seedDatabase } from '~/models/seed.server'
import { createEmptyDatabase } from '../helpers/empty-db'

// A fresh, empty (migrated) database, separate from the per-file seeded copy.

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
