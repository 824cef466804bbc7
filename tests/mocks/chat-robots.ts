import crypto from 'node:crypto'
import { http, HttpResponse } from 'msw'

/**
 * msw stubs of the three chat robots' webhooks (ADR 0038), answering as the services document:
 * each checks the signature it would check (recomputed here with the robot's real secret) and the
 * credential in the address, and records what it received.
 */
export type Received = { provider: 'dingtalk' | 'wecom' | 'feishu'; url: URL; body: Record<string, unknown> }

export const ROBOTS = {
	dingtalk: { token: 'dt-token-0123456789', secret: 'SECdingtalk-real-secret-0123456789' },
	wecom: { key: '12345678-aaaa-bbbb-cccc-123456789abc' },
	feishu: { hook: 'fs-hook-0123456789', secret: 'feishu-real-secret' },
}

export const webhookOf = {
	dingtalk: `https://oapi.dingtalk.com/robot/send?access_token=${ROBOTS.dingtalk.token}`,
	wecom: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${ROBOTS.wecom.key}`,
	feishu: `https://open.feishu.cn/open-apis/bot/v2/hook/${ROBOTS.feishu.hook}`,
}

export const NETWORK_ERROR = Symbol('network error')

/** Answers the next calls to a provider with these (status, JSON or text) before the normal ones. */
export type Override = { status: number; body: unknown }

export function chatRobotHandlers(received: Received[], overrides: Map<string, Override[]>) {
	const override = (provider: string) => overrides.get(provider)?.shift()
	// NETWORK_ERROR: the connection fails (as a reset or a DNS failure would).
	const answer = (o: Override) =>
		o.body === NETWORK_ERROR
			? HttpResponse.error()
			: typeof o.body === 'string'
				? new HttpResponse(o.body, { status: o.status })
				: HttpResponse.json(o.body as Record<string, unknown>, { status: o.status })
	return [
		http.post('https://oapi.dingtalk.com/robot/send', async ({ request }) => {
			const url = new URL(request.url)
			const body = (await request.json()) as Record<string, unknown>
			received.push({ provider: 'dingtalk', url, body })
			const o = override('dingtalk')
			if (o) return answer(o)
			if (url.searchParams.get('access_token') !== ROBOTS.dingtalk.token) return HttpResponse.json({ errcode: 300001, errmsg: 'token is not exist' })
			const timestamp = url.searchParams.get('timestamp') ?? ''
			const expected = crypto.createHmac('sha256', ROBOTS.dingtalk.secret).update(`${timestamp}\n${ROBOTS.dingtalk.secret}`).digest('base64')
			if (url.searchParams.get('sign') !== expected || Math.abs(Date.now() - Number(timestamp)) > 3_600_000)
				return HttpResponse.json({ errcode: 310000, errmsg: 'sign not match' })
			return HttpResponse.json({ errcode: 0, errmsg: 'ok' })
		}),
		http.post('https://qyapi.weixin.qq.com/cgi-bin/webhook/send', async ({ request }) => {
			const url = new URL(request.url)
			const body = (await request.json()) as Record<string, unknown>
			received.push({ provider: 'wecom', url, body })
			const o = override('wecom')
			if (o) return answer(o)
			if (url.searchParams.get('key') !== ROBOTS.wecom.key) {
				return HttpResponse.json({
					errcode: 93000,
					errmsg: 'invalid webhook url, hint: [1755605200056773468916791], more info at https://open.work.weixin.qq.com/devtool/query?e=93000',
				})
			}
			if (body.msgtype !== 'markdown') return HttpResponse.json({ errcode: 40008, errmsg: 'invalid message type' })
			return HttpResponse.json({ errcode: 0, errmsg: 'ok' })
		}),
		http.post('https://open.feishu.cn/open-apis/bot/v2/hook/:hook', async ({ request, params }) => {
			const url = new URL(request.url)
			const body = (await request.json()) as Record<string, unknown>
			received.push({ provider: 'feishu', url, body })
			const o = override('feishu')
			if (o) return answer(o)
			if (params.hook !== ROBOTS.feishu.hook)
				return HttpResponse.json({ code: 19001, msg: 'param invalid: incoming webhook access token invalid', data: {} }, { status: 400 })
			const timestamp = typeof body.timestamp === 'string' ? body.timestamp : ''
			const expected = crypto.createHmac('sha256', `${timestamp}\n${ROBOTS.feishu.secret}`).update('').digest('base64')
			if (body.sign !== expected || Math.abs(Date.now() / 1000 - Number(timestamp)) > 3600) {
				return HttpResponse.json({ code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time', data: {} }, { status: 400 })
			}
			return HttpResponse.json({ code: 0, msg: 'success', data: {} })
		}),
	]
}
