import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { dataDirectory } from '~/db.server'

// Only the token's SHA-256 is stored, beside the database (like .session-secret):
// the token itself exists on the server console and in the setup page's form.
const tokenFile = () => path.join(dataDirectory(), '.setup-token')

const digest = (token: string) => crypto.createHash('sha256').update(token.trim(), 'utf8').digest()

/** A new one-time token for the first-run page; it replaces any earlier one. */
export function issueSetupToken() {
	const token = crypto.randomBytes(16).toString('hex')
	fs.mkdirSync(dataDirectory(), { recursive: true })
	fs.writeFileSync(tokenFile(), `${digest(token).toString('hex')}\n`, { mode: 0o600 })
	return token
}

export function hasSetupToken() {
	return fs.existsSync(tokenFile())
}

/** Whether `candidate` is the current token, compared in constant time. */
export function setupTokenMatches(candidate: string) {
	let stored: Buffer
	try {
		stored = Buffer.from(fs.readFileSync(tokenFile(), 'utf8').trim(), 'hex')
	} catch {
		return false
	}
	const typed = digest(candidate)
	return stored.length === typed.length && crypto.timingSafeEqual(stored, typed)
}

/** Used once: gone when the first admin exists. */
export function removeSetupToken() {
	fs.rmSync(tokenFile(), { force: true })
}
