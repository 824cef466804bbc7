// `npm run db:reset`: delete the SQLite file, re-apply migrations, re-seed.
// (prisma migrate reset cannot drop tables with the JS engine; see toolchain notes.)
import fs from 'node:fs'
import path from 'node:path'
import { databaseUrl, ensureInstalled, isPostgresUrl, prepareDatabase } from './lib.mjs'

ensureInstalled()
if (isPostgresUrl(databaseUrl())) {
	console.error('db:reset deletes a SQLite file. On PostgreSQL, drop and create the database (dropdb/createdb, see README), then `npm start` migrates it.')
	process.exit(64)
}
const file = path.resolve(databaseUrl().replace(/^file:/, ''))
for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
console.log(`Deleted ${file}`)
prepareDatabase()
