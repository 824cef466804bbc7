import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { databaseUrl, prisma } from '~/db.server'
import { resolveMapping } from '~/domain/import/fields'
import { readImportFile } from '~/domain/import/read-file'
import { PrismaClient } from '~/generated/prisma/client'
import { dependencyMark, planImport, publishImport } from '~/models/import-commit.server'

// ADR 0014: transactions own the write lock from BEGIN, plain statements of other
// requests never run inside them, and a lock held elsewhere is waited for on a timer.

const file = () => databaseUrl().replace(/^file:/, '')
const unitName = (label: string) => `写入纪律-${label}-${Math.random().toString(36).slice(2, 8)}`
const unitNamed = (name: string) => prisma.unit.findUnique({ where: { name }, select: { name: true } })

class Planned extends Error {}

/** Runs a transaction that writes, lets `meanwhile` start, then fails. */
async function failingTransactionBeside(db: PrismaClient, txUnit: string, meanwhile: () => Promise<unknown>) {
	let started!: Promise<unknown>
	const tx = db.$transaction(async (t) => {
		await t.unit.create({ data: { name: txUnit, nameEn: txUnit }, select: { id: true } })
		// Prisma queries are lazy: `then` sends the statement, while this transaction is open.
		started = meanwhile().then((value) => value)
		await sleep(20)
		throw new Planned()
	})
	await expect(tx).rejects.toBeInstanceOf(Planned)
	return started
}

describe('write discipline (ADR 0014)', () => {
	const others: Database.Database[] = []
	afterEach(() => {
		for (const other of others.splice(0)) {
			if (other.inTransaction) other.exec('ROLLBACK')
			other.close()
		}
	})

	it("a transaction that fails does not take another request's write with it", async () => {
		const txUnit = unitName('tx')
		const plainUnit = unitName('plain')
		await failingTransactionBeside(prisma, txUnit, () => prisma.unit.create({ data: { name: plainUnit, nameEn: plainUnit }, select: { id: true } }))
		expect(await unitNamed(txUnit)).toBeNull()
		expect(await unitNamed(plainUnit)).toEqual({ name: plainUnit })
	})

	it("with Prisma's stock adapter the same sequence loses the other request's acknowledged write (why the gate exists)", async () => {
		const stock = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl() }) })
		try {
			const txUnit = unitName('stock-tx')
			const plainUnit = unitName('stock-plain')
			const plain = await failingTransactionBeside(stock, txUnit, () =>
				stock.unit.create({ data: { name: plainUnit, nameEn: plainUnit }, select: { id: true } }),
			)
			// The plain create answered success…
			expect(plain).toEqual({ id: expect.any(String) })
			// …and was rolled back with the transaction it ran inside.
			expect(await unitNamed(plainUnit)).toBeNull()
		} finally {
			await stock.$disconnect()
		}
	})

	it('a read beside an open transaction sees committed rows only', async () => {
		const txUnit = unitName('uncommitted')
		let seenInside: unknown = 'not read'
		await prisma.$transaction(async (t) => {
			await t.unit.create({ data: { name: txUnit, nameEn: txUnit }, select: { id: true } })
			seenInside = await unitNamed(txUnit)
		})
		expect(seenInside).toBeNull()
		expect(await unitNamed(txUnit)).toEqual({ name: txUnit })
	})

	it('a transaction that reads, waits and then writes is not refused when other requests write meanwhile', async () => {
		// The deferred BEGIN of the stock adapter failed here with "database is locked".
		const longUnit = unitName('long')
		const long = prisma.$transaction(async (t) => {
			const count = await t.unit.count()
			await sleep(50)
			await t.unit.create({ data: { name: longUnit, nameEn: `${longUnit} ${count}` }, select: { id: true } })
		})
		const names = Array.from({ length: 20 }, (_, i) => unitName(`beside-${i}`))
		await Promise.all([long, ...names.map((name) => prisma.unit.create({ data: { name, nameEn: name }, select: { id: true } }))])
		expect(await prisma.unit.count({ where: { name: { in: [longUnit, ...names] } } })).toBe(21)
	})

	it("waits for another process's write lock on a timer: the event loop keeps turning, and the write lands once the lock is free", async () => {
		const other = new Database(file())
		others.push(other)
		const held = unitName('other-process')
		other.exec('BEGIN IMMEDIATE')
		other.prepare('INSERT INTO "Unit" ("id", "name", "nameEn", "createdAt") VALUES (?, ?, ?, ?)').run(held, held, held, new Date().toISOString())

		const plainUnit = unitName('waiting-plain')
		const txUnit = unitName('waiting-tx')
		let settled = 0
		const writes = Promise.all([
			prisma.unit.create({ data: { name: plainUnit, nameEn: plainUnit }, select: { id: true } }),
			prisma.$transaction((t) => t.unit.create({ data: { name: txUnit, nameEn: txUnit }, select: { id: true } })),
		]).finally(() => settled++)

		let turns = 0
		for (let i = 0; i < 20; i++) {
			await sleep(10)
			await nextTurn()
			turns++
		}
		// Timers and I/O ran all along (a synchronous busy wait would have frozen them)…
		expect(turns).toBe(20)
		// …while the writes were still waiting for the lock.
		expect(settled).toBe(0)

		other.exec('COMMIT')
		await writes
		expect(await prisma.unit.count({ where: { name: { in: [held, plainUnit, txUnit] } } })).toBe(3)
	})

	describe('imports are checked outside the write lock and written under it', () => {
		async function companiesImport(csv: string) {
			const sheet = await readImportFile(new TextEncoder().encode(csv), 'colleague.csv')
			const options = {
				mapping: resolveMapping('companies', sheet.headers),
				overrides: {},
				actions: {},
				duplicateAction: 'skip' as const,
				createMissingCompanies: false,
				defaultOwnerId: null,
				importer: null,
			}
			return { kind: 'companies' as const, sheet, options, fileName: 'colleague.csv', userId: null }
		}

		it('a company a colleague saves between the check and the write is found again as a duplicate, not created twice', async () => {
			const name = unitName('同名企业')
			const plan = await planImport(prisma, await companiesImport(`企业名称,所属行业\n${name},稀土新材料\n另一家${name},稀土新材料\n`))
			expect(plan.outcome).toMatchObject({ created: 2, skipped: 0, errors: [] })
			// Saved while the import was being checked.
			await prisma.company.create({ data: { name, isLocal: true }, select: { id: true } })

			const outcome = await publishImport(prisma, plan)
			expect(outcome).toMatchObject({ created: 1, skipped: 1, errors: [] })
			expect(await prisma.company.count({ where: { name } })).toBe(1)
			expect(await prisma.company.count({ where: { name: `另一家${name}` } })).toBe(1)
		})

		it("the plan's mark ignores writes elsewhere and moves with every change to what validation reads", async () => {
			const user = await prisma.user.findFirstOrThrow({ select: { id: true } })
			const before = await dependencyMark(prisma, 'companies')
			await prisma.savedView.create({ data: { userId: user.id, page: 'companies', name: unitName('视图'), query: 'q=稀土' }, select: { id: true } })
			await prisma.lead.updateMany({ data: { updatedAt: new Date() } })
			expect(await dependencyMark(prisma, 'companies')).toBe(before)
			// …but a lead import watches leads.
			expect(await dependencyMark(prisma, 'leads')).not.toBe(await dependencyMark(prisma, 'companies'))

			const company = await prisma.company.findFirstOrThrow({ select: { id: true } })
			await prisma.company.update({ where: { id: company.id }, data: { contactName: '新联系人' }, select: { id: true } })
			const edited = await dependencyMark(prisma, 'companies')
			expect(edited).not.toBe(before)
			await prisma.companyAlias.create({ data: { companyId: company.id, kind: 'short', name: unitName('简称') }, select: { id: true } })
			expect(await dependencyMark(prisma, 'companies')).not.toBe(edited)
		})
	})
})
