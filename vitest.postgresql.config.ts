// The integration suite on PostgreSQL (ADR 0023): `TEST_DATABASE_URL=… vitest run --config
// vitest.postgresql.config.ts` (npm test runs it whenever that server answers). Each test file gets its
// own database, copied from a seeded template (tests/helpers/global-setup.ts). tests/postgresql-files.ts
// says which files run.
import { defineConfig } from 'vitest/config'
import { postgresqlTestFiles, sqliteOnlyTestFiles } from './tests/postgresql-files'
import base from './vitest.config'

process.env.TEST_ENGINE = 'postgresql'

export default defineConfig({
	...base,
	test: { ...base.test, include: postgresqlTestFiles, exclude: [...(base.test?.exclude ?? ['**/node_modules/**']), ...sqliteOnlyTestFiles] },
})
