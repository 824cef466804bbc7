// Backing up a PostgreSQL installation as the README says (issue #11 §5, #12 §1): `pg_dump -Fc`, then
// `pg_restore --no-owner` into an empty database. Every row of every table comes back equal, the
// migrations are recorded as applied, and the app's SQL (the name-key function behind its expression
// indexes, pg_dump's empty search_path notwithstanding) works on the restored database.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, expect, test } from 'vitest'
import { createPrisma, databaseUrl, type Db, prisma } from '~/db.server'
import { companyNameKey } from '~/domain/company/duplicates'
import { companiesWithNameKeys } from '~/models/company-search.server'
import { tableDigests } from '~/models/database-copy.server'
import { createDatabase, dropDatabase, uniqueDatabaseName } from '../helpers/postgres-databases'

const run = promisify(execFile)
const server = process.env.TEST_DATABASE_URL!
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-pg-dump-'))
const target = uniqueDatabaseName('chainlead_restore')
let restored: Db | null = null

afterAll(async () => {
	await restored?.$disconnect()
	await dropDatabase(server, target)
	fs.rmSync(dir, { recursive: true, force: true })
})

test('pg_dump -Fc and pg_restore --no-owner into an empty database give back every row, the migrations and working name-key indexes', async () => {
	// Rows the seed does not make: odd text, the largest amount, a company found by its name key.
	const company = await prisma.company.create({
		data: {
			name: '赣州 （恒源） 稀土新材料有限公司',
			isLocal: true,
			revenueCNY: 9_223_372_036_854_775_807n,
			description: '=SUM(A1)\n"引号" 𠮷',
			aliases: { create: [{ kind: 'short', name: 'ＨＥＮＧＹＵＡＮ恒源' }] },
		},
		select: { id: true },
	})
	const dump = path.join(dir, 'chainlead.dump')
	await run('pg_dump', ['-Fc', '-f', dump, databaseUrl()])
	const url = await createDatabase(server, target)
	const restore = await run('pg_restore', ['--no-owner', '-d', url, dump])
	expect(restore.stderr).toBe('')

	restored = createPrisma(url)
	expect(await tableDigests(restored)).toEqual(await tableDigests(prisma))

	const status = await run('node_modules/.bin/prisma', ['migrate', 'status', '--config', 'prisma.postgresql.config.ts'], {
		env: { ...process.env, DATABASE_URL: url },
	})
	expect(status.stdout).toContain('Database schema is up to date')

	// The expression indexes call chainlead_company_name_key; the restored database must still answer through them.
	const byName = await companiesWithNameKeys(restored, [companyNameKey('赣州(恒源)稀土新材料有限公司')])
	const byAlias = await companiesWithNameKeys(restored, [companyNameKey('hengyuan恒源')])
	expect(byName).toEqual([company.id])
	expect(byAlias).toEqual([company.id])
	// And a write that maintains them succeeds.
	await restored.company.update({ where: { id: company.id }, data: { name: '赣州恒源稀土新材料股份有限公司' }, select: { id: true } })
	expect(await companiesWithNameKeys(restored, [companyNameKey('赣州恒源稀土新材料股份有限公司')])).toEqual([company.id])
})
