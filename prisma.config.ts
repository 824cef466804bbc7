import fs from 'node:fs'
import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { ShadowSafeBetterSQLite3 } from './prisma/shadow-safe-adapter.ts'

// Prisma skips .env loading when a config file exists, so load it here.
if (!process.env.DATABASE_URL && fs.existsSync('.env')) process.loadEnvFile('.env')
// Without a resolvable DATABASE_URL the CLI tries to download a query engine
// (impossible offline), even for `prisma generate` in postinstall.
process.env.DATABASE_URL ??= 'file:./data/chainlead.db'

export default defineConfig({
	schema: path.join('prisma', 'schema.prisma'),
	migrations: { path: path.join('prisma', 'migrations') },
	experimental: { adapter: true, externalTables: true },
	// The company search index (ADR 0018): an FTS5 table made by hand in its migration, and
	// the shadow tables SQLite keeps for it. Prisma Migrate leaves them alone.
	tables: {
		external: ['CompanySearch', 'CompanySearch_config', 'CompanySearch_data', 'CompanySearch_docsize', 'CompanySearch_idx'],
	},
	engine: 'js',
	async adapter() {
		const url = process.env.DATABASE_URL!
		const file = url.replace(/^file:/, '')
		fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
		return new ShadowSafeBetterSQLite3({ url })
	},
})
