import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { isValidUscc } from '~/domain/company/uscc'
import { DEMO_NAME_PREFIX, demoFigureYear } from '~/domain/demo/demo-data'
import { stageDateProblems } from '~/domain/project/stages'
import { loader as listLoader } from '~/routes/companies._index'
import { runCliInProcess } from '../helpers/cli'
import { getRequest, loginAs } from '../helpers/requests'

const SEED = 7
const generatedId = { startsWith: `demo-${SEED}-` }

// The CLI's command line, run in this process against this test file's database copy (tests/integration/cli.test.ts
// runs it as a real subprocess).
const cli = (...args: string[]) => runCliInProcess(args)

async function counts() {
	const [companies, realCompanies, figures, realFigures, leads, realLeads, projects, realProjects] = await Promise.all([
		prisma.company.count(),
		prisma.company.count({ where: { isSample: false } }),
		prisma.companyLink.count(),
		prisma.companyLink.count({ where: { isSample: false } }),
		prisma.lead.count(),
		prisma.lead.count({ where: { isSample: false } }),
		prisma.project.count(),
		prisma.project.count({ where: { isSample: false } }),
	])
	return { companies, realCompanies, figures, realFigures, leads, realLeads, projects, realProjects }
}

test('demo:generate adds sample companies, leads and projects that the app reads like any other', async () => {
	const before = await counts()
	const run = await cli('demo:generate', '--companies', '2000', '--leads', '300', '--projects', '100', '--seed', String(SEED), '--json')
	expect(run.code).toBe(0)
	const result = JSON.parse(run.stdout)
	expect(result).toMatchObject({ seed: SEED, companies: 2000, leads: 300, projects: 100 })
	expect(result.ms).toBeGreaterThan(0)

	// Counts grew by what the command reports, and every new row is sample data.
	const after = await counts()
	expect(after).toEqual({
		companies: before.companies + 2000,
		realCompanies: before.realCompanies,
		figures: before.figures + result.figures,
		realFigures: before.realFigures,
		leads: before.leads + 300,
		realLeads: before.realLeads,
		projects: before.projects + 100,
		realProjects: before.realProjects,
	})

	const companies = await prisma.company.findMany({
		where: { id: generatedId },
		select: { name: true, uscc: true, isSample: true, links: { select: { year: true, isSample: true } } },
	})
	expect(companies).toHaveLength(2000)
	expect(companies.every((c) => c.isSample && c.name.startsWith(DEMO_NAME_PREFIX))).toBe(true)
	expect(companies.every((c) => c.uscc !== null && isValidUscc(c.uscc))).toBe(true)
	expect(companies.every((c) => c.links.length > 0 && c.links.every((l) => l.isSample && l.year === demoFigureYear(new Date())))).toBe(true)

	const leads = await prisma.lead.findMany({
		where: { id: generatedId },
		select: { isSample: true, companyId: true, stageChanges: { select: { toStage: true } }, stage: true },
	})
	expect(leads).toHaveLength(300)
	expect(leads.every((l) => l.isSample && l.companyId.startsWith(`demo-${SEED}-`) && l.stageChanges[0]?.toStage === l.stage)).toBe(true)

	const projects = await prisma.project.findMany({
		where: { id: generatedId },
		select: {
			isSample: true,
			stage: true,
			negotiatingDate: true,
			signedDate: true,
			startedDate: true,
			producingDate: true,
			terminatedDate: true,
			_count: { select: { links: true } },
		},
	})
	expect(projects).toHaveLength(100)
	for (const project of projects) {
		expect(project.isSample).toBe(true)
		expect(stageDateProblems(project)).toEqual([])
		expect(project._count.links).toBe(1)
	}

	// The companies list loader pages, filters and searches over them.
	const cookie = await loginAs('staff')
	const list = async (search: string) => listLoader({ request: getRequest(`/companies?${search}`, cookie), params: {}, context: {} })
	const first = await list('')
	expect(first.total).toBe(after.companies)
	expect(first.companies).toHaveLength(50)
	const local = await list('local=1&sort=revenue&dir=desc&page=3')
	expect(local.total).toBe(await prisma.company.count({ where: { isLocal: true } }))
	expect(local.companies.every((c) => c.isLocal)).toBe(true)
	const someone = companies[1234]!.name
	const found = await list(`q=${encodeURIComponent(someone)}`)
	expect(found.companies.map((c) => c.name)).toContain(someone)
	expect(found.companies.every((c) => c.isSample)).toBe(true)

	// The same seed again would repeat the ids: refused, nothing written.
	const again = await cli('demo:generate', '--companies', '5', '--seed', String(SEED))
	expect(again.code).toBe(64)
	expect(again.stderr).toContain('already')
	expect(await prisma.company.count()).toBe(after.companies)
})

test('demo:generate refuses counts that are not whole numbers up to 1,000,000 with a usage error', async () => {
	const tooMany = await cli('demo:generate', '--companies', '1000001', '--json')
	expect(tooMany.code).toBe(64)
	expect(JSON.parse(tooMany.stdout).error).toContain('1,000,000')
	expect((await cli('demo:generate', '--companies', 'many')).code).toBe(64)
	expect((await cli('demo:generate', '--leads', '5')).code).toBe(64)
})

test('demo:generate dates no project inside an issued report’s period (ADR 0011)', async () => {
	const admin = await prisma.user.findFirstOrThrow({ where: { role: 'admin' }, select: { id: true } })
	// A report issued for a period that ended three days ago: projects dated up to that day would change it.
	const end = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10)
	const bytes = new Uint8Array([80, 75])
	await prisma.issuedReport.create({
		data: {
			kind: 'monthly',
			year: Number(end.slice(0, 4)),
			month: Number(end.slice(5, 7)),
			periodKey: 'monthly-demo-closed-test',
			periodStart: `${end.slice(0, 8)}01`,
			periodEnd: end,
			issuedById: admin.id,
			snapshot: '{}',
			xlsxZh: bytes,
			xlsxZhSha256: 'zh',
			xlsxEn: bytes,
			xlsxEnSha256: 'en',
		},
		select: { id: true },
	})
	const run = await cli('demo:generate', '--companies', '300', '--projects', '150', '--seed', '8', '--json')
	expect(run.code, run.stderr).toBe(0)
	const projects = await prisma.project.findMany({
		where: { id: { startsWith: 'demo-8-' } },
		select: { negotiatingDate: true, signedDate: true, startedDate: true, producingDate: true, terminatedDate: true },
	})
	expect(projects).toHaveLength(150)
	const openFrom = new Date(`${end}T00:00:00Z`).getTime() + 86_400_000
	for (const p of projects) for (const date of Object.values(p)) if (date !== null) expect(date.getTime()).toBeGreaterThanOrEqual(openFrom)
})
