// 链上转化 at CRM scale (ADR 0032): the seed data plus 100,000 generated companies, 20,000 leads
// and 5,000 projects from demo:generate's generator. Times the pursuits' statement and the whole funnel
// page's data (gap analysis, prospects, every link, unit and owner) against
// a floor of raw better-sqlite3 counting the year's pursuits per link in one statement: the least a
// funnel must read (which leads and projects entered, and where), without any stage day; and the lead
// list opened from the chain's 立线索 number against the same list unfiltered.
import Database from 'better-sqlite3'
import { createPrisma, type Db } from '~/db.server'
import { parseLeadFilters } from '~/domain/lead/filters'
import { generateDemoData } from '~/models/demo-data.server'
import { loadPursuits } from '~/models/funnel-records.server'
import { loadChainFunnel } from '~/models/funnel.server'
import { listLeadsPage } from '~/models/lead.server'
import { seedDatabase } from '~/models/seed.server'
import { type Bench } from './run'
import { createTempDb } from './temp-db'

const SEED = 20261207
const COMPANIES = 100_000
const LEADS = 20_000
const PROJECTS = 5_000
const CHAIN = 'rare-earth-ganxian'
const YEAR = 2026
const AS_OF = '2026-11-30'
/** The generator's "today": leads were opened within the year before it. */
const NOW = new Date(`${AS_OF}T04:00:00Z`)
const WINDOW = { start: `${YEAR}-01-01`, end: `${YEAR}-12-31`, asOf: AS_OF }

/**
 * Per link of the chain, how many pursuits entered in the window: leads opened in it (China days)
 * at their company's links or their project's, and projects without a lead whose first stage day
 * lies in it, at their own links or their company's. The fastest single statement we wrote.
 */
function floorStatement(sql: Database.Database) {
	const statement = sql.prepare(`
		WITH "k" AS (SELECT "id" FROM "ChainLink" WHERE "chainId" = (SELECT "id" FROM "Chain" WHERE "slug" = ?)),
		"pursuit" AS (
			SELECT l."id", l."companyId", (SELECT MIN(p."id") FROM "Project" p WHERE p."leadId" = l."id") AS "projectId"
			FROM "Lead" l WHERE l."createdAt" >= ? AND l."createdAt" < ?
			UNION ALL
			SELECT p."id", p."companyId", p."id" FROM "Project" p
			WHERE p."leadId" IS NULL AND COALESCE(p."negotiatingDate", p."signedDate", p."startedDate", p."producingDate", p."terminatedDate") >= ?
				AND COALESCE(p."negotiatingDate", p."signedDate", p."startedDate", p."producingDate", p."terminatedDate") < ?
		),
		"placed" AS (
			SELECT x."id", pl."linkId" FROM "pursuit" x JOIN "ProjectLink" pl ON pl."projectId" = x."projectId"
			WHERE pl."linkId" IN (SELECT "id" FROM "k")
			UNION
			SELECT x."id", f."linkId" FROM "pursuit" x JOIN "CompanyLink" f ON f."companyId" = x."companyId"
			WHERE f."linkId" IN (SELECT "id" FROM "k") AND NOT EXISTS (SELECT 1 FROM "ProjectLink" pl WHERE pl."projectId" = x."projectId")
		)
		SELECT "linkId", count(*) AS "n" FROM "placed" GROUP BY "linkId"`)
	const chinaStart = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString().replace('Z', '')
	return () =>
		new Map(
			(statement.all(CHAIN, chinaStart(WINDOW.start), chinaStart('2026-12-01'), WINDOW.start, '2026-12-01') as { linkId: string; n: number }[]).map((r) => [
				r.linkId,
				r.n,
			]),
		)
}

export const funnelBench: Bench = {
	name: 'funnel (链上转化) at 100,000 companies',
	async run(measure) {
		process.stderr.write('  migrating, seeding and generating data…\n')
		const { file, url, remove } = createTempDb()
		let raw: Database.Database | undefined
		let prisma: Db | undefined
		try {
			prisma = createPrisma(url)
			const db = prisma
			await seedDatabase(db)
			const generated = await generateDemoData(url, { companies: COMPANIES, leads: LEADS, projects: PROJECTS, seed: SEED, now: NOW })
			raw = new Database(file, { readonly: true })
			const floor = floorStatement(raw)
			const chainId = raw.prepare(`SELECT "id" FROM "Chain" WHERE "slug" = ?`).pluck().get(CHAIN) as string
			const all = { kind: 'all' } as const
			const page = () => loadChainFunnel(db, { chain: CHAIN, year: YEAR, window: WINDOW, scope: all })
			const pursuits = () => loadPursuits(db, { chainId, window: WINDOW, scope: all })
			// The lead list as the whole chain's 立线索 opens it (every lead of the year), and the same list without the drill-down.
			const viewer = { id: 'bench', scope: all }
			const clock = { now: NOW }
			const drilled = () => listLeadsPage(db, parseLeadFilters(new URLSearchParams(`funnel=${CHAIN}&funnelPeriod=${YEAR}&funnelStage=opened`)), viewer, clock)
			const plain = () => listLeadsPage(db, parseLeadFilters(new URLSearchParams()), viewer, clock)

			// Both count the same pursuits at every link, or the ratio means nothing. (The floor's SQL ignores the
			// China-time window end for projects alike; AS_OF is the last day either reads.)
			const funnel = (await page())!
			const counted = floor()
			for (const link of funnel.links) {
				if ((counted.get(link.linkId) ?? 0) !== link.figures.pursuits)
					throw new Error(`${link.key}: the funnel counts ${link.figures.pursuits} pursuits, the floor ${counted.get(link.linkId) ?? 0}`)
			}
			const opened = funnel.total.stages[0]!
			const list = await drilled()
			if (list.total !== opened.reachedAs.leads)
				throw new Error(`the lead list's drill-down lists ${list.total} leads, the funnel counts ${opened.reachedAs.leads}`)
			const timings = await measure([
				{ key: 'a', label: 'raw SQL: the year’s pursuits per link, one statement (baseline)', fn: floor },
				{ key: 'b', label: '`loadPursuits`: every pursuit with its stage days, one statement', fn: pursuits },
				{ key: 'c', label: '`loadChainFunnel`: the funnel page’s data (gap analysis, prospects, links, units, owners)', fn: page },
				{ key: 'd', label: 'the lead list, first page and count (`listLeadsPage`), no filter (baseline of e)', fn: plain, baseline: 'd' },
				{ key: 'e', label: 'the same list opened from the chain’s 立线索: every lead of the year through the funnel filter', fn: drilled, baseline: 'd' },
			])
			const n = (value: number) => value.toLocaleString('en')
			const count = (table: string) => raw!.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number
			const stages = funnel.total.stages.map((s) => `${s.stage} ${n(s.reached)}`).join(', ')
			return {
				title: 'Funnel (链上转化): a year of the seeded chain at 100,000 companies',
				dataset: [
					`The seed data plus \`demo:generate\`'s generator (seed ${SEED}, “today” ${AS_OF}): ${n(generated.companies)} sample companies`,
					`(${n(generated.figures)} chain figures), ${n(generated.leads)} leads and ${n(generated.projects)} projects; ${n(count('Lead'))} leads, ${n(count('Project'))} projects,`,
					`${n(count('Activity'))} activities and ${n(count('LeadStageChange'))} stage changes in all. **Generated in ${n(generated.ms)} ms.** The funnel of ${YEAR}`,
					`for the rare-earth chain as of ${AS_OF}, the whole installation in view.`,
				].join(' '),
				timings,
				baselineKey: 'a',
				notes: [
					`Both count the same pursuits at each of the ${funnel.links.length} links; the chain's ${n(funnel.total.pursuits)} pursuits reached: ${stages}.`,
					`The drill-down lists the ${n(list.total)} leads the funnel counts at 立线索, as the funnel filter of the list (Prisma conditions, no list of ids).`,
					`Prospects proposed: ${n(funnel.prospects.proposed)} (${n(funnel.prospects.withLead)} with a lead): with the generated firms no link weighs as weak enough to propose any, so their count (\`countProspects\`, one statement like the gap analysis's) costs nothing here. Most of c beyond b is the gap analysis of the 100,000-company chain, which the chain page pays too.`,
				],
				showCpu: true,
			}
		} finally {
			raw?.close()
			await prisma?.$disconnect()
			remove()
		}
	},
}
