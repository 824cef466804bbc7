// An office at work while a colleague imports a large file (issue #11): virtual
// users sign in, list and search companies, open the lead board, log visits and
// move leads on a running server, over HTTP, while one of them uploads and
// commits an import through the import page's endpoints. Used by the office
// load bench (figures) and by tests/e2e/office-load.test.ts (no failures, the
// import commits, every write lands). Traffic goes to localhost only.
import Database from 'better-sqlite3'

export type OfficeLoadOptions = {
	baseUrl: string
	/** The server's SQLite file: the driver reads lead ids from it before starting. */
	databaseFile: string
	users: number
	durationMs: number
	/** Rows of the companies CSV imported meanwhile; 0 for none (the baseline). */
	importRows: number
	credentials: { manager: { username: string; password: string }; staff: { username: string; password: string }[] }
}

export type RequestKind = 'login' | 'list' | 'search' | 'board' | 'logVisit' | 'moveLead' | 'import'
/** One request: its kind, its time, when it started (ms after the run began), and whether an import ran meanwhile. */
type Sample = { kind: RequestKind; ms: number; at: number; during: boolean }

export type OfficeLoadResult = {
	samples: Sample[]
	failures: { kind: RequestKind; status: number | string; at: number }[]
	writes: { visits: number; moves: number }
	importResult: { status: string; created: number; ms: number; error: unknown } | null
}

const SEARCHES = ['稀土', '永磁', '电机', '赣州', '钕铁硼', '新能源']

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
	for (let i = 0; i < rows; i++) lines.push(`${prefix}${i}号有限公司,稀土新材料,联系人${i % 97},0797-${String(1_000_000 + i).slice(-7)},赣州市赣县区工业园${i % 50}号`)
	return new TextEncoder().encode(lines.join('\r\n'))
}

export async function runOfficeLoad(options: OfficeLoadOptions): Promise<OfficeLoadResult> {
	const { baseUrl } = options
	const samples: Sample[] = []
	const failures: OfficeLoadResult['failures'] = []
	const writes = { visits: 0, moves: 0 }
	const started = performance.now()
	let importing = false

	/** One timed request; anything but the expected status is a failure. */
	async function timed(kind: RequestKind, expected: number, send: () => Promise<Response>) {
		const t0 = performance.now()
		try {
			const response = await send()
			await response.arrayBuffer()
			samples.push({ kind, ms: performance.now() - t0, at: t0 - started, during: importing })
			if (response.status !== expected) failures.push({ kind, status: response.status, at: t0 - started })
			return response
		} catch (error) {
			failures.push({ kind, status: String(error), at: t0 - started })
			return null
		}
	}

	// Open leads with their owners: staff log visits on their own, each manager moves a lead no other mover has.
	const db = new Database(options.databaseFile, { readonly: true })
	const leads = db
		.prepare(`SELECT "Lead"."id" AS "id", "Lead"."stage" AS "stage", "User"."username" AS "owner" FROM "Lead" JOIN "User" ON "User"."id" = "Lead"."ownerId" WHERE "Lead"."stage" IN ('new', 'contacted', 'visited', 'negotiating') ORDER BY "Lead"."id"`)
		.all() as { id: string; stage: string; owner: string }[]
	db.close()
	const leadFor = (n: number, username: string, isManager: boolean) => {
		const own = isManager ? leads : leads.filter((l) => l.owner === username)
		if (own.length === 0) throw new Error(`no open lead for ${username}`)
		return own[(isManager ? n / 4 : n) % own.length]!
	}

	const deadline = started + options.durationMs
	const ARRIVAL_GAP_MS = 500
	async function user(n: number) {
		const isManager = n % 4 === 0
		const account = isManager ? options.credentials.manager : options.credentials.staff[n % options.credentials.staff.length]!
		let cookie: string | null = null
		const lead = leadFor(n, account.username, isManager)
		let stage = lead.stage
		// Colleagues arrive one after another, a sign-in every half second (the rhythm issue #11 measured the
		// import against), and stay signed in: a session lasts the working day.
		await new Promise((resolve) => setTimeout(resolve, n * ARRIVAL_GAP_MS))
		for (let step = 0; performance.now() < deadline; step++) {
			if (cookie === null) {
				const t0 = performance.now()
				const answer = await signIn(baseUrl, account.username, account.password).catch((error: unknown) => ({ status: String(error), cookie: null }))
				samples.push({ kind: 'login', ms: performance.now() - t0, at: t0 - started, during: importing })
				if (!answer.cookie) {
					failures.push({ kind: 'login', status: answer.status, at: t0 - started })
					await new Promise((resolve) => setTimeout(resolve, 500))
					continue
				}
				cookie = answer.cookie
			}
			const headers = { Cookie: cookie }
			const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) })
			// The writes come second and third, so even a short run on a busy machine has some.
			switch (step % 5) {
				case 0:
					await timed('list', 200, () => fetch(`${baseUrl}/companies`, { headers }))
					break
				case 1:
					if ((await timed('logVisit', 200, () => fetch(`${baseUrl}/leads/${lead.id}`, form({ intent: 'logActivity', kind: 'call', date: new Date().toISOString().slice(0, 10), notes: `负载测试 ${n}-${step}` }))))?.status === 200) writes.visits++
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
		const uploaded = await timed('import', 302, () => fetch(`${baseUrl}/data/import`, { method: 'POST', headers: { Cookie: cookie }, body, redirect: 'manual' }))
		const id = uploaded?.headers.get('Location')?.split('/').pop()
		if (!id) throw new Error(`the upload was refused (${uploaded?.status})`)
		await timed('import', 200, () =>
			fetch(`${baseUrl}/data/import/${id}`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ intent: 'commit' }) }),
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
