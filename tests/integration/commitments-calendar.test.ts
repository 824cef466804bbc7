import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { DEFAULT_SERVICE_LEVELS, parseStoredLevels } from '~/domain/lead/service-levels'
import { nameSortKey } from '~/domain/names/sort-key'
import { commitmentWarnings } from '~/domain/project/commitments'
import { parseReportPeriod } from '~/domain/report/period'
import { i18nFor } from '~/i18n/i18n'
import { auditObjectName } from '~/models/audit-log.server'
import { hashFeedToken } from '~/models/calendar.server'
import { loadReport, WHOLE_INSTALLATION_AUDIENCE } from '~/models/report.server'
import { loader as homeLoader } from '~/routes/_index'
import { action as accountAction } from '~/routes/account'
import { loader as calendarLoader } from '~/routes/calendar'
import { loader as feedLoader } from '~/routes/calendar_.feed.$token'
import { loader as projectLoader } from '~/routes/projects.$id'
import { loader as listLoader } from '~/routes/projects._index'
import { action as levelsAction } from '~/routes/settings.service-levels'
import { type ActionResult } from '~/utils/forms'
import { todayInChina } from '~/utils/today'
import { argsFrom, newStaff, signInAs } from '../helpers/accounts'
import { demoCountyId } from '../helpers/actors'
import { formRequest, getRequest, loginAs, statusOf, thrown, unwrap } from '../helpers/requests'

const county = await demoCountyId()
const today = todayInChina()
const shift = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000)
const company = await prisma.company.findFirstOrThrow({ select: { id: true } })

async function countyStaff() {
	const staff = await newStaff()
	await prisma.user.update({ where: { id: staff.id }, data: { regionId: county } })
	const cookie = (await signInAs(staff.username, staff.password)).cookie!
	return { ...staff, cookie }
}

async function lead(ownerId: string, nextActionDate: Date, companyName: string) {
	const named = await prisma.company.create({ data: { name: companyName, nameSortKey: nameSortKey(companyName), isLocal: false }, select: { id: true } })
	return prisma.lead.create({
		data: { companyId: named.id, ownerId, regionId: county, source: 'other', stage: 'contacted', nextActionDate },
		select: { id: true },
	})
}

let serial = 0
async function project(fields: {
	ownerId?: string
	stage: string
	signedDate?: Date | null
	startedDate?: Date | null
	producingDate?: Date | null
	terminatedDate?: Date | null
	commitStartBy?: Date | null
	commitProduceBy?: Date | null
}) {
	const title = `履约测试项目${++serial}`
	return prisma.project.create({
		data: {
			title,
			titleSortKey: nameSortKey(title),
			companyId: company.id,
			type: 'new',
			investmentCNY: 100_000_000n,
			regionId: county,
			negotiatingDate: shift(-400),
			...fields,
		},
		select: { id: true, title: true },
	})
}

/** Creates (or regenerates) the feed on the account page; the URL it shows once. */
async function createFeed(cookie: string) {
	const { body } = unwrap<{ ok: boolean; feedUrl?: string }>(
		await accountAction(argsFrom(formRequest('/account', { intent: 'feed-create' }, { Cookie: cookie }))),
	)
	expect(body.ok).toBe(true)
	return new URL(body.feedUrl!)
}

const readFeed = (url: URL) => feedLoader(argsFrom(new Request(url), undefined, { token: url.pathname.split('/').pop()! }))

test('the iCalendar feed: a valid token gives the owner’s entries, another user’s are left out; revoked and unknown tokens are 404', async () => {
	const mine = await countyStaff()
	const theirs = await countyStaff()
	const myLead = await lead(mine.id, shift(5), `日历甲公司${Date.now()}`)
	const theirLead = await lead(theirs.id, shift(6), `日历乙公司${Date.now()}`)
	const myProject = await project({ ownerId: mine.id, stage: 'signed', signedDate: shift(-100), commitStartBy: shift(-3), commitProduceBy: shift(200) })
	const theirProject = await project({ ownerId: theirs.id, stage: 'signed', signedDate: shift(-100), commitStartBy: shift(10) })

	const url = await createFeed(mine.cookie)
	expect(url.pathname).toMatch(/^\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/)
	// Only the hash is stored.
	const token = url.pathname.split('/').pop()!.replace('.ics', '')
	const stored = await prisma.calendarFeed.findUniqueOrThrow({ where: { userId: mine.id }, select: { tokenHash: true } })
	expect(stored.tokenHash).not.toContain(token)
	expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/)

	const response = await readFeed(url)
	expect(response.status).toBe(200)
	expect(response.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8')
	const text = await response.text()
	const unfolded = text.replace(/\r\n /g, '')
	expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true)
	expect(unfolded).toContain(`UID:followUp-${myLead.id}@chainlead`)
	expect(unfolded).toContain(`DTSTART;VALUE=DATE:${shift(5).toISOString().slice(0, 10).replaceAll('-', '')}`)
	expect(unfolded).toContain(`UID:startBy-${myProject.id}@chainlead`)
	expect(unfolded).toContain(`UID:produceBy-${myProject.id}@chainlead`)
	expect(unfolded).toContain(`SUMMARY:开工期限：${myProject.title}（已逾期 3 天）`)
	expect(unfolded).not.toContain(theirLead.id)
	expect(unfolded).not.toContain(theirProject.id)
	expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true)
	expect((await prisma.calendarFeed.findUniqueOrThrow({ where: { userId: mine.id } })).lastReadAt).not.toBeNull()

	// A manager's feed holds the whole scope: both staff members' entries.
	const manager = await loginAs('manager')
	const managerText = (await (await readFeed(await createFeed(manager))).text()).replace(/\r\n /g, '')
	expect(managerText).toContain(myLead.id)
	expect(managerText).toContain(theirLead.id)

	// Regenerating: the old address stops working.
	const renewed = await createFeed(mine.cookie)
	expect(((await thrown(() => readFeed(url))) as Response).status).toBe(404)
	expect((await readFeed(renewed)).status).toBe(200)
	// Revoked: gone.
	const revoked = unwrap<{ ok: boolean }>(await accountAction(argsFrom(formRequest('/account', { intent: 'feed-revoke' }, { Cookie: mine.cookie }))))
	expect(revoked.body.ok).toBe(true)
	expect(((await thrown(() => readFeed(renewed))) as Response).status).toBe(404)
	// Unknown and malformed tokens: the same 404.
	for (const guess of ['A'.repeat(43), 'short', `${'B'.repeat(43)}.ics`]) {
		expect(((await thrown(() => feedLoader(argsFrom(getRequest(`/calendar/feed/${guess}`), undefined, { token: guess })))) as Response).status).toBe(404)
	}
	// A disabled account's feed stops at once.
	const again = await createFeed(theirs.cookie)
	await prisma.user.update({ where: { id: theirs.id }, data: { disabledAt: new Date() } })
	expect(((await thrown(() => readFeed(again))) as Response).status).toBe(404)
})

test('creating, regenerating and revoking a feed is audited, without the token or its hash', async () => {
	const mine = await countyStaff()
	const first = await createFeed(mine.cookie)
	const hashes = [hashFeedToken(first.pathname.split('/').pop()!.replace('.ics', ''))]
	const second = await createFeed(mine.cookie)
	hashes.push(hashFeedToken(second.pathname.split('/').pop()!.replace('.ics', '')))
	expect(unwrap<{ ok: boolean }>(await accountAction(argsFrom(formRequest('/account', { intent: 'feed-revoke' }, { Cookie: mine.cookie })))).body.ok).toBe(true)
	// Revoking again: nothing to revoke, nothing audited.
	expect(unwrap<{ ok: boolean }>(await accountAction(argsFrom(formRequest('/account', { intent: 'feed-revoke' }, { Cookie: mine.cookie })))).status).toBe(404)
	const rows = await prisma.auditLog.findMany({
		where: { entity: 'CalendarFeed', entityId: mine.id },
		orderBy: { at: 'asc' },
		select: { userId: true, action: true, before: true, after: true },
	})
	expect(rows.map((r) => [r.userId, r.action])).toEqual([
		[mine.id, 'create'],
		[mine.id, 'update'],
		[mine.id, 'delete'],
	])
	const logged = JSON.stringify(rows)
	for (const url of [first, second]) expect(logged).not.toContain(url.pathname.split('/').pop()!.replace('.ics', ''))
	for (const hash of hashes) expect(logged).not.toContain(hash)
	expect(rows[2]!.before).toContain('createdAt')
	// The audit log names it as the user's feed, in either language.
	for (const [locale, name] of [
		['zh-CN', `${mine.name}（${mine.username}）的日历订阅`],
		['en', `Calendar feed of ${mine.name} (${mine.username})`],
	] as const) {
		expect(await auditObjectName(prisma, 'CalendarFeed', mine.id, { t: i18nFor(locale).t, locale })).toBe(name)
	}
})

test('the calendar page: staff see their own follow-ups and deadlines of the month', async () => {
	const mine = await countyStaff()
	const other = await countyStaff()
	const myLead = await lead(mine.id, shift(0), `日程丙公司${Date.now()}`)
	const otherLead = await lead(other.id, shift(0), `日程丁公司${Date.now()}`)
	const page = await calendarLoader(argsFrom(getRequest(`/calendar?month=${today.slice(0, 7)}`, mine.cookie)))
	const ids = page.items.map((i) => i.id)
	expect(ids).toContain(myLead.id)
	expect(ids).not.toContain(otherLead.id)
	expect(page.scopeWide).toBe(false)
	expect(page.weeks.flat().filter((d) => d.inMonth).length).toBeGreaterThanOrEqual(28)
})

test('the 履约预警 list filter finds exactly the projects commitmentWarnings warns about', async () => {
	await project({ stage: 'signed', signedDate: shift(-200), commitStartBy: shift(-1) })
	await project({ stage: 'signed', signedDate: shift(-200), commitStartBy: shift(20) })
	await project({ stage: 'signed', signedDate: shift(-200), commitStartBy: shift(45) })
	await project({ stage: 'started', signedDate: shift(-200), startedDate: shift(-100), commitStartBy: shift(-150), commitProduceBy: shift(-2) })
	await project({ stage: 'started', signedDate: shift(-200), startedDate: shift(-100), commitStartBy: shift(-150), commitProduceBy: shift(30) })
	await project({ stage: 'producing', signedDate: shift(-300), startedDate: shift(-200), producingDate: shift(-10), commitProduceBy: shift(-50) })
	await project({ stage: 'terminated', signedDate: shift(-300), terminatedDate: shift(-10), commitStartBy: shift(-50) })
	await project({ stage: 'negotiating', commitStartBy: shift(-5) })
	const manager = await loginAs('manager')
	const all = await prisma.project.findMany({ where: { regionId: county } })
	for (const filter of ['warn', 'broken'] as const) {
		const page = await listLoader(argsFrom(getRequest(`/projects?commit=${filter}`, manager)))
		const expected = all.filter((p) => commitmentWarnings(p, today).some((w) => filter === 'warn' || w.overdue))
		expect(page.total, filter).toBe(expected.length)
		expect(page.projects.map((p) => p.id).sort(), filter).toEqual(
			expected
				.map((p) => p.id)
				.sort()
				.slice(0, 50),
		)
		expect(page.projects.every((p) => p.commitmentWarnings.length > 0)).toBe(true)
	}
})

test('the 季通报 lists the commitments broken at the quarter end', async () => {
	const broken = await project({ stage: 'signed', signedDate: new Date('2026-01-10T00:00:00Z'), commitStartBy: new Date('2026-05-31T00:00:00Z') })
	// Started in July: still broken at the end of June.
	const lateStart = await project({
		stage: 'started',
		signedDate: new Date('2026-01-10T00:00:00Z'),
		startedDate: new Date('2026-07-05T00:00:00Z'),
		commitStartBy: new Date('2026-06-01T00:00:00Z'),
	})
	const onTime = await project({
		stage: 'started',
		signedDate: new Date('2026-01-10T00:00:00Z'),
		startedDate: new Date('2026-05-01T00:00:00Z'),
		commitStartBy: new Date('2026-06-01T00:00:00Z'),
	})
	const parsed = parseReportPeriod('quarterly', { year: '2026', quarter: '2' }, '2026-12-07')
	if (!parsed.ok) throw new Error('period')
	const report = await loadReport(prisma, parsed.period, WHOLE_INSTALLATION_AUDIENCE)
	if (report.kind !== 'quarterly') throw new Error('kind')
	const rows = report.broken.filter((b) => [broken.id, lateStart.id, onTime.id].includes(b.projectId))
	expect(rows.map((b) => [b.title, b.kind, b.deadline, b.daysOverdue])).toEqual([
		[broken.title, 'startOverdue', '2026-05-31', 30],
		[lateStart.title, 'startOverdue', '2026-06-01', 29],
	])
})

test('the warning window is a service-level setting: changing it changes which projects warn on the list, the home page and the project page; managers only, audited', async () => {
	const near = await project({ stage: 'signed', signedDate: shift(-200), commitStartBy: shift(20) })
	const far = await project({ stage: 'signed', signedDate: shift(-200), commitStartBy: shift(45) })
	const manager = await loginAs('manager')
	// The 工作台's 履约预警 figure counts what the list's filter finds.
	const homeCount = async () =>
		((await homeLoader(argsFrom(getRequest('/', manager)))) as unknown as { view: { commitments: { count: number } } }).view.commitments.count
	const warned = async () => {
		const page = await listLoader(argsFrom(getRequest('/projects?commit=warn', manager)))
		return new Set(page.projects.map((p) => p.id))
	}
	const setWindow = async (cookie: string, days: number) => {
		const stored = await prisma.serviceLevelSetting.findUnique({ where: { regionId: county }, select: { version: true, levels: true } })
		const levels = stored ? parseStoredLevels(stored.levels) : DEFAULT_SERVICE_LEVELS
		const fields: Record<string, string> = {
			intent: 'save',
			regionId: county,
			version: String(stored?.version ?? 0),
			'levels.firstContactDays': String(levels.firstContactDays),
			'levels.commitmentWarnDays': String(days),
		}
		for (const [stage, l] of Object.entries(levels.stages)) {
			fields[`levels.stages.${stage}.followUpDays`] = String(l.followUpDays)
			fields[`levels.stages.${stage}.stallDays`] = String(l.stallDays)
		}
		return unwrap<ActionResult>(await levelsAction(argsFrom(formRequest('/settings/service-levels', fields, { Cookie: cookie }))))
	}
	const before = await prisma.serviceLevelSetting.findUnique({ where: { regionId: county }, select: { levels: true } })
	try {
		// The default window (30 days): the deadline in 20 days warns, the one in 45 does not.
		expect(await warned()).toContain(near.id)
		expect(await warned()).not.toContain(far.id)
		expect(await homeCount()).toBe((await warned()).size)

		expect(await setWindow(manager, 50)).toMatchObject({ status: 200, body: { ok: true } })
		expect(await warned()).toContain(far.id)
		const farPage = await projectLoader(argsFrom(getRequest(`/projects/${far.id}`, manager), undefined, { id: far.id }))
		expect(farPage.commitmentWarnings).toEqual([expect.objectContaining({ kind: 'startDue', days: 45 })])
		expect(await homeCount()).toBe((await warned()).size)

		expect(await setWindow(manager, 10)).toMatchObject({ status: 200, body: { ok: true } })
		expect(await warned()).not.toContain(near.id)
		expect(await warned()).not.toContain(far.id)
		expect(await homeCount()).toBe((await warned()).size)

		// Out of range: refused on its field.
		expect(await setWindow(manager, 400)).toMatchObject({ status: 400, body: { errors: { 'levels.commitmentWarnDays': 'serviceLevels.validation.warnDays' } } })
		// Staff may not change it: the server refuses (403), the window stays.
		const staff = await countyStaff()
		expect(await statusOf(() => setWindow(staff.cookie, 60))).toBe(403)
		expect(await warned()).not.toContain(far.id)

		const audit = await prisma.auditLog.findMany({
			where: { entity: 'ServiceLevelSetting', entityId: county },
			orderBy: { at: 'desc' },
			take: 2,
			select: { before: true, after: true },
		})
		expect(JSON.parse(audit[0]!.before!)).toMatchObject({ commitmentWarnDays: 50 })
		expect(JSON.parse(audit[0]!.after!)).toMatchObject({ commitmentWarnDays: 10 })
	} finally {
		if (before) await prisma.serviceLevelSetting.update({ where: { regionId: county }, data: { levels: before.levels } })
		else await prisma.serviceLevelSetting.deleteMany({ where: { regionId: county } })
	}
})
