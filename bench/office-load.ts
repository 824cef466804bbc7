// An office at work (issues #11 and #12 §5): virtual users sign in, list and
// search companies, open the lead board, log visits and move leads on a running
// server, over HTTP, while one of them may upload and commit an import through
// the import page's endpoints. The "mixed" workload (the concurrent-users bench)
// adds the home dashboard, company and lead pages, the quota dashboard and new
// leads. Used by the office load and concurrent users benches (figures) and by
// tests/e2e/office-load.test.ts (no failures, the import commits, every write
// lands). The server's database may be SQLite or PostgreSQL; traffic goes to
// localhost only.
import Database from 'better-sqlite3'
import pg from 'pg'

export type OfficeLoadOptions = {
	baseUrl: string
	/** The server's database (`file:…` or `postgresql://…`): the driver reads lead and company ids from it before starting. */
	databaseUrl: string
	users: number
	durationMs: number
	/** Rows of the companies CSV imported meanwhile; 0 for none (the baseline). */
	importRows: number
	/** Every fourth user (0, 4, 8…) signs in as the next of `managers`, the others as the next of `staff`; accounts are reused round-robin. */
	credentials: { managers: Account[]; staff: Account[] }
	/**
	 * "office" (issue #11, the default): lists, searches, the board, visits (staff) and moves (managers).
	 * "mixed" (issue #12 §5): also the home dashboard, company and lead pages, the quota dashboard (managers)
	 * and new leads on companies without one (managers).
	 */
	mix?: 'office' | 'mixed'
	/** One colleague arrives every this many ms (default 500). */
	arrivalGapMs?: number
}

type Account = { username: string; password: string }

export type RequestKind = 'login' | 'home' | 'list' | 'search' | 'company' | 'board' | 'lead' | 'quotas' | 'logVisit' | 'moveLead' | 'createLead' | 'import'
/** One request: its kind, its time, when it started (ms after the run began), and whether an import ran meanwhile. */
type Sample = { kind: RequestKind; ms: number; at: number; during: boolean }

export type OfficeLoadResult = {
	samples: Sample[]
	failures: { kind: RequestKind; status: number | string; at: number; detail?: string }[]
	writes: { visits: number; moves: number; leads: number }
	importResult: { status: string; created: number; ms: number; error: unknown } | null
}

const SEARCHES = ['稀土', '永磁', '电机', '赣州', '钕铁硼', '新能源']

/** fetch's "fetch failed" with what lay under it (a reset socket, a refused connection). */
const errorText = (error: unknown) => {
	const cause = (error as { cause?: unknown }).cause
	return cause ? `${String(error)}: ${cause instanceof Error ? cause.message : JSON.stringify(cause)}` : String(error)
}

/** The session cookie of a sign-in (a 302 with Set-Cookie), or null. */
async function signIn(baseUrl: string, username: string, password: string) {
	const response = await fetch(`${baseUrl}/login`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ username, password, redirectTo: '/' }),
		redirect: 'manual',
	})
	await response.arrayBuffer()
	const cookie = response.headers.get('Set-Cookie')?.split(';')[0]
	return { status: response.status, cookie: response.status === 302 && cookie ? cookie : null }
}

function companiesCsv(rows: number, prefix: string) {
	// Columns staff may fill (资质 and revenue are counted facts, for managers).
	const lines = ['企业名称,所属行业,联系人,联系电话,地址']
	for (let i = 0; i < rows; i++)
		lines.push(`${prefix}${i}号有限公司,稀土新材料,联系人${i % 97},0797-${String(1_000_000 + i).slice(-7)},赣州市赣县区工业园${i % 50}号`)
	return new TextEncoder().encode(lines.join('\r\n'))
}

type OpenLead = { id: string; stage: string; owner: string }
/** What the users work on: open leads with their owners, companies to open, companies without a lead (for new leads), the users' ids. */
type Workload = { leads: OpenLead[]; companies: string[]; unleaded: string[]; users: Map<string, { id: string; unitId: string | null }> }

const WORKLOAD_SQL = {
	leads: `SELECT "Lead"."id" AS "id", "Lead"."stage" AS "stage", "User"."username" AS "owner" FROM "Lead" JOIN "User" ON "User"."id" = "Lead"."ownerId" WHERE "Lead"."stage" IN ('new', 'contacted', 'visited', 'negotiating') ORDER BY "Lead"."id"`,
	// Every 97th company by id: spread over the seed and the generated ones alike.
	companies: `SELECT "id" FROM (SELECT "id", ROW_NUMBER() OVER (ORDER BY "id") AS "n" FROM "Company") AS "c" WHERE "n" % 97 = 1 ORDER BY "id" LIMIT 1000`,
	unleaded: `SELECT "id" FROM "Company" WHERE NOT EXISTS (SELECT 1 FROM "Lead" WHERE "Lead"."companyId" = "Company"."id") ORDER BY "id" DESC LIMIT 2000`,
	users: `SELECT "id", "username", "unitId" FROM "User"`,
}

/** Reads the workload from the server's database (SQLite file or PostgreSQL), read-only, before the run. */
async function readWorkload(databaseUrl: string): Promise<Workload> {
	let rows: { [K in keyof typeof WORKLOAD_SQL]: Record<string, unknown>[] }
	if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
		const client = new pg.Client({ connectionString: databaseUrl })
		await client.connect()
		try {
			const run = async (sql: string) => (await client.query(sql)).rows as Record<string, unknown>[]
			rows = {
				leads: await run(WORKLOAD_SQL.leads),
				companies: await run(WORKLOAD_SQL.companies),
				unleaded: await run(WORKLOAD_SQL.unleaded),
				users: await run(WORKLOAD_SQL.users),
			}
		} finally {
			await client.end()
		}
	} else {
		const db = new Database(databaseUrl.replace(/^file:/, ''), { readonly: true })
		try {
			const run = (sql: string) => db.prepare(sql).all() as Record<string, unknown>[]
			rows = { leads: run(WORKLOAD_SQL.leads), companies: run(WORKLOAD_SQL.companies), unleaded: run(WORKLOAD_SQL.unleaded), users: run(WORKLOAD_SQL.users) }
		} finally {
			db.close()
		}
	}
	return {
		leads: rows.leads as OpenLead[],
		companies: rows.companies.map((r) => String(r.id)),
		unleaded: rows.unleaded.map((r) => String(r.id)),
		users: new Map((rows.users as { id: string; username: string; unitId: string | null }[]).map((r) => [r.username, { id: r.id, unitId: r.unitId }])),
	}
}

export async function runOfficeLoad(options: OfficeLoadOptions): Promise<OfficeLoadResult> {
	const { baseUrl } = options
	const mixed = options.mix === 'mixed'
	const samples: Sample[] = []
	const failures: OfficeLoadResult['failures'] = []
	const writes = { visits: 0, moves: 0, leads: 0 }
	const started = performance.now()
	let importing = false

	/** One timed request; anything but the expected status is a failure. */
	async function timed(kind: RequestKind, expected: number, send: () => Promise<Response>) {
		const t0 = performance.now()
		try {
			const response = await send()
			const body = await response.arrayBuffer()
			samples.push({ kind, ms: performance.now() - t0, at: t0 - started, during: importing })
			// What the server said, to find the cause; a page's head is no use, an error's first line is.
			if (response.status !== expected) failures.push({ kind, status: response.status, at: t0 - started, detail: new TextDecoder().decode(body.slice(0, 300)) })
			return response
		} catch (error) {
			failures.push({ kind, status: errorText(error), at: t0 - started })
			return null
		}
	}

	// Open leads with their owners: staff log visits on their own, each manager moves a lead no other mover has.
	const { leads, companies, unleaded, users } = await readWorkload(options.databaseUrl)
	const leadFor = (n: number, username: string, isManager: boolean) => {
		const own = isManager ? leads : leads.filter((l) => l.owner === username)
		if (own.length === 0) throw new Error(`no open lead for ${username}`)
		return own[(isManager ? n / 4 : n) % own.length]!
	}

	const deadline = started + options.durationMs
	const arrivalGapMs = options.arrivalGapMs ?? 500
	const managers = Math.ceil(options.users / 4)
	async function user(n: number) {
		const isManager = n % 4 === 0
		const { managers: managerAccounts, staff: staffAccounts } = options.credentials
		const account = isManager ? managerAccounts[(n / 4) % managerAccounts.length]! : staffAccounts[(n - Math.ceil(n / 4)) % staffAccounts.length]!
		let cookie: string | null = null
		const lead = leadFor(n, account.username, isManager)
		let stage = lead.stage
		// Colleagues arrive one after another, by default a sign-in every half second (the rhythm issue #11
		// measured the import against), and stay signed in: a session lasts the working day.
		await new Promise((resolve) => setTimeout(resolve, n * arrivalGapMs))
		const me = users.get(account.username)
		let created = 0
		type Form = (fields: Record<string, string>) => RequestInit
		/** Issue #12 §5's mix, eight clicks a round; the writes come second and (managers) third, so even a short run on a busy machine has some. */
		async function mixedStep(step: number, headers: Record<string, string>, form: Form) {
			const company = companies[(n * 31 + step * 7) % companies.length]!
			switch (step % 8) {
				case 0:
					await timed('home', 200, () => fetch(`${baseUrl}/`, { headers }))
					break
				case 1:
					if (isManager) {
						const to = stage === 'contacted' ? 'negotiating' : 'contacted'
						if ((await timed('moveLead', 200, () => fetch(`${baseUrl}/leads?index`, form({ leadId: lead.id, toStage: to }))))?.status === 200) {
							stage = to
							writes.moves++
						}
					} else if (
						(
							await timed('logVisit', 200, () =>
								fetch(
									`${baseUrl}/leads/${lead.id}`,
									form({ intent: 'logActivity', kind: 'call', date: new Date().toISOString().slice(0, 10), notes: `负载测试 ${n}-${step}` }),
								),
							)
						)?.status === 200
					)
						writes.visits++
					break
				case 2: {
					// Each manager opens leads on companies of its own, so no two ask for the same one.
					const target = isManager && me ? unleaded[Math.floor(n / 4) + managers * created] : undefined
					if (!target || !me) {
						await timed('lead', 200, () => fetch(`${baseUrl}/leads/${lead.id}`, { headers }))
						break
					}
					created++
					const fields = {
						companyId: target,
						ownerId: me.id,
						unitId: me.unitId ?? '',
						regionId: '',
						priority: 'medium',
						source: 'other',
						nextActionDate: '',
						notes: `负载测试 ${n}-${step}`,
					}
					if ((await timed('createLead', 302, () => fetch(`${baseUrl}/leads/new`, { ...form(fields), redirect: 'manual' })))?.status === 302) writes.leads++
					break
				}
				case 3:
					if (isManager) await timed('quotas', 200, () => fetch(`${baseUrl}/quotas`, { headers }))
					else await timed('list', 200, () => fetch(`${baseUrl}/companies`, { headers }))
					break
				case 4:
					await timed('search', 200, () => fetch(`${baseUrl}/companies?q=${encodeURIComponent(SEARCHES[(n + step) % SEARCHES.length]!)}`, { headers }))
					break
				case 5:
					await timed('company', 200, () => fetch(`${baseUrl}/companies/${company}`, { headers }))
					break
				case 6:
					await timed('board', 200, () => fetch(`${baseUrl}/leads?view=board`, { headers }))
					break
				case 7:
					await timed('list', 200, () => fetch(`${baseUrl}/${isManager ? 'leads' : 'companies?sort=updatedAt'}`, { headers }))
					break
			}
		}
		/** Issue #11's office, five clicks a round. */
		async function officeStep(step: number, headers: Record<string, string>, form: Form) {
			// The writes come second and third, so even a short run on a busy machine has some.
			switch (step % 5) {
				case 0:
					await timed('list', 200, () => fetch(`${baseUrl}/companies`, { headers }))
					break
				case 1:
					if (
						(
							await timed('logVisit', 200, () =>
								fetch(
									`${baseUrl}/leads/${lead.id}`,
									form({ intent: 'logActivity', kind: 'call', date: new Date().toISOString().slice(0, 10), notes: `负载测试 ${n}-${step}` }),
								),
							)
						)?.status === 200
					)
						writes.visits++
					break
				case 2: {
					if (!isManager) {
						await timed('list', 200, () => fetch(`${baseUrl}/companies?sort=updatedAt`, { headers }))
						break
					}
					const to = stage === 'contacted' ? 'negotiating' : 'contacted'
					if ((await timed('moveLead', 200, () => fetch(`${baseUrl}/leads?index`, form({ leadId: lead.id, toStage: to }))))?.status === 200) {
						stage = to
						writes.moves++
					}
					break
				}
				case 3:
					await timed('search', 200, () => fetch(`${baseUrl}/companies?q=${encodeURIComponent(SEARCHES[step % SEARCHES.length]!)}`, { headers }))
					break
				case 4:
					await timed('board', 200, () => fetch(`${baseUrl}/leads?view=board`, { headers }))
					break
			}
		}
		for (let step = 0; performance.now() < deadline; step++) {
			if (cookie === null) {
				const t0 = performance.now()
				const answer = await signIn(baseUrl, account.username, account.password).catch((error: unknown) => ({ status: errorText(error), cookie: null }))
				samples.push({ kind: 'login', ms: performance.now() - t0, at: t0 - started, during: importing })
				if (!answer.cookie) {
					failures.push({ kind: 'login', status: answer.status, at: t0 - started })
					await new Promise((resolve) => setTimeout(resolve, 500))
					continue
				}
				cookie = answer.cookie
			}
			const headers = { Cookie: cookie }
			const form: Form = (fields) => ({
				method: 'POST',
				headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams(fields),
			})
			if (mixed) await mixedStep(step, headers, form)
			else await officeStep(step, headers, form)
			// Think time: people read the page before the next click (1–3 s).
			await new Promise((resolve) => setTimeout(resolve, 1000 + ((n * 373 + step * 537) % 2000)))
		}
	}

	async function importer(): Promise<OfficeLoadResult['importResult']> {
		if (options.importRows === 0) return null
		// Let the office warm up first.
		await new Promise((resolve) => setTimeout(resolve, Math.min(5000, options.durationMs / 6)))
		const { cookie } = await signIn(baseUrl, options.credentials.staff[0]!.username, options.credentials.staff[0]!.password)
		if (!cookie) throw new Error('the importer could not sign in')
		importing = true
		const t0 = performance.now()
		const body = new FormData()
		body.set('kind', 'companies')
		body.set('file', new File([companiesCsv(options.importRows, `负载导入${Date.now() % 100_000}`)], '负载测试企业.csv'))
		const uploaded = await timed('import', 302, () =>
			fetch(`${baseUrl}/data/import`, { method: 'POST', headers: { Cookie: cookie }, body, redirect: 'manual' }),
		)
		const id = uploaded?.headers.get('Location')?.split('/').pop()
		if (!id) throw new Error(`the upload was refused (${uploaded?.status})`)
		await timed('import', 200, () =>
			fetch(`${baseUrl}/data/import/${id}`, {
				method: 'POST',
				headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ intent: 'commit' }),
			}),
		)
		for (;;) {
			const response = await fetch(`${baseUrl}/data/import/jobs/${id}`, { headers: { Cookie: cookie } })
			const job = (await response.json()) as { status: string; result: { created: number } | null; error: unknown }
			if (job.status !== 'running') {
				importing = false
				return { status: job.status, created: job.result?.created ?? 0, ms: performance.now() - t0, error: job.error }
			}
			await new Promise((resolve) => setTimeout(resolve, 500))
		}
	}

	const [importResult] = await Promise.all([importer(), ...Array.from({ length: options.users }, (_, n) => user(n))])
	return { samples, failures, writes, importResult }
}

/** Nearest-rank percentile of the request times, in ms. */
export function percentile(samples: readonly Sample[], p: number) {
	const sorted = samples.map((s) => s.ms).sort((a, b) => a - b)
	return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)]!
}
