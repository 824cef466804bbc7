// `npm start`: install if needed, migrate, seed the demo data when the database
// is empty (demo mode only), build, then serve with server/index.mjs, which says
// how it listens and prints the demo logins or the first-run setup token.
import { ensureInstalled, prepareDatabase, run } from './lib.mjs'

ensureInstalled()
prepareDatabase()
run('npm', ['run', 'build'])
run('node', ['server/index.mjs'], { env: { NODE_ENV: 'production' } })
