// The test files the PostgreSQL run takes (vitest.postgresql.config.ts): the whole integration suite
// but the files about SQLite itself, plus tests/postgresql/. docs/decisions/0023-postgresql.md says why.

/** Integration files that test SQLite's own machinery, with nothing to test on PostgreSQL. */
export const sqliteOnlyTestFiles = [
	// Backup sets and their restore copy a SQLite file; PostgreSQL is backed up with pg_dump (tests/postgresql/).
	'tests/integration/backup-restore.test.ts',
	// The copy `npm start` makes of a SQLite file before migrating it.
	'tests/integration/pre-migration-backup.test.ts',
	// The SQLite adapter's reader/writer connections, write gate and busy retries (ADR 0014).
	'tests/integration/write-discipline.test.ts',
	// Runs the SQLite migrations' SQL on a file; the PostgreSQL half is applied by every PostgreSQL run's migrate.
	'tests/integration/region-migration.test.ts',
]

export const postgresqlTestFiles = ['tests/integration/**/*.test.ts', 'tests/postgresql/**/*.test.ts']

/**
 * The browser tests the PostgreSQL run takes (vitest.e2e.postgresql.config.ts, ADR 0034): the files whose
 * server reads and writes through the engine in ways that differ (SQL per dialect, the write lock, search
 * and name-key indexes, row order), not the ones about pages, layout and HTTP, which the engine does not reach.
 */
export const postgresqlBrowserTestFiles = [
	// Sign-in, sessions, throttling, password changes and user admin; a real install's first run on an empty database.
	'tests/e2e/accounts.test.ts',
	'tests/e2e/first-run.test.ts',
	// Every loader and action by every kind of caller, with the region scope of records (ADR 0010, 0026).
	'tests/e2e/authorization.test.ts',
	'tests/e2e/record-access.test.ts',
	// CRM flows with XLSX import and export; imports committed on the worker thread, an interrupted one retried.
	'tests/e2e/crm.test.ts',
	'tests/e2e/import-jobs.test.ts',
	// Stale saves (ADR 0015) and colleagues writing at once under the write lock.
	'tests/e2e/concurrency.test.ts',
	// Reports issued and the periods they close, with their files.
	// (Regions, bulk lead changes, quota pages, search, duplicate warnings and the funnel are left to SQLite here, for
	// CI time: their PostgreSQL SQL is held by the integration run's quota-regions, region-scope, leads-bulk,
	// quota-sql-counting, company-search, company-duplicates and funnel files; what their browser tests add is the page.)
	'tests/e2e/issued-reports.test.ts',
	// U+0000 in forms and addresses: PostgreSQL's text cannot hold it, SQLite's can (ADR 0034).
	'tests/e2e/nul-characters.test.ts',
]
