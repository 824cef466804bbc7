// prisma/schema.prisma (SQLite) is the one source of the data model; the
// PostgreSQL schema is derived from it here, never edited by hand (ADR 0023).
// What differs: the provider, the client's output folder, and the pg_trgm
// indexes company search uses on PostgreSQL (ADR 0023). The extension itself is
// created by the first PostgreSQL migration (Prisma's postgresqlExtensions preview
// reports it as missing on every diff replayed through the driver adapter).
import fs from 'node:fs'
import path from 'node:path'

export const sqliteSchemaPath = path.join('prisma', 'schema.prisma')
export const postgresDir = path.join('prisma', 'postgresql')
export const postgresSchemaPath = path.join(postgresDir, 'schema.prisma')
export const postgresMigrationsDir = path.join(postgresDir, 'migrations')

/** Trigram (GIN) indexes for `ILIKE '%q%'` on these columns, by model. */
const TRIGRAM_INDEXES = { Company: ['name'], CompanyAlias: ['name'] }

function replaceOnce(text, from, to) {
	if (!from.test(text)) throw new Error(`postgres-schema: ${from} not found in ${sqliteSchemaPath}`)
	return text.replace(from, to)
}

/** The PostgreSQL schema for the SQLite schema text `source`. */
export function postgresSchema(source) {
	let schema = source
	schema = replaceOnce(schema, /(generator client \{[^}]*?output\s*=\s*)"[^"]*"/, '$1"../../app/generated/prisma-pg"')
	schema = replaceOnce(schema, /(datasource db \{[^}]*?provider\s*=\s*)"sqlite"/, '$1"postgresql"')
	for (const [model, columns] of Object.entries(TRIGRAM_INDEXES)) {
		const block = new RegExp(`(\\nmodel ${model} \\{[^}]*?)\\n\\}`)
		const lines = columns.map((c) => `  @@index([${c}(ops: raw("gin_trgm_ops"))], type: Gin, map: "${model}_${c}_trgm_idx")`).join('\n')
		schema = replaceOnce(schema, block, `$1\n${lines}\n}`)
	}
	const header = [
		'// GENERATED from prisma/schema.prisma by scripts/postgres-schema.mjs — do not edit.',
		"// Change prisma/schema.prisma, then `npm run db:migrate:new -- <name>` writes both engines' migrations",
		'// and this file (docs/decisions/0023-postgresql.md).',
		'',
	].join('\n')
	return header + schema
}

/** The PostgreSQL schema as prisma/schema.prisma says it should be now. */
export function expectedPostgresSchema() {
	return postgresSchema(fs.readFileSync(sqliteSchemaPath, 'utf8'))
}
