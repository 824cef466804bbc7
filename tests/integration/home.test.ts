import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { loader as homeLoader } from '~/routes/_index'
import { loader as leadsLoader } from '~/routes/leads._index'
import { loader as projectsLoader } from '~/routes/projects._index'
import { loader as quotasLoader } from '~/routes/quotas._index'
import { todayInChina } from '~/utils/today'
import { demoCountyId } from '../helpers/actors'
import { getRequest, loginAs } from '../helpers/requests'

/** The demo county: records made here belong to it, as the app's own would (ADR 0026). */
const county = await demoCountyId()

const args = (request: Request) => ({ request, params: {}, context: {} })

async function leaderHome(cookie: string) {
	const home = await homeLoader(args(getRequest('/', cookie)))
	if (home.view.kind !== 'leader') throw new Error('a manager gets the leader home')
	return home.view
}

test('a leader sees the team’s leads, quotas behind pace and this year’s signings, each figure equal to the list its link opens', async () => {
	const cookie = await loginAs('manager')
	const today = todayInChina()
	const year = Number(today.slice(0, 4))
	// A project signed this month and one in January, so the chart has something to show whatever the seed's dates.
	const company = await prisma.company.findFirstOrThrow({ where: { isSample: true }, select: { id: true } })
	for (const [title, date] of [
		['（测试）本月签约项目', new Date(`${today.slice(0, 7)}-01T00:00:00Z`)],
		['（测试）一月签约项目', new Date(Date.UTC(year, 0, 2))],
	] as const) {
		await prisma.project.create({
			data: {
				regionId: county,
				title,
				companyId: company.id,
				type: 'new',
				investmentCNY: 100_000_000n,
				stage: 'signed',
				negotiatingDate: date,
				signedDate: date,
			},
			select: { id: true },
		})
	}
	const view = await leaderHome(cookie)

	// Team: everyone's leads, not only the leader's own.
	for (const figure of [view.overdue, view.stalled]) {
		const list = await leadsLoader(args(getRequest(figure.href, cookie)))
		expect(list.total, figure.href).toBe(figure.count)
		expect(figure.href).not.toContain('owner=')
		expect(list.leads.map((l) => l.id).slice(0, figure.rows.length)).toEqual(figure.rows.map((l) => l.id))
	}
	const everyoneOverdue = await leadsLoader(args(getRequest('/leads?overdue=1', cookie)))
	expect(view.overdue.count).toBe(everyoneOverdue.total)

	// Quotas behind pace: the dashboard filtered by status lists exactly them.
	const quotas = await quotasLoader(args(getRequest(view.slipping.href, cookie)))
	expect(quotas.statusCounts.behind).toBe(view.slipping.count)
	expect(quotas.overview).toHaveLength(view.slipping.count)
	expect(view.slipping.total).toBe(quotas.total)
	expect(quotas.overview.slice(0, view.slipping.rows.length).map((r) => r.quotaId)).toEqual(view.slipping.rows.map((r) => r.quotaId))

	// Signings: this month's figure and every bar of the chart open /projects with the same count.
	expect(view.signings.months).toHaveLength(12)
	expect(view.signings.count).toBeGreaterThanOrEqual(1)
	expect(view.signings.months[view.signings.month - 1]!.count).toBe(view.signings.count)
	expect((await projectsLoader(args(getRequest(view.signings.href, cookie)))).total).toBe(view.signings.count)
	for (const month of view.signings.months) {
		const list = await projectsLoader(args(getRequest(month.href, cookie)))
		expect(list.total, month.href).toBe(month.count)
	}
	expect(view.signings.months[0]!.count).toBeGreaterThanOrEqual(1)
})

test('staff get their own day, admins the leader’s view', async () => {
	const staff = await homeLoader(args(getRequest('/', await loginAs('staff'))))
	expect(staff.view.kind).toBe('staff')
	if (staff.view.kind === 'staff') for (const figure of [staff.view.overdue, staff.view.due, staff.view.stalled]) expect(figure.href).toContain('owner=me')
	expect((await homeLoader(args(getRequest('/', await loginAs('admin'))))).view.kind).toBe('leader')
})
