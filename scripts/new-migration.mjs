// Offline migration authoring: diff the checked-in migrations (replayed into a
// shadow DB) against schema.prisma. `--check` fails when they drift (CI).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

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

const migrationsDir = path.join('prisma', 'migrations')
fs.mkdirSync(migrationsDir, { recursive: true })
const hasMigrations = fs.readdirSync(migrationsDir).some((d) => fs.existsSync(path.join(migrationsDir, d, 'migration.sql')))
const from = hasMigrations ? ['--from-migrations', migrationsDir] : ['--from-empty']
const diffArgs = ['prisma', 'migrate', 'diff', ...from, '--to-schema-datamodel', path.join('prisma', 'schema.prisma'), '--script']

// The shadow DB lives in a temp file so authoring never touches data/.
const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'file:./data/chainlead.db' }
let sql
try {
	sql = execFileSync('npx', diffArgs, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
} catch (error) {
	console.error('prisma migrate diff failed')
	process.exit(1)
}
const empty = sql.trim() === '' || /This is an empty migration/.test(sql)
if (check) {
	if (empty) {
		console.log('Schema and migrations agree.')
		process.exit(0)
	}
	console.error('Schema drift: prisma/schema.prisma differs from prisma/migrations. Run `npm run db:migrate:new -- <name>`.\n')
	console.error(sql)
	process.exit(1)
}
if (empty) {
	console.log('No schema changes.')
	process.exit(0)
}
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)
const dir = path.join(migrationsDir, `${stamp}_${name}`)
fs.mkdirSync(dir)
fs.writeFileSync(path.join(dir, 'migration.sql'), sql)
const lock = path.join(migrationsDir, 'migration_lock.toml')
if (!fs.existsSync(lock)) fs.writeFileSync(lock, 'provider = "sqlite"\n')
console.log(`Wrote ${dir}/migration.sql`)
