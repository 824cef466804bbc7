import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { dataDirectory } from '~/db.server'

export const envSchema = z
	.object({
		/** A SQLite `file:` or a PostgreSQL `postgresql://` URL (ADR 0023). */
		DATABASE_URL: z
			.string()
			.regex(/^(file:|postgres(ql)?:\/\/)/, 'a file: (SQLite) or postgresql:// URL')
			.default('file:./data/chainlead.db'),
		/** Signs the session cookie. When unset, one is generated once and kept in data/. */
		SESSION_SECRET: z.string().min(32).optional(),
		/** Set to 1 when served over HTTPS so cookies get the Secure flag. */
		COOKIE_SECURE: z
			.enum(['0', '1'])
			.default('0')
			.transform((v) => v === '1'),
		/** A session ends after this many minutes without a request (sliding expiry). Default: a working day. */
		SESSION_IDLE_MINUTES: z.coerce
			.number()
			.int()
			.min(5)
			.max(30 * 24 * 60)
			.default(8 * 60),
		/** …and in any case this many days after sign-in. */
		SESSION_MAX_DAYS: z.coerce.number().int().min(1).max(90).default(7),
		/** Heap of the import worker (ADR 0017) in MB: an import that needs more fails, the server stays up. */
		IMPORT_WORKER_HEAP_MB: z.coerce.number().int().min(32).max(16_384).default(512),
	})
	.refine((env) => env.SESSION_IDLE_MINUTES <= env.SESSION_MAX_DAYS * 24 * 60, {
		path: ['SESSION_IDLE_MINUTES'],
		message: 'must not be longer than SESSION_MAX_DAYS',
	})

type Env = Omit<z.infer<typeof envSchema>, 'SESSION_SECRET'> & { SESSION_SECRET: string }

let cached: Env | undefined

export function getEnv(): Env {
	if (cached) return cached
	const parsed = envSchema.safeParse(process.env)
	if (!parsed.success) {
		throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`)
	}
	cached = { ...parsed.data, SESSION_SECRET: parsed.data.SESSION_SECRET ?? localSecret() }
	return cached
}

/** The sliding-expiry settings in milliseconds (see app/domain/auth/session-expiry.ts). */
export function sessionPolicy() {
	const env = getEnv()
	return { idleMs: env.SESSION_IDLE_MINUTES * 60_000, maxMs: env.SESSION_MAX_DAYS * 24 * 60 * 60_000 }
}

// Kept in the data folder (next to a SQLite database) so a fresh clone needs no setup
// and sessions survive restarts; a real deployment sets SESSION_SECRET instead.
function localSecret() {
	const dir = dataDirectory()
	const file = path.join(dir, '.session-secret')
	if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim()
	fs.mkdirSync(dir, { recursive: true })
	const secret = crypto.randomBytes(32).toString('hex')
	fs.writeFileSync(file, secret, { mode: 0o600 })
	return secret
}
