import crypto from 'node:crypto'
import { type Db } from '~/db.server'
import { DEMO_PASSWORDS } from '~/domain/auth/password-policy'
import { sampleRecordOwners, type SetupData } from '~/domain/setup/first-run'
import { type Refusal, refusal } from '~/utils/forms'
import { hashPassword, verifyPassword } from '~/utils/password-hash.server'
import { recordAudit } from './audit.server'
import { flushCompanySearch } from './company-search.server'
import { insertSeedData, NO_SEED_DATA, readSeedFiles } from './seed.server'
import { issueSetupToken, removeSetupToken, setupTokenMatches } from './setup-token.server'

export type ServeMode = 'demo' | 'install'

// Accounts are disabled, never deleted, so once a database has one, setup is
// over for good and the check costs nothing afterwards.
const databasesWithAccounts = new WeakSet<Db>()

/** True while the database has no account at all: every page then leads to /setup. */
export async function isSetupPending(db: Db) {
	if (databasesWithAccounts.has(db)) return false
	if ((await db.user.count()) === 0) return true
	databasesWithAccounts.add(db)
	return false
}

export type DemoLogin = { username: string; name: string; role: string; unit: string | null; password: string }

/**
 * Enabled accounts whose password is still one that `npm start` prints for
 * the demo (seeds/users.json): every hash is checked against every demo
 * password, so an account created or reset with one is found too.
 */
export async function findDemoPasswordAccounts(db: Db): Promise<DemoLogin[]> {
	const users = await db.user.findMany({
		where: { disabledAt: null },
		orderBy: [{ role: 'asc' }, { username: 'asc' }],
		select: { username: true, name: true, role: true, unit: { select: { name: true } }, password: { select: { hash: true } } },
	})
	const found: DemoLogin[] = []
	for (const user of users) {
		if (!user.password) continue
		for (const password of DEMO_PASSWORDS) {
			if (await verifyPassword(password, user.password.hash)) {
				found.push({ username: user.username, name: user.name, role: user.role, unit: user.unit?.name ?? null, password })
				break
			}
		}
	}
	return found
}

export type Readiness =
	/** No account yet: the token that opens /setup, printed once on the console. */
	| { status: 'setup'; token: string }
	/** A real install while these accounts can still sign in with a public demo password. */
	| { status: 'refused'; accounts: DemoLogin[] }
	/** Serve; in demo mode, with the demo logins that work. */
	| { status: 'ready'; demoLogins: DemoLogin[] }

/** What the HTTP server must do before it listens, for the mode it runs in. */
export async function prepareToServe(db: Db, mode: ServeMode): Promise<Readiness> {
	if (await isSetupPending(db)) return { status: 'setup', token: issueSetupToken() }
	removeSetupToken()
	const demoAccounts = await findDemoPasswordAccounts(db)
	if (mode === 'install' && demoAccounts.length > 0) return { status: 'refused', accounts: demoAccounts }
	return { status: 'ready', demoLogins: mode === 'demo' ? demoAccounts : [] }
}

/** Done, or refused with the message under its field (the token or the username; ADR 0045's Refusal). */
export type SetupResult = { ok: true } | Refusal

let running: Promise<unknown> = Promise.resolve()

/** One setup at a time: of two simultaneous posts with the token, the second finds the first's admin. */
function oneAtATime<T>(work: () => Promise<T>) {
	const result = running.then(work, work)
	running = result.catch(() => undefined)
	return result
}

/**
 * Creates the first admin and, when asked, the sample data, in one
 * transaction, then retires the setup token. In a real install the sample
 * records' owners are created disabled, with the hash of a random secret
 * nobody holds, so no demo login exists.
 */
export function completeFirstRunSetup(db: Db, setup: SetupData, ip: string | null): Promise<SetupResult> {
	return oneAtATime(async () => {
		if (!(await isSetupPending(db)) || !setupTokenMatches(setup.token)) return refusal({ token: 'setup.errors.wrongToken' })
		const { users, ...sampleData } = setup.data === 'sample' ? readSeedFiles() : { ...NO_SEED_DATA, users: [] }
		const owners = sampleRecordOwners({ users, crm: sampleData.crm })
		if (owners.some((owner) => owner.username === setup.username)) return refusal({ username: 'setup.errors.usernameInSample' })

		// Hash before the transaction: bcrypt is slow and SQLite holds the write lock.
		const [adminHash, ...ownerHashes] = await Promise.all([
			hashPassword(setup.password),
			...owners.map(() => hashPassword(crypto.randomBytes(32).toString('hex'))),
		])
		const admin = { username: setup.username, name: setup.name, role: 'admin', unit: null, hash: adminHash, disabled: false }
		const accounts = [...owners.map((owner, i) => ({ ...owner, hash: ownerHashes[i]!, disabled: true })), admin]
		await db.$transaction(
			async (tx) => {
				if ((await tx.user.count()) > 0) throw new Error('An account was created while setup was running')
				await insertSeedData(tx, sampleData, accounts)
				const { id } = await tx.user.findUniqueOrThrow({ where: { username: admin.username }, select: { id: true } })
				const after = { username: admin.username, name: admin.name, role: admin.role, setup: setup.data }
				await recordAudit(tx, { userId: id, entity: 'User', entityId: id, action: 'create', after, ip })
			},
			{ timeout: 60_000, maxWait: 10_000 },
		)
		databasesWithAccounts.add(db)
		removeSetupToken()
		// The sample companies were marked dirty by the triggers; index them (ADR 0018).
		await flushCompanySearch(db)
		return { ok: true }
	})
}
