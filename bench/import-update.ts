// `npx tsx bench/import-update.ts`: how long an update import holds the write
// lock (publishImport) for 20,000 leads, 5,000 projects and 20,000 companies
// (names, tags and contacts), and how long its undo takes, on a temp database
// (seed data plus generated companies, one open lead and one project each).
// Prints the figures; asserts nothing.
import Database from 'better-sqlite3'
import { createPrisma } from '~/db.server'
import { resolveMapping } from '~/domain/import/fields'
import { readImportFile } from '~/domain/import/read-file'
import { generateDemoData } from '~/models/demo-data.server'
import { planImport, publishImport } from '~/models/import-commit.server'
import { undoImport } from '~/models/import-undo.server'
import { seedDatabase } from '~/models/seed.server'
import { prepareInsert } from '~/models/sqlite-bulk.server'
import { createTempDb } from './temp-db'

const LEADS = Number(process.env.LEADS ?? 20_000)
const PROJECTS = Number(process.env.PROJECTS ?? 5_000)
const SEED = 20261207

const { file, url, remove } = createTempDb()
const db = createPrisma(url)
try {
	await seedDatabase(db)
	await generateDemoData(url, { companies: LEADS, leads: 0, projects: 0, seed: SEED })
	const sql = new Database(file)
	const owner = sql.prepare(`SELECT "id" FROM "User" WHERE "role" = 'manager' LIMIT 1`).pluck().get() as string
	const companies = sql.prepare(`SELECT "id", "name" FROM "Company" WHERE "id" LIKE ? ORDER BY "id"`).all(`demo-${SEED}-%`) as { id: string; name: string }[]
	const insertLead = prepareInsert(sql, 'Lead', ['id', 'companyId', 'ownerId', 'stage', 'priority', 'source', 'notes', 'isSample', 'createdAt', 'updatedAt'])
	const insertProject = prepareInsert(sql, 'Project', [
		'id',
		'title',
		'companyId',
		'type',
		'investmentCNY',
		'stage',
		'negotiatingDate',
		'isSample',
		'createdAt',
		'updatedAt',
	])
	const now = new Date()
	sql.transaction(() => {
		companies.forEach((c, i) => {
			insertLead({
				id: `bench-lead-${i}`,
				companyId: c.id,
				ownerId: owner,
				stage: 'new',
				priority: 'medium',
				source: 'other',
				notes: null,
				isSample: true,
				createdAt: now,
				updatedAt: now,
			})
			if (i < PROJECTS)
				insertProject({
					id: `bench-project-${i}`,
					title: `基准更新项目${i}`,
					companyId: c.id,
					type: 'new',
					investmentCNY: 10_000_000n,
					stage: 'negotiating',
					negotiatingDate: new Date('2026-01-05'),
					isSample: true,
					createdAt: now,
					updatedAt: now,
				})
		})
	})()
	sql.close()

	async function run(kind: 'leads' | 'projects' | 'companies', csv: string) {
		const sheet = await readImportFile(new TextEncoder().encode(csv), `${kind}.csv`)
		const options = {
			mapping: resolveMapping(kind, sheet.headers),
			overrides: {},
			actions: {},
			duplicateAction: 'update' as const,
			createMissingCompanies: false,
			defaultOwnerId: null,
			importer: null,
		}
		const request = { kind, sheet, options, fileName: `${kind}.csv`, userId: null }
		const t0 = performance.now()
		const plan = await planImport(db, request)
		const t1 = performance.now()
		const outcome = await publishImport(db, plan)
		const t2 = performance.now()
		if (outcome.errors.length > 0) throw new Error(JSON.stringify(outcome.errors.slice(0, 3)))
		await undoImport(db, outcome.batchId!, null)
		const t3 = performance.now()
		console.log(
			`${kind}: ${outcome.updated} updated · plan ${((t1 - t0) / 1000).toFixed(2)} s · publish (write lock) ${((t2 - t1) / 1000).toFixed(2)} s · undo ${((t3 - t2) / 1000).toFixed(2)} s`,
		)
	}
	const leadCsv = ['企业名称,阶段,优先级,备注,下次跟进', ...companies.map((c, i) => `${c.name},拜访,重要,基准更新 ${i},2027-03-01`)].join('\n')
	await run('leads', leadCsv)
	const projectCsv = ['项目名称,企业名称,备注,计划总投资', ...companies.slice(0, PROJECTS).map((c, i) => `基准更新项目${i},${c.name},基准更新 ${i},2000`)].join(
		'\n',
	)
	await run('projects', projectCsv)
	const companyCsv = ['企业名称,简称,资质,联系人', ...companies.map((c, i) => `${c.name},基准简称${i},专精特新（2025）,基准联系人${i}`)].join('\n')
	await run('companies', companyCsv)
} finally {
	await db.$disconnect()
	remove()
}
