// The quota bench's floor: each quota's figure in one hand-written statement, from
// the same rows the app reads, on either engine. Written once with the few places
// the dialects differ (lists, days, yes/no columns, a planner hint) in a Dialect;
// run by raw better-sqlite3 on SQLite and by a raw `pg` client on PostgreSQL, each
// statement prepared once and reused, as a hand-tuned loader would.
import type Database from 'better-sqlite3'
import type pg from 'pg'
import { unitFactor } from '~/domain/quota/count-sum'
import { type CountWindow, windowBounds } from '~/domain/quota/count-window'
import { type QuotaProgress } from '~/domain/quota/progress'
import { type CompanyRules, parseQuotaRules, type ProjectRules, type QuotaKind, type SumRules } from '~/domain/quota/rules'

/** What a quota adds up to: the actual, how many items make it, and each responsible unit's share (projects only). */
export type Figure = { actual: number; items: number; units: Map<string, number> }

type Row = Record<string, unknown>
/** Runs one statement (`?` placeholders) with its parameters; rows as the driver gives them. */
type Run = <T extends Row>(text: string, params: unknown[]) => Promise<T[]>

type Dialect = {
	/** `column` is one of `values`. */
	inList: (column: string, values: readonly (string | number)[], params: unknown[]) => string
	/** A timestamp column as a day, comparable with a bound 'YYYY-MM-DD'. */
	day: (column: string) => string
	/** A bound 'YYYY-MM-DD', comparable with a timestamp column or day(). */
	dayParam: string
	isTrue: (column: string) => string
	/** The chosen links' ids, compared without the (companyId, linkId) index where the planner would probe it per link. */
	unindexedLinkId: string
	/** A join the planner must take in the written order (a CROSS JOIN on SQLite; PostgreSQL plans joins itself). */
	orderedJoin: string
}

const SQLITE: Dialect = {
	inList: (column, values, params) => {
		params.push(JSON.stringify(values))
		return `${column} IN (SELECT value FROM json_each(?))`
	},
	// Timestamps are ISO text on SQLite: the day is their first ten characters.
	day: (column) => `substr(${column}, 1, 10)`,
	dayParam: '?',
	isTrue: (column) => `${column} = 1`,
	// `+` keeps SQLite from probing the (companyId, linkId) index once per chosen link, slower when a chain has dozens.
	unindexedLinkId: '+f."linkId"',
	orderedJoin: 'CROSS JOIN',
}

const POSTGRES: Dialect = {
	inList: (column, values, params) => {
		params.push(values.map(String))
		return `${column} = ANY(?::text[])`
	},
	day: (column) => `(${column})::date`,
	dayParam: '?::date',
	isTrue: (column) => column,
	unindexedLinkId: 'f."linkId"',
	orderedJoin: 'JOIN',
}

const STAGE_COLUMN = { signed: '"signedDate"', started: '"startedDate"', producing: '"producingDate"' } as const
const COUNTED_INVESTMENT = `CASE p."type" WHEN 'capital_increase' THEN p."incrementCNY" ELSE p."investmentCNY" END`

const where = (conditions: string[]) => (conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '')
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
/** count(*) and sums of bigints come back as text from `pg`. */
const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value))

function quotaFloor(dialect: Dialect, run: Run) {
	const { inList, day, dayParam, isTrue } = dialect

	/** Conditions on ChainLink `l` for a quota's chains and links. */
	function linkConditions(rules: { chainSlugs: string[]; linkKeys: string[] }, params: unknown[]) {
		const conditions: string[] = []
		if (rules.chainSlugs.length > 0) conditions.push(`l."chainId" IN (SELECT "id" FROM "Chain" WHERE ${inList('"slug"', rules.chainSlugs, params)})`)
		if (rules.linkKeys.length > 0) conditions.push(inList('l."key"', rules.linkKeys, params))
		return conditions
	}

	/** Companies with a figure at one of the chosen links. */
	function companyAtLinks(rules: { chainSlugs: string[]; linkKeys: string[] }, params: unknown[]) {
		const conditions = linkConditions(rules, params)
		return conditions.length === 0
			? []
			: [
					`EXISTS (SELECT 1 FROM "CompanyLink" f WHERE f."companyId" = c."id" AND ${dialect.unindexedLinkId} IN (SELECT l."id" FROM "ChainLink" l WHERE ${conditions.join(' AND ')}))`,
				]
	}

	async function projects(rules: ProjectRules, window: CountWindow): Promise<Figure> {
		const { from, to } = windowBounds(window)
		const stage = `p.${STAGE_COLUMN[rules.countStage]}`
		const params: unknown[] = [from, nextDay(to), window.asOf]
		const conditions = [
			`${stage} >= ${dayParam} AND ${stage} < ${dayParam}`,
			`CASE WHEN p."terminatedDate" IS NOT NULL THEN ${day('p."terminatedDate"')} > ${dayParam} ELSE p."stage" <> 'terminated' END`,
			`(p."type" <> 'capital_increase' OR p."incrementCNY" > 0)`,
		]
		const links = linkConditions(rules, params)
		if (links.length > 0) {
			conditions.push(
				`EXISTS (SELECT 1 FROM "ProjectLink" pl JOIN "ChainLink" l ON l."id" = pl."linkId" WHERE pl."projectId" = p."id" AND ${links.join(' AND ')})`,
			)
		}
		if (rules.projectTypes.length > 0) conditions.push(inList('p."type"', rules.projectTypes, params))
		if (rules.clusterLeadingOnly) conditions.push(isTrue('p."isClusterLeading"'))
		if (rules.minInvestmentCNY !== null) {
			conditions.push(`${COUNTED_INVESTMENT} >= ?`)
			params.push(rules.minInvestmentCNY)
		}
		const rows = await run<{ unitId: string | null; items: unknown; investment: unknown }>(
			`SELECT p."responsibleUnitId" AS "unitId", count(*) AS "items", coalesce(sum(${COUNTED_INVESTMENT}), 0) AS "investment"
			FROM "Project" p WHERE ${conditions.join(' AND ')} GROUP BY p."responsibleUnitId"`,
			params,
		)
		const amount = (row: (typeof rows)[number]) => (rules.measure === 'count' ? num(row.items) : num(row.investment))
		return {
			actual: rows.reduce((sum, row) => sum + amount(row), 0),
			items: rows.reduce((sum, row) => sum + num(row.items), 0),
			units: new Map(rows.flatMap((row) => (row.unitId === null ? [] : [[row.unitId, amount(row)]]))),
		}
	}

	async function companies(rules: CompanyRules, year: number): Promise<Figure> {
		const params: unknown[] = []
		const conditions: string[] = []
		if (rules.anyTag.length > 0) {
			const tag = inList('t."tag"', rules.anyTag, params)
			const granted = rules.newInYear ? 't."grantedYear" = ?' : '(t."grantedYear" IS NULL OR t."grantedYear" <= ?)'
			params.push(year)
			// From the tag index: the holders of a tag are a few thousand of the register.
			conditions.push(`c."id" IN (SELECT t."companyId" FROM "CompanyTag" t WHERE ${tag} AND ${granted})`)
		}
		if (rules.localOnly) conditions.push(isTrue('c."isLocal"'))
		conditions.push(...companyAtLinks({ chainSlugs: rules.chainSlugs, linkKeys: [] }, params))
		if (rules.minRevenueCNY !== null) {
			conditions.push('c."revenueCNY" >= ?')
			params.push(rules.minRevenueCNY)
		}
		const [row] = await run(`SELECT count(*) AS "items" FROM "Company" c ${where(conditions)}`, params)
		const items = num(row?.items)
		return { actual: items, items, units: new Map() }
	}

	async function sum(rules: SumRules, normalizedUnit: string, year: number): Promise<Figure> {
		const params: unknown[] = []
		if (rules.figure === 'revenue') {
			if (normalizedUnit !== 'CNY') return { actual: 0, items: 0, units: new Map() }
			const conditions = ['c."revenueCNY" IS NOT NULL', ...(rules.localOnly ? [isTrue('c."isLocal"')] : []), ...companyAtLinks(rules, params)]
			const [row] = await run(`SELECT count(*) AS "items", coalesce(sum(c."revenueCNY"), 0) AS "actual" FROM "Company" c ${where(conditions)}`, params)
			return { actual: num(row?.actual), items: num(row?.items), units: new Map() }
		}
		const column = rules.figure === 'capacity' ? '"capacity"' : '"output"'
		// The chosen links' figures through the (linkId, year) index, then their companies.
		const links = `SELECT l."id" FROM "ChainLink" l ${where(linkConditions(rules, params))}`
		params.push(year)
		const local = rules.localOnly ? `${dialect.orderedJoin} "Company" c ON c."id" = f."companyId" AND ${isTrue('c."isLocal"')}` : ''
		const rows = await run<{ unit: string; items: unknown; total: unknown }>(
			`SELECT l."unit" AS "unit", count(*) AS "items", sum(f.${column}) AS "total"
			FROM "CompanyLink" f JOIN "ChainLink" l ON l."id" = f."linkId" ${local}
			WHERE f."linkId" IN (${links}) AND f."year" = ? AND f.${column} IS NOT NULL GROUP BY l."unit"`,
			params,
		)
		const convertible = rows.flatMap((row) => {
			const factor = unitFactor(row.unit, normalizedUnit)
			return factor === null ? [] : [{ items: num(row.items), amount: num(row.total) * factor }]
		})
		return { actual: convertible.reduce((s, r) => s + r.amount, 0), items: convertible.reduce((s, r) => s + r.items, 0), units: new Map() }
	}

	async function manual(quotaId: string, window: CountWindow): Promise<Figure> {
		const rows = await run<{ value: unknown }>(
			`SELECT "value" FROM "QuotaManualEntry" WHERE "quotaId" = ? AND "year" = ? AND ${day('"date"')} <= ${dayParam}
			ORDER BY ${day('"date"')} DESC, "createdAt" DESC`,
			[quotaId, window.year, window.asOf],
		)
		return { actual: num(rows[0]?.value), items: rows.length, units: new Map() }
	}

	return async (kinds: readonly QuotaKind[], window: CountWindow): Promise<Map<string, Figure>> => {
		const params: unknown[] = []
		const quotas = await run<{ id: string; kind: string; filters: string; unit: string }>(
			`SELECT "id", "kind", "filters", coalesce("normalizedUnit", "unit") AS "unit" FROM "Quota" WHERE ${inList('"kind"', kinds, params)} ORDER BY "id"`,
			params,
		)
		const figures = new Map<string, Figure>()
		for (const q of quotas) {
			const { rules } = parseQuotaRules(q.kind, q.filters)
			switch (rules.kind) {
				case 'projects':
					figures.set(q.id, await projects(rules.rules, window))
					break
				case 'companies_with_tag':
					figures.set(q.id, await companies(rules.rules, window.year))
					break
				case 'sum':
					figures.set(q.id, await sum(rules.rules, q.unit, window.year))
					break
				case 'manual':
					figures.set(q.id, await manual(q.id, window))
					break
			}
		}
		return figures
	}
}

/** The floor on raw better-sqlite3. */
export function sqliteQuotaFloor(sql: Database.Database) {
	const statements = new Map<string, Database.Statement>()
	return quotaFloor(SQLITE, <T extends Row>(text: string, params: unknown[]) => {
		let statement = statements.get(text)
		if (!statement) statements.set(text, (statement = sql.prepare(text)))
		return Promise.resolve(statement.all(...params) as T[])
	})
}

/** The floor on a raw `pg` client: `?` numbered as `$n`, each text a named (server-side prepared) statement. */
export function postgresQuotaFloor(client: pg.Client) {
	const names = new Map<string, string>()
	return quotaFloor(POSTGRES, async <T extends Row>(text: string, values: unknown[]) => {
		let name = names.get(text)
		if (!name) names.set(text, (name = `floor${names.size + 1}`))
		let n = 0
		const numbered = text.replace(/\?/g, () => `$${++n}`)
		return (await client.query<T>({ name, text: numbered, values })).rows
	})
}

/** Same within float rounding: the app adds item by item, the database sums first. */
const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))

/** Every quota's actual, item count and unit shares must agree, or the ratio means nothing. */
export function checkAgreement(progress: QuotaProgress[], floor: Map<string, Figure>) {
	if (progress.length !== floor.size) throw new Error(`loadQuotaProgress gave ${progress.length} quotas, the floor ${floor.size}`)
	for (const q of progress) {
		const f = floor.get(q.quotaId)
		const what = `${q.metric} (${q.kind})`
		if (!f) throw new Error(`the floor has no figure for ${what}`)
		if (!same(q.actual, f.actual) || q.counts.items !== f.items) {
			throw new Error(`${what}: loadQuotaProgress counts ${q.actual} from ${q.counts.items} items, the floor ${f.actual} from ${f.items}`)
		}
		for (const u of q.units) {
			if (!same(u.actual, f.units.get(u.unitId) ?? 0)) throw new Error(`${what}: unit ${u.unitName} has ${u.actual}, the floor ${f.units.get(u.unitId) ?? 0}`)
		}
	}
}
