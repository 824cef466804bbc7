// `npm start`: install if needed, migrate, seed when empty, build, serve :3000.
import fs from 'node:fs'
import { bin, ensureInstalled, prepareDatabase, run } from './lib.mjs'

ensureInstalled()
prepareDatabase()
run('npm', ['run', 'build'])

const port = process.env.PORT ?? '3000'
const users = JSON.parse(fs.readFileSync('seeds/users.json', 'utf8'))
console.log(`\nChainLead (链招) is starting on http://localhost:${port}\n\nDemo logins (sample accounts from seeds/users.json):`)
for (const u of users) console.log(`  ${u.role.padEnd(8)} ${u.username.padEnd(10)} ${u.password}   ${u.name}${u.unit ? ` · ${u.unit}` : ''}`)
console.log('')

run(bin('remix-serve'), ['./build/server/index.js'], { env: { NODE_ENV: 'production', PORT: port } })
