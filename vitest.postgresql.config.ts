// The integration suite on PostgreSQL (ADR 0019): `TEST_DATABASE_URL=… vitest run --config
// vitest.postgresql.config.ts` (npm test runs it whenever that server answers). Each test file gets its
// own database, copied from a seeded template (tests/helpers/global-setup.ts). The files in
// tests/postgresql-files.ts run; docs/decisions/0019-postgresql.md says why the others do not yet.
import { defineConfig } from 'vitest/config'
import base from './vitest.config'
import { postgresqlTestFiles } from './tests/postgresql-files'

process.env.TEST_ENGINE = 'postgresql'

export default defineConfig({ ...base, test: { ...base.test, include: postgresqlTestFiles } })
