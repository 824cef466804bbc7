// Offline migration authoring for both engines (ADR 0023): diff the checked-in
// migrations (replayed into a shadow database) against the schema, and write the
// SQLite and the PostgreSQL migration together. prisma/schema.prisma is the source;
// prisma/postgresql/schema.prisma is generated from it (scripts/postgres-schema.mjs).
// `--check` fails when either engine's migrations drift from the schema (CI). The
// PostgreSQL replay needs a server where it may create a temporary database
// (TEST_DATABASE_URL); without one, --check says so and checks the rest.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expectedPostgresSchema, postgresMigrationsDir, postgresSchemaPath, sqliteSchemaPath } from './postgres-schema.mjs'
import { reachPostgres, startServerHint } from './postgres.mjs'

const args = process.argv.slice(2)
const check = args.includes('--check')
const name = args.find((a) => !a.startsWith('--'))
if (!check && !name) {
	console.error('usage: npm run db:migrate:new -- <name>   |   --check')
	process.exit(64)
}
if (name && !/^[a-z0-9_]+$/.test(name)) {
	console.error('migration name: lowercase letters, digits and _ only')
	process.exit(64)
}

const engines = {
	sqlite: {
		label: 'SQLite',
		schema: sqliteSchemaPath,
		migrations: path.join('prisma', 'migrations'),
		configArgs: [],
		// The shadow DB is a temp file, so authoring never touches data/.
		env: { DATABASE_URL: process.env.DATABASE_URL?.startsWith('file:') ? process.env.DATABASE_URL : 'file:./data/chainlead.db' },
	},
	postgresql: {
		label: 'PostgreSQL',
		schema: postgresSchemaPath,
		migrations: postgresMigrationsDir,
		configArgs: ['--config', 'prisma.postgresql.config.ts'],
		// The shadow database is a temporary database on this server, dropped afterwards.
		env: { DATABASE_URL: process.env.TEST_DATABASE_URL },
	},
}

/** The SQL that takes `engine`'s migrations to its schema ('' when they agree). */
function diff(engine) {
	fs.mkdirSync(engine.migrations, { recursive: true })
	const hasMigrations = fs.readdirSync(engine.migrations).some((d) => fs.existsSync(path.join(engine.migrations, d, 'migration.sql')))
	const from = hasMigrations ? ['--from-migrations', engine.migrations] : ['--from-empty']
	const diffArgs = ['prisma', 'migrate', 'diff', ...from, '--to-schema-datamodel', engine.schema, '--script', ...engine.configArgs]
	let sql
	try {
		sql = execFileSync('npx', diffArgs, { env: { ...process.env, ...engine.env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
	} catch {
		throw new Error(`prisma migrate diff failed (${engine.label})`)
	}
	return sql.trim() === '' || /This is an empty migration/.test(sql) ? '' : sql
}

const postgres = await reachPostgres(process.env.TEST_DATABASE_URL)
const generated = expectedPostgresSchema()

if (check) {
	let drift = false
	const sqliteSql = diff(engines.sqlite)
	if (sqliteSql) {
		drift = true
		console.error('Schema drift: prisma/schema.prisma differs from prisma/migrations. Run `npm run db:migrate:new -- <name>`.\n')
		console.error(sqliteSql)
	}
	const current = fs.existsSync(postgresSchemaPath) ? fs.readFileSync(postgresSchemaPath, 'utf8') : ''
	if (current !== generated) {
		drift = true
		console.error(`Schema drift: ${postgresSchemaPath} is not what prisma/schema.prisma generates. Run \`npm run db:migrate:new -- <name>\`.`)
	} else if (postgres.ok) {
		const postgresSql = diff(engines.postgresql)
		if (postgresSql) {
			drift = true
			console.error(`Schema drift: ${postgresSchemaPath} differs from ${postgresMigrationsDir}. Run \`npm run db:migrate:new -- <name>\`.\n`)
			console.error(postgresSql)
		}
	} else {
		console.log(`Notice: PostgreSQL migrations not replayed (no server: ${postgres.reason}). ${startServerHint}`)
	}
	if (drift) process.exit(1)
	console.log(
		postgres.ok ? 'Schema and migrations agree (SQLite and PostgreSQL).' : 'Schema and migrations agree (SQLite; PostgreSQL schema generated from it).',
	)
	process.exit(0)
}

if (!postgres.ok) {
	console.error(`A new migration is written for both engines; the PostgreSQL one needs a server (${postgres.reason}).\n${startServerHint}`)
	process.exit(1)
}
const previous = fs.existsSync(postgresSchemaPath) ? fs.readFileSync(postgresSchemaPath, 'utf8') : null
// The PostgreSQL diff reads the generated schema from its file; if a diff fails, the file goes back to what it was,
// so a failed run leaves no schema without its migration behind.
fs.writeFileSync(postgresSchemaPath, generated)
let written
try {
	written = { sqlite: diff(engines.sqlite), postgresql: diff(engines.postgresql) }
} catch (error) {
	if (previous === null) fs.rmSync(postgresSchemaPath)
	else fs.writeFileSync(postgresSchemaPath, previous)
	console.error(error.message)
	process.exit(1)
}
if (!written.sqlite && !written.postgresql) {
	console.log('No schema changes.')
	process.exit(0)
}
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)
for (const [key, sql] of Object.entries(written)) {
	if (!sql) continue
	const engine = engines[key]
	const dir = path.join(engine.migrations, `${stamp}_${name}`)
	fs.mkdirSync(dir)
	fs.writeFileSync(path.join(dir, 'migration.sql'), sql)
	const lock = path.join(engine.migrations, 'migration_lock.toml')
	if (!fs.existsSync(lock)) fs.writeFileSync(lock, `provider = "${key}"\n`)
	console.log(`Wrote ${dir}/migration.sql`)
}
if (previous !== generated) console.log(`Wrote ${postgresSchemaPath}`)
