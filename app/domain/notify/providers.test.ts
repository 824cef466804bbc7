import { expect, test } from 'vitest'
import { maskWebhook, newChannelSchema, normalizeWebhook } from './providers'

test('only each provider’s own webhook addresses are taken', () => {
	expect(normalizeWebhook('dingtalk', ' https://oapi.dingtalk.com/robot/send?access_token=abcdef123456 ')).toBe(
		'https://oapi.dingtalk.com/robot/send?access_token=abcdef123456',
	)
	expect(normalizeWebhook('dingtalk', 'https://evil.example/robot/send?access_token=abcdef123456')).toBeNull()
	expect(normalizeWebhook('dingtalk', 'https://oapi.dingtalk.com.evil.example/robot/send?access_token=abcdef123456')).toBeNull()
	expect(normalizeWebhook('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=')).toBeNull()
	expect(normalizeWebhook('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aoc-4bc4-97a0-0ec2sifa5aaa')).not.toBeNull()
	expect(normalizeWebhook('feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/5e3d587e-d78e-4a07-bd07-265f269f86fd')).not.toBeNull()
	expect(normalizeWebhook('feishu', 'https://oapi.dingtalk.com/robot/send?access_token=abcdef123456')).toBeNull()
})

test('a bare 企业微信 key becomes its address; a pasted 钉钉 sign and timestamp are dropped', () => {
	expect(normalizeWebhook('wecom', '12345678-1234-1234-1234-123456789abc')).toBe(
		'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=12345678-1234-1234-1234-123456789abc',
	)
	expect(normalizeWebhook('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abcdef123456&timestamp=1&sign=x')).toBe(
		'https://oapi.dingtalk.com/robot/send?access_token=abcdef123456',
	)
})

test('the admin page sees the address masked to the credential’s last four characters', () => {
	expect(maskWebhook('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abcdef123456')).toBe(
		'https://oapi.dingtalk.com/robot/send?access_token=…3456',
	)
	expect(maskWebhook('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=12345678-1234-1234-1234-123456789abc')).toBe(
		'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…9abc',
	)
	expect(maskWebhook('feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/5e3d587e-d78e')).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/…d78e')
})

test('the form: a secret only where the provider signs', () => {
	const base = { unitId: 'u1', name: '招商群', webhookUrl: '12345678-1234-1234-1234-123456789abc' }
	expect(newChannelSchema.safeParse({ ...base, provider: 'wecom', secret: '' }).success).toBe(true)
	const withSecret = newChannelSchema.safeParse({ ...base, provider: 'wecom', secret: 'x' })
	expect(withSecret.success ? null : withSecret.error.issues[0]?.message).toBe('notify.errors.noSecret')
	const wrong = newChannelSchema.safeParse({ ...base, provider: 'dingtalk', secret: '' })
	expect(wrong.success ? null : wrong.error.issues[0]?.message).toBe('notify.errors.webhook')
})
