// What only the PostgreSQL engine does (ADR 0023); the shared integration suite runs on it too.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { expect, test, vi } from 'vitest'
import { createPrisma, dataDirectory, engineOf, prisma } from '~/db.server'
import { companyNameKey } from '~/domain/company/duplicates'
import { READ_POOL_SIZE } from '~/postgres-adapter.server'
import { runCli } from '../helpers/cli'

// Each CLI subprocess is a cold tsx start: seconds each, over ten on a loaded two-core machine, and a test here runs
// several. The default 30 s would fail these tests on load alone.
vi.setConfig({ testTimeout: 120_000 })

const cli = (...args: string[]) => runCli(args)

test('this file runs on PostgreSQL', () => {
	expect(engineOf()).toBe('postgresql')
})

test('backup and restore say, in Chinese and English, to use pg_dump and pg_restore, and write nothing', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-pg-backup-'))
	for (const args of [
		['backup', path.join(dir, 'set')],
		['backup', path.join(dir, 'copy.db')],
		['restore', dir],
	]) {
		const { code, stderr } = await cli(...args)
		expect(code).toBe(64)
		expect(stderr).toContain('请用 pg_dump 备份')
		expect(stderr).toContain('back it up with pg_dump')
		expect(stderr).toContain('pg_restore')
		expect(stderr).toContain(dataDirectory())
	}
	expect(fs.readdirSync(dir)).toEqual([])
	fs.rmSync(dir, { recursive: true, force: true })
})

test('writes wait for another client’s transaction (one write lock, as on SQLite); reads do not', async () => {
	const other = createPrisma(process.env.DATABASE_URL)
	const events: string[] = []
	let release!: () => void
	const held = new Promise<void>((resolve) => (release = resolve))
	let entered!: () => void
	const inside = new Promise<void>((resolve) => (entered = resolve))
	const first = prisma.$transaction(
		async (tx) => {
			await tx.unit.count()
			entered()
			await held
			events.push('first commits')
		},
		{ timeout: 60_000 },
	)
	await inside
	const second = other.$transaction(async (tx) => {
		events.push('second runs')
		return tx.unit.count()
	})
	// Waiters wait on the lock in PostgreSQL (not in this process): wait until the server says so.
	const waitersOnTheLock = async (n: number) => {
		for (;;) {
			const [{ waiting }] = await other.$queryRaw<
				[{ waiting: bigint }]
			>`SELECT count(*) AS "waiting" FROM pg_locks WHERE "locktype" = 'advisory' AND NOT "granted"`
			if (Number(waiting) >= n) return
			await new Promise((resolve) => setTimeout(resolve, 20))
		}
	}
	await waitersOnTheLock(1)
	// Reads go on meanwhile; a write (here one statement, outside any transaction) waits its turn, as on SQLite.
	expect(await other.user.count()).toBeGreaterThan(0)
	events.push('read')
	const third = createPrisma(process.env.DATABASE_URL)
	const write = third.user.updateMany({ where: { username: 'no-such-user' }, data: { name: 'x' } }).then(() => events.push('write'))
	await waitersOnTheLock(2)
	release()
	await Promise.all([first, second, write])
	expect(events.slice(0, 2)).toEqual(['read', 'first commits'])
	expect(events.slice(2).sort()).toEqual(['second runs', 'write'])
	await Promise.all([other.$disconnect(), third.$disconnect()])
})

test('writers of one process waiting for the lock queue without a connection: that process’s reads go on', async () => {
	const office = createPrisma(process.env.DATABASE_URL)
	let release!: () => void
	const held = new Promise<void>((resolve) => (release = resolve))
	let entered!: () => void
	const inside = new Promise<void>((resolve) => (entered = resolve))
	const events: string[] = []
	const importing = prisma.$transaction(
		async (tx) => {
			await tx.unit.count()
			entered()
			await held
			events.push('import commits')
		},
		{ timeout: 60_000 },
	)
	await inside
	// More waiting writers than the pool has connections (node-postgres: 10).
	const writes = Array.from({ length: 15 }, (_, i) =>
		office.user.updateMany({ where: { username: `no-such-user-${i}` }, data: { name: 'x' } }).then(() => events.push('write')),
	)
	await new Promise((resolve) => setTimeout(resolve, 300))
	expect(await office.user.count()).toBeGreaterThan(0)
	events.push('read')
	release()
	await Promise.all([importing, ...writes])
	expect(events.slice(0, 2)).toEqual(['read', 'import commits'])
	expect(events.filter((e) => e === 'write')).toHaveLength(15)
	await office.$disconnect()
})

test('a writer does not wait for the readers’ connections: with every one of them busy (and more reads queued), a write and a transaction still commit', async () => {
	const office = createPrisma(process.env.DATABASE_URL)
	const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL! })
	await blocker.connect()
	// Reads that wait for another session's advisory lock (not the write lock) until it lets go.
	const READS_KEY = 7_243_110_099
	await blocker.query(`SELECT pg_advisory_lock(${READS_KEY})`)
	const events: string[] = []
	const reads = Array.from({ length: READ_POOL_SIZE + 5 }, () =>
		office.$queryRawUnsafe(`SELECT 1 AS "ok" FROM (SELECT pg_advisory_xact_lock_shared(${READS_KEY})) AS "l"`).then(() => events.push('read')),
	)
	// Until the server shows every connection of the readers' pool waiting on that lock.
	for (;;) {
		const { rows } = await blocker.query(
			`SELECT count(*)::int AS "n" FROM pg_locks WHERE "locktype" = 'advisory' AND NOT "granted" AND "objid" = ${READS_KEY % 2 ** 32}`,
		)
		if (rows[0].n >= READ_POOL_SIZE) break
		await new Promise((resolve) => setTimeout(resolve, 20))
	}
	await office.user.updateMany({ where: { username: 'no-such-user' }, data: { name: 'x' } })
	events.push('write')
	await office.$transaction(async (tx) => {
		await tx.unit.count()
		await tx.user.updateMany({ where: { username: 'no-such-user' }, data: { name: 'y' } })
	})
	events.push('transaction')
	await blocker.query(`SELECT pg_advisory_unlock(${READS_KEY})`)
	await Promise.all(reads)
	expect(events.slice(0, 2)).toEqual(['write', 'transaction'])
	expect(events.filter((e) => e === 'read')).toHaveLength(READ_POOL_SIZE + 5)
	await Promise.all([office.$disconnect(), blocker.end()])
})

test('the name key PostgreSQL indexes is the app’s companyNameKey, written differently or not', async () => {
	const names = [
		'赣州恒源科技有限公司',
		'赣州恒源科技 股份有限公司',
		'ＡＢＣ（赣州）磁材有限责任公司',
		'abc(赣州)磁材',
		'赣州\u200b恒源\u3000科技\u00a0公司',
		'\ufeff赣州恒源科技股份公司',
		'公司',
		'有限公司',
		'Ganzhou Rare EARTH Co',
		'ÄÖ磁业有限公司',
		'\t赣州恒源\n科技\u2028有限公司',
	]
	const rows = await prisma.$queryRaw<{ name: string; key: string }[]>`
		SELECT n AS "name", chainlead_company_name_key(n) AS "key" FROM unnest(${names}::text[]) AS n`
	expect(rows.map((r) => [r.name, r.key])).toEqual(names.map((name) => [name, companyNameKey(name)]))
})

test('a transaction asking for REPEATABLE READ or SERIALIZABLE is refused before it writes: its snapshot would predate the write lock', async () => {
	const name = '隔离级别测试公司'
	// The generated client's types are SQLite's (only Serializable); PostgreSQL's client takes the others at run time.
	for (const isolationLevel of ['RepeatableRead', 'Serializable']) {
		const options = { isolationLevel } as { isolationLevel: 'Serializable' }
		await expect(prisma.$transaction((tx) => tx.company.create({ data: { name, isLocal: true }, select: { id: true } }), options)).rejects.toThrow(
			/READ COMMITTED/,
		)
	}
	expect(await prisma.company.count({ where: { name } })).toBe(0)
	// The refusal leaves the writer queue as it was: the next transaction goes through.
	await prisma.$transaction((tx) => tx.company.create({ data: { name, isLocal: true }, select: { id: true } }))
	expect(await prisma.company.count({ where: { name } })).toBe(1)
})
