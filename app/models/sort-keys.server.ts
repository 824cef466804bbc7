// The 拼音 sort keys of company names and project titles (ADR 0027). Every writer of a name
// writes its key; SQL cannot compute one, so the migration that added the columns left them
// empty, and the server fills the empty ones at start, in slices, in the background.
import { setImmediate as pause } from 'node:timers/promises'
import { type Db, engineOf } from '~/db.server'
import { nameSortKey } from '~/domain/names/sort-key'
import { Prisma } from '~/generated/prisma/client'
import { jsonRows } from './sql-dialect.server'

const SLICE = 500

type Table = { table: 'Company' | 'Project'; text: 'name' | 'title'; key: 'nameSortKey' | 'titleSortKey' }
const TABLES: readonly Table[] = [
	{ table: 'Company', text: 'name', key: 'nameSortKey' },
	{ table: 'Project', text: 'title', key: 'titleSortKey' },
]

/**
 * Writes the sort key of every company and project that has none ('' : added by the migration,
 * or written by hand-made SQL), SLICE rows a transaction; returns how many it wrote. A row renamed
 * meanwhile is left to its writer, who wrote its key. `stopped` ends it between slices (shutdown).
 */
export async function fillMissingSortKeys(db: Db, { stopped = () => false }: { stopped?: () => boolean } = {}) {
	let written = 0
	for (const { table, text, key } of TABLES) {
		const [t, textColumn, keyColumn] = [Prisma.raw(`"${table}"`), Prisma.raw(`"${text}"`), Prisma.raw(`"${key}"`)]
		let after = ''
		while (!stopped()) {
			const count = await db.$transaction(async (tx) => {
				const rows = await tx.$queryRaw<{ id: string; text: string }[]>`
					SELECT "id", ${textColumn} AS "text" FROM ${t} WHERE ${keyColumn} = '' AND "id" > ${after} ORDER BY "id" LIMIT ${SLICE}`
				if (rows.length === 0) return 0
				after = rows[rows.length - 1]!.id
				const keys = JSON.stringify(rows.map((r) => ({ id: r.id, text: r.text, key: nameSortKey(r.text) })))
				const j = jsonRows(keys, { id: 'text', text: 'text', key: 'text' }, 'j')
				await tx.$executeRaw`UPDATE ${t} SET ${keyColumn} = j."key" FROM ${j} WHERE ${t}."id" = j."id" AND ${t}.${textColumn} = j."text"`
				// The search index's page order reads its own copy of the key (SQLite, ADR 0018).
				if (table === 'Company' && engineOf() === 'sqlite') {
					await tx.$executeRaw`UPDATE "CompanySearchEntry" SET "sortKey" = c."nameSortKey" FROM "Company" c
						WHERE c."id" = "CompanySearchEntry"."companyId" AND c."id" IN (SELECT "value" ->> 'id' FROM json_each(${keys}))`
				}
				return rows.length
			})
			written += count
			if (count < SLICE) break
			await pause()
		}
	}
	return written
}
