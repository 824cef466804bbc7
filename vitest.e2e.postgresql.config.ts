// The browser tests on PostgreSQL (ADR 0034): `TEST_DATABASE_URL=… vitest run --config
// vitest.e2e.postgresql.config.ts` after `npm run build` (npm test runs it whenever that server answers).
// The servers run on databases made on that server from a migrated and seeded template
// (tests/e2e/server-setup.ts), dropped afterwards. tests/postgresql-files.ts says which files run.
import { defineConfig } from 'vitest/config'
import { postgresqlBrowserTestFiles } from './tests/postgresql-files'
import base from './vitest.e2e.config'

process.env.TEST_ENGINE = 'postgresql'

export default defineConfig({ ...base, test: { ...base.test, include: postgresqlBrowserTestFiles } })
