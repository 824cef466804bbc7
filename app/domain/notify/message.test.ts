import { describe, expect, test } from 'vitest'
import { backoffMs, buildWebhookRequest, DELIVERY_ATTEMPTS, escapeMarkdown, interpretResponse } from './message'

const NOW = new Date(1_700_000_000_000)
const message = {
	title: '区商务局 招商工作提醒 2026-12-07',
	lines: [
		{ text: '王招商：逾期 1', href: null },
		{ text: '· 示例公司：下一步行动日期 2026-12-01 已过', href: '/leads/abc' },
	],
}
const options = { now: NOW, baseUrl: 'https://chainlead.example.gov.cn/', more: (n: number) => `另有 ${n} 条` }

describe('buildWebhookRequest', () => {
	test('钉钉: markdown, timestamp in ms and the sign in the query (URL-encoded)', () => {
		const request = buildWebhookRequest(
			{ provider: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=tok12345678', secret: 'SEC0123456789abcdef' },
			message,
			options,
		)
		const url = new URL(request.url)
		expect(url.searchParams.get('access_token')).toBe('tok12345678')
		expect(url.searchParams.get('timestamp')).toBe('1700000000000')
		expect(url.searchParams.get('sign')).toBe('TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=')
		expect(request.url).toContain('sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D')
		expect(request.body).toEqual({
			msgtype: 'markdown',
			markdown: {
				title: message.title,
				text: '### 区商务局 招商工作提醒 2026-12-07\n\n- 王招商：逾期 1\n- [· 示例公司：下一步行动日期 2026-12-01 已过](https://chainlead.example.gov.cn/leads/abc)',
			},
		})
	})

	test('钉钉 without a secret: no timestamp or sign', () => {
		const request = buildWebhookRequest(
			{ provider: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=tok12345678', secret: null },
			message,
			options,
		)
		expect(new URL(request.url).searchParams.has('sign')).toBe(false)
	})

	test('企业微信: markdown content, the key stays in the address, no link without a base address', () => {
		const request = buildWebhookRequest(
			{ provider: 'wecom', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-123456789', secret: null },
			message,
			{ ...options, baseUrl: null },
		)
		expect(request.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-123456789')
		expect(request.body).toEqual({
			msgtype: 'markdown',
			markdown: { content: '**区商务局 招商工作提醒 2026-12-07**\n> 王招商：逾期 1\n> · 示例公司：下一步行动日期 2026-12-01 已过' },
		})
	})

	test('企业微信: a long digest is cut under 4096 bytes with an "n more" line', () => {
		const long = { title: 't', lines: Array.from({ length: 200 }, (_, i) => ({ text: `第 ${i} 条：某某有限公司的下一步行动已逾期`, href: null })) }
		const request = buildWebhookRequest(
			{ provider: 'wecom', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-123456789', secret: null },
			long,
			options,
		)
		const content = (request.body.markdown as { content: string }).content
		expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096)
		expect(content).toMatch(/另有 \d+ 条$/)
	})

	test('飞书: post with links, timestamp in seconds and the sign in the body', () => {
		const request = buildWebhookRequest(
			{ provider: 'feishu', webhookUrl: 'https://open.feishu.cn/open-apis/bot/v2/hook/hook-1234', secret: 'feishu-secret-abc' },
			message,
			options,
		)
		expect(request.url).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/hook-1234')
		expect(request.body).toEqual({
			msg_type: 'post',
			content: {
				post: {
					zh_cn: {
						title: message.title,
						content: [
							[{ tag: 'text', text: '王招商：逾期 1' }],
							[{ tag: 'a', text: '· 示例公司：下一步行动日期 2026-12-01 已过', href: 'https://chainlead.example.gov.cn/leads/abc' }],
						],
					},
				},
			},
			timestamp: '1700000000',
			sign: 'BNrkOVH4bA8eR8idZQa7kA3h/NvtShFdUuNud4zr1mw=',
		})
	})

	test('markdown characters in names cannot make links or headings', () => {
		expect(escapeMarkdown('[点我](http://evil) # 标题\n第二行')).toBe('\\[点我\\]\\(http://evil\\) \\# 标题 第二行')
	})
})

describe('interpretResponse', () => {
	test('success answers', () => {
		expect(interpretResponse('dingtalk', 200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ kind: 'sent' })
		expect(interpretResponse('wecom', 200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ kind: 'sent' })
		expect(interpretResponse('feishu', 200, '{"code":0,"msg":"success","data":{}}')).toEqual({ kind: 'sent' })
		expect(interpretResponse('feishu', 200, '{"StatusCode":0,"StatusMessage":"success"}')).toEqual({ kind: 'sent' })
	})

	test('a bad signature or key is refused for good, with the service’s words and an explanation', () => {
		expect(interpretResponse('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}')).toEqual({
			kind: 'rejected',
			errorKey: 'notify.errors.signature',
			detail: '310000 sign not match',
		})
		expect(interpretResponse('wecom', 200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toEqual({
			kind: 'rejected',
			errorKey: 'notify.errors.key',
			detail: '93000 invalid webhook url',
		})
		expect(interpretResponse('feishu', 200, '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}')).toMatchObject({
			kind: 'rejected',
			errorKey: 'notify.errors.signature',
		})
		expect(interpretResponse('feishu', 400, '{"code":19024,"msg":"Key Words Not Found"}')).toMatchObject({
			kind: 'rejected',
			errorKey: 'notify.errors.keyword',
		})
		expect(interpretResponse('dingtalk', 200, '{"errcode":12345,"errmsg":"odd"}')).toMatchObject({ kind: 'rejected', errorKey: 'notify.errors.rejected' })
		expect(interpretResponse('wecom', 404, 'not found')).toMatchObject({ kind: 'rejected', errorKey: 'notify.errors.key' })
	})

	test('5xx, 429 and the services’ rate limits are worth another try', () => {
		expect(interpretResponse('dingtalk', 502, 'Bad Gateway')).toEqual({ kind: 'retry', detail: 'HTTP 502 Bad Gateway' })
		expect(interpretResponse('wecom', 429, '')).toMatchObject({ kind: 'retry' })
		expect(interpretResponse('dingtalk', 200, '{"errcode":130101,"errmsg":"send too fast"}')).toMatchObject({ kind: 'retry' })
		expect(interpretResponse('feishu', 200, '{"code":11232,"msg":"frequency limited"}')).toMatchObject({ kind: 'retry' })
	})

	test('bounded retries with growing pauses', () => {
		expect(DELIVERY_ATTEMPTS).toBe(3)
		expect([1, 2].map(backoffMs)).toEqual([1000, 4000])
	})
})
