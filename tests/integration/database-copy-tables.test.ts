// The SQLite → PostgreSQL copy (tests/postgresql/database-copy.test.ts) lists its tables by hand, in
// the order their rows can be written: a table added to the schema must be added there too.
import { expect, test } from 'vitest'
import { Prisma } from '~/generated/prisma/client'
import { COPIED_TABLES, DATABASE_OWN_TABLES, SQLITE_ONLY_TABLES } from '~/models/database-copy.server'

test('the copy takes every table of the schema but SQLite’s search index and each database’s own revision count, each once', () => {
	const listed = [...COPIED_TABLES.map((t) => t.model), ...SQLITE_ONLY_TABLES, ...DATABASE_OWN_TABLES]
	expect(new Set(listed).size).toBe(listed.length)
	expect([...listed].sort()).toEqual(Object.values(Prisma.ModelName).sort())
})
