import crypto from 'node:crypto'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { prisma } from '~/db.server'
import { startOfDay } from '~/domain/lead/status'
import { DASHBOARD_LIMITS } from '~/domain/quota/dashboard'
import { i18nFor } from '~/i18n/i18n'
import { recordAudit } from '~/models/audit.server'
import { refreshNotifications } from '~/models/notification.server'
import { createChannel } from '~/models/notify-channel.server'
import { runDailyDigest, sendTestMessage } from '~/models/notify-digest.server'
import { loadQuotaProgress } from '~/models/quota-progress.server'
import { loader as rootLoader } from '~/root'
import { loader as channelsLoader, action as channelsAction } from '~/routes/admin.channels'
import { loader as auditLoader } from '~/routes/audit'
import { loader as notificationsLoader, action as notificationsAction } from '~/routes/notifications'
import { todayInChina } from '~/utils/today'
import { actorNamed, demoCountyId } from '../helpers/actors'
import { formRequest, getRequest, loginAs, statusOf, unwrap } from '../helpers/requests'
import { chatRobotHandlers, NETWORK_ERROR, type Override, type Received, ROBOTS, webhookOf } from '../mocks/chat-robots'

const received: Received[] = []
const overrides = new Map<string, Override[]>()
const server = setupServer(...chatRobotHandlers(received, overrides))
// Every outbound request must hit a stub: nothing leaves the machine.
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())
beforeEach(async () => {
	received.length = 0
	overrides.clear()
	await prisma.notifyChannel.deleteMany({})
	await prisma.digestRun.deleteMany({})
})

const args = (request: Request) => ({ request, params: {}, context: {} })
const noPause = async () => {}
const county = await demoCountyId()
const staff = await actorNamed('zhang')
const manager = await actorNamed('leader')
const admin = { id: (await actorNamed('admin')).id, address: '127.0.0.1' }
const unitId = staff.unitId!
const today = todayInChina()

async function overdueLeadOfStaff(company: string) {
	const firm = await prisma.company.create({ data: { name: company, isLocal: false, isSample: false }, select: { id: true } })
	const due = new Date(startOfDay(new Date()).getTime() - 3 * 86_400_000)
	return prisma.lead.create({
		data: { companyId: firm.id, ownerId: staff.id, unitId, regionId: county, stage: 'contacted', source: 'expo', nextActionDate: due },
		select: { id: true, nextActionDate: true },
	})
}

describe('a lead becomes overdue → the owner’s unit channel receives a webhook call', () => {
	test('钉钉, signed: one markdown message naming the lead, signed as 钉钉 checks it; a second run sends nothing', async () => {
		const lead = await overdueLeadOfStaff('（测试）逾期通知稀土永磁有限公司')
		await createChannel(prisma, { unitId, provider: 'dingtalk', name: '区商务局招商群', webhookUrl: webhookOf.dingtalk, secret: ROBOTS.dingtalk.secret }, admin)

		const first = await runDailyDigest(prisma, { day: today, sleep: noPause })
		expect(first.channels).toEqual([expect.objectContaining({ channel: '区商务局招商群', outcome: 'sent', attempts: 1 })])
		expect(received).toHaveLength(1)
		const call = received[0]!
		// The signature, recomputed here: HmacSHA256("timestamp\nsecret") with the secret, base64.
		const timestamp = call.url.searchParams.get('timestamp')!
		expect(call.url.searchParams.get('sign')).toBe(
			crypto.createHmac('sha256', ROBOTS.dingtalk.secret).update(`${timestamp}\n${ROBOTS.dingtalk.secret}`).digest('base64'),
		)
		expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(60_000)
		expect(call.body.msgtype).toBe('markdown')
		const markdown = call.body.markdown as { title: string; text: string }
		expect(markdown.title).toBe(`区商务局 招商工作提醒 ${today}`)
		expect(markdown.text).toContain('张招商')
		expect(markdown.text).toContain(`（测试）逾期通知稀土永磁有限公司：下一步行动日期 ${lead.nextActionDate!.toISOString().slice(0, 10)} 已过`)

		// The owner's centre holds the item and the day's digest.
		const items = await prisma.notification.findMany({ where: { userId: staff.id, entityId: { in: [lead.id, today] } }, select: { kind: true } })
		expect(items.map((i) => i.kind).sort()).toEqual(['digest', 'lead_overdue'])

		const second = await runDailyDigest(prisma, { day: today, sleep: noPause })
		expect(second.channels).toEqual([expect.objectContaining({ outcome: 'already_sent' })])
		expect(second.users.digested).toBe(0)
		expect(received).toHaveLength(1)
		const log = await prisma.notifyDelivery.findMany({ where: { purpose: 'digest', day: today }, select: { status: true, attempts: true } })
		expect(log).toEqual([{ status: 'sent', attempts: 1 }])
	})

	test('飞书, signed: a post whose body carries timestamp and sign as 飞书 checks them', async () => {
		await overdueLeadOfStaff('（测试）飞书通知有限公司')
		await createChannel(prisma, { unitId, provider: 'feishu', name: '飞书群', webhookUrl: webhookOf.feishu, secret: ROBOTS.feishu.secret }, admin)
		const summary = await runDailyDigest(prisma, { day: today, sleep: noPause })
		expect(summary.channels).toEqual([expect.objectContaining({ outcome: 'sent' })])
		const body = received[0]!.body
		expect(body.msg_type).toBe('post')
		expect(body.sign).toBe(
			crypto
				.createHmac('sha256', `${String(body.timestamp)}\n${ROBOTS.feishu.secret}`)
				.update('')
				.digest('base64'),
		)
		expect(JSON.stringify(body.content)).toContain('（测试）飞书通知有限公司')
	})
})

describe('retries and rejections', () => {
	test('企业微信: two 5xx answers are retried, the third try is delivered', async () => {
		const id = (await createChannel(prisma, { unitId, provider: 'wecom', name: '企业微信群', webhookUrl: webhookOf.wecom, secret: null }, admin))!
		overrides.set('wecom', [
			{ status: 502, body: 'Bad Gateway' },
			{ status: 503, body: 'Service Unavailable' },
		])
		const pauses: number[] = []
		const delivery = await sendTestMessage(prisma, id, 'zh-CN', async (ms) => void pauses.push(ms))
		expect(delivery).toMatchObject({ status: 'sent', attempts: 3 })
		expect(pauses).toEqual([1000, 4000])
		expect(received).toHaveLength(3)
		expect(received[2]!.body).toEqual({ msgtype: 'markdown', markdown: { content: expect.stringContaining('链招测试消息') } })
	})

	test('钉钉: a network error is retried like a 5xx', async () => {
		const id = (await createChannel(
			prisma,
			{ unitId, provider: 'dingtalk', name: '钉钉群', webhookUrl: webhookOf.dingtalk, secret: ROBOTS.dingtalk.secret },
			admin,
		))!
		overrides.set('dingtalk', [{ status: 0, body: NETWORK_ERROR }])
		expect(await sendTestMessage(prisma, id, 'zh-CN', noPause)).toMatchObject({ status: 'sent', attempts: 2 })
		expect(received).toHaveLength(2)
	})

	test('企业微信: a service down for good is tried 3 times, logged failed, and the day’s digest is tried again next run', async () => {
		await overdueLeadOfStaff('（测试）服务中断有限公司')
		await createChannel(prisma, { unitId, provider: 'wecom', name: '企业微信群', webhookUrl: webhookOf.wecom, secret: null }, admin)
		overrides.set(
			'wecom',
			[1, 2, 3].map(() => ({ status: 500, body: 'Internal Server Error' })),
		)
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
		const first = await runDailyDigest(prisma, { day: today, sleep: noPause })
		expect(first.channels).toEqual([expect.objectContaining({ outcome: 'failed', attempts: 3, error: 'HTTP 500 Internal Server Error' })])
		// The operator's log names the channel, never its key.
		expect(warn.mock.calls.flat().join(' ')).not.toContain(ROBOTS.wecom.key)
		warn.mockRestore()
		const second = await runDailyDigest(prisma, { day: today, sleep: noPause })
		expect(second.channels).toEqual([expect.objectContaining({ outcome: 'sent', attempts: 1 })])
		expect(received).toHaveLength(4)
	})

	test('企业微信 rejects the key (93000): not retried, and the admin sees why in their language', async () => {
		const id = (await createChannel(
			prisma,
			{
				unitId,
				provider: 'wecom',
				name: '写错的群',
				webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=00000000-0000-0000-0000-000000000000',
				secret: null,
			},
			admin,
		))!
		const cookie = await loginAs('admin')
		const result = unwrap<{ intent: string; status: string; errorKey: string; error: string }>(
			await channelsAction(args(formRequest('/admin/channels', { intent: 'test', id }, { Cookie: cookie }))),
		)
		expect(result.body).toMatchObject({ intent: 'test', status: 'rejected', errorKey: 'notify.errors.key' })
		expect(result.body.error).toMatch(/^93000 invalid webhook url/)
		expect(received).toHaveLength(1)
		expect(i18nFor('zh-CN').t(result.body.errorKey)).toBe('Webhook 地址无效：机器人可能已被移除或地址复制不全，请重新复制。')
		expect(i18nFor('en').t(result.body.errorKey)).toContain('The webhook address is not valid')
		const page = await channelsLoader(args(getRequest('/admin/channels', cookie)))
		expect(page.deliveries[0]).toMatchObject({ status: 'rejected', attempts: 1, errorKey: 'notify.errors.key', error: expect.stringMatching(/^93000 /) })
	})

	test('钉钉 with a wrong secret (310000) and 飞书 with a wrong one (19021): the signature is named as the cause', async () => {
		const dt = (await createChannel(prisma, { unitId, provider: 'dingtalk', name: '钉钉群', webhookUrl: webhookOf.dingtalk, secret: 'SECwrong' }, admin))!
		const fs = (await createChannel(prisma, { unitId, provider: 'feishu', name: '飞书群', webhookUrl: webhookOf.feishu, secret: 'wrong' }, admin))!
		expect(await sendTestMessage(prisma, dt, 'en', noPause)).toMatchObject({
			status: 'rejected',
			attempts: 1,
			errorKey: 'notify.errors.signature',
			error: '310000 sign not match',
		})
		expect(await sendTestMessage(prisma, fs, 'en', noPause)).toMatchObject({
			status: 'rejected',
			attempts: 1,
			errorKey: 'notify.errors.signature',
			error: expect.stringMatching(/^19021 sign match fail/),
		})
	})
})

describe('secrets', () => {
	test('the admin page, the audit log and the delivery log never hold the address or the secret', async () => {
		await createChannel(prisma, { unitId, provider: 'dingtalk', name: '钉钉群', webhookUrl: webhookOf.dingtalk, secret: ROBOTS.dingtalk.secret }, admin)
		const cookie = await loginAs('admin')
		const page = JSON.stringify(await channelsLoader(args(getRequest('/admin/channels', cookie))))
		expect(page).not.toContain(ROBOTS.dingtalk.token)
		expect(page).not.toContain(ROBOTS.dingtalk.secret)
		expect(page).toContain('access_token=…6789')
		const audit = JSON.stringify(await prisma.auditLog.findMany({ where: { entity: 'NotifyChannel' }, select: { before: true, after: true } }))
		expect(audit).toContain('钉钉群')
		expect(audit).not.toContain(ROBOTS.dingtalk.token)
		expect(audit).not.toContain(ROBOTS.dingtalk.secret)
		// The audit page names the robot, links to the robots' page, and shows nothing else of it.
		const auditPage = JSON.stringify(await auditLoader(args(getRequest('/audit?entity=NotifyChannel', cookie))))
		expect(auditPage).toContain('钉钉群')
		expect(auditPage).toContain('/admin/channels')
		expect(auditPage).not.toContain(ROBOTS.dingtalk.token)
		expect(auditPage).not.toContain(ROBOTS.dingtalk.secret)
	})

	test('an address of another host is refused by the form', async () => {
		const cookie = await loginAs('admin')
		const result = unwrap<{ ok: boolean; errors: Record<string, string> }>(
			await channelsAction(
				args(
					formRequest(
						'/admin/channels',
						{ intent: 'create', unitId, provider: 'dingtalk', name: 'x', webhookUrl: 'https://attacker.example/robot/send?access_token=abcdefgh123' },
						{ Cookie: cookie },
					),
				),
			),
		)
		expect(result.status).toBe(400)
		expect(result.body).toMatchObject({ ok: false, errors: { webhookUrl: 'notify.errors.webhook' } })
		expect(await prisma.notifyChannel.count()).toBe(0)
	})
})

describe('the notification centre', () => {
	test('a change another user makes to my lead, and my overdue lead, reach my centre; the bell counts them', async () => {
		const lead = await overdueLeadOfStaff('（测试）被修改的线索有限公司')
		await recordAudit(prisma, { userId: manager.id, entity: 'Lead', entityId: lead.id, action: 'update', before: {}, after: {} })
		// My own change is no news to me.
		await recordAudit(prisma, { userId: staff.id, entity: 'Lead', entityId: lead.id, action: 'update', before: {}, after: {} })
		const cookie = await loginAs('staff')
		const page = await notificationsLoader(args(getRequest('/notifications', cookie)))
		const mine = page.rows.filter((r) => r.href === `/leads/${lead.id}`)
		expect(mine.map((r) => r.kind).sort()).toEqual(['lead_overdue', 'record_changed'])
		const zh = i18nFor('zh-CN').t
		const { notificationText } = await import('~/domain/notify/items')
		expect(
			notificationText(
				zh,
				mine.find((r) => r.kind === 'record_changed')!,
			),
		).toBe('刘局长修改了您负责的线索“（测试）被修改的线索有限公司”')
		const root = await rootLoader(args(getRequest('/', cookie)))
		expect(root.user?.unread).toBe(page.unread)
		// Refreshing again stores nothing twice.
		expect(await refreshNotifications(prisma, staff)).toBe(0)
	})

	test('quotas behind pace: a leader gets one item per quota the dashboard counts behind', async () => {
		await refreshNotifications(prisma, manager)
		const progress = await loadQuotaProgress(prisma, {
			year: Number(today.slice(0, 4)),
			asOf: today,
			scope: manager.scope,
			limits: { ...DASHBOARD_LIMITS, items: 0 },
		})
		const behind = progress
			.filter((q) => q.status === 'behind')
			.map((q) => q.quotaId)
			.sort()
		// The demo year has targets behind pace (dated relative to the seed day, ADR 0021).
		expect(behind.length).toBeGreaterThan(0)
		const items = await prisma.notification.findMany({ where: { userId: manager.id, kind: 'quota_behind' }, select: { entityId: true } })
		expect(items.map((i) => i.entityId).sort()).toEqual(behind)
	})

	test('mark read and all read: only one’s own', async () => {
		await overdueLeadOfStaff('（测试）标为已读有限公司')
		await refreshNotifications(prisma, staff)
		await refreshNotifications(prisma, manager)
		const managersItem = await prisma.notification.findFirstOrThrow({ where: { userId: manager.id }, select: { id: true } })
		const staffCookie = await loginAs('staff')
		// Another user's notification is unknown to me.
		expect(
			await statusOf(() => notificationsAction(args(formRequest('/notifications', { intent: 'read', id: managersItem.id }, { Cookie: staffCookie })))),
		).toBe(404)
		expect((await prisma.notification.findUniqueOrThrow({ where: { id: managersItem.id }, select: { readAt: true } })).readAt).toBeNull()
		const mine = await prisma.notification.findFirstOrThrow({ where: { userId: staff.id, readAt: null }, select: { id: true } })
		await notificationsAction(args(formRequest('/notifications', { intent: 'read', id: mine.id }, { Cookie: staffCookie })))
		expect((await prisma.notification.findUniqueOrThrow({ where: { id: mine.id }, select: { readAt: true } })).readAt).not.toBeNull()
		await notificationsAction(args(formRequest('/notifications', { intent: 'readAll' }, { Cookie: staffCookie })))
		expect(await prisma.notification.count({ where: { userId: staff.id, readAt: null } })).toBe(0)
		expect(await prisma.notification.count({ where: { userId: manager.id, readAt: null } })).toBeGreaterThan(0)
	})

	test('staff cannot see or configure channels', async () => {
		const cookie = await loginAs('staff')
		expect(await statusOf(() => channelsLoader(args(getRequest('/admin/channels', cookie))))).toBe(403)
		expect(
			await statusOf(() =>
				channelsAction(
					args(formRequest('/admin/channels', { intent: 'create', unitId, provider: 'wecom', name: 'x', webhookUrl: webhookOf.wecom }, { Cookie: cookie })),
				),
			),
		).toBe(403)
		expect(await statusOf(async () => channelsLoader(args(getRequest('/admin/channels', await loginAs('manager')))))).toBe(403)
	})
})
