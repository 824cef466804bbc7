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
