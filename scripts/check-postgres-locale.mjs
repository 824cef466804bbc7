// Before `npm start` migrates a PostgreSQL database (ADR 0023): is it created as the README says?
// Under another collation names sort differently from SQLite, and under LC_CTYPE 'C' the company
// search (pg_trgm) finds no Chinese words. Says so loudly; the database is the administrator's.
import pg from 'pg'

const url = process.env.DATABASE_URL
const client = new pg.Client({ connectionString: url })
try {
	await client.connect()
	const { rows } = await client.query('SELECT datcollate AS "collate", datctype AS "ctype" FROM pg_database WHERE datname = current_database()')
	const { collate, ctype } = rows[0] ?? {}
	const problems = []
	// C, POSIX and C.UTF-8 all sort by code point, as SQLite does.
	if (!/^(C|POSIX)(\.utf-?8)?$/i.test(String(collate)))
		problems.push(`LC_COLLATE is '${collate}', not 'C': names and titles sort differently from the SQLite installation`)
	if (!/utf-?8/i.test(String(ctype))) problems.push(`LC_CTYPE is '${ctype}', not a UTF-8 locale: company search cannot find Chinese names`)
	if (problems.length > 0) {
		console.warn(
			`\n⚠ This PostgreSQL database is not created as ChainLead expects:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
				`  Create it with: CREATE DATABASE … TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8' (README, "On PostgreSQL").\n`,
		)
	}
} finally {
	await client.end().catch(() => {})
}
