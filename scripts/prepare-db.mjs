import { ensureInstalled, prepareDatabase } from './lib.mjs'

ensureInstalled()
prepareDatabase()
