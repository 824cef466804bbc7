/** The integration test files the PostgreSQL run takes (ADR 0019 lists the others and why). */
export const postgresqlTestFiles = ['tests/integration/**/*.test.ts']
