import { z } from 'zod'

/**
 * The chat tools Chinese bureaus use, each through its group robot's webhook
 * (ADR 0038): 钉钉 custom robot (加签: timestamp + sign in the query), 企业微信
 * group robot (the key in the address is the credential) and 飞书 custom bot
 * (签名校验: timestamp + sign in the body, optional).
 */
export const PROVIDERS = ['dingtalk', 'wecom', 'feishu'] as const
export type Provider = (typeof PROVIDERS)[number]

/** Where each provider's webhooks live: an address elsewhere is refused (no sending our digests to any host). */
const WEBHOOK_PREFIX: Record<Provider, readonly string[]> = {
	dingtalk: ['https://oapi.dingtalk.com/robot/send?'],
	wecom: ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?'],
	feishu: ['https://open.feishu.cn/open-apis/bot/v2/hook/', 'https://open.larksuite.com/open-apis/bot/v2/hook/'],
}

/** The credential inside each kind of address: 钉钉 access_token, 企业微信 key, 飞书 the hook's last path segment. */
function credentialOf(provider: Provider, url: URL) {
	if (provider === 'dingtalk') return url.searchParams.get('access_token') ?? ''
	if (provider === 'wecom') return url.searchParams.get('key') ?? ''
	return url.pathname.split('/').pop() ?? ''
}

/** 企业微信 shows the key on its own too: a bare key becomes the robot's address. */
const WECOM_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The webhook address as stored, or null when it is not one of the provider's. */
export function normalizeWebhook(provider: Provider, input: string): string | null {
	const text = input.trim()
	const candidate = provider === 'wecom' && WECOM_KEY.test(text) ? `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${text}` : text
	if (!WEBHOOK_PREFIX[provider].some((prefix) => candidate.startsWith(prefix))) return null
	let url: URL
	try {
		url = new URL(candidate)
	} catch {
		return null
	}
	if (url.username || url.password || url.hash) return null
	const credential = credentialOf(provider, url)
	if (!/^[\w-]{8,200}$/.test(credential)) return null
	// 钉钉's sign and timestamp are added at each send; a pasted old pair would be stale.
	url.searchParams.delete('sign')
	url.searchParams.delete('timestamp')
	return url.toString()
}

/** What the admin page shows of an address: the host and path, and the credential's last four characters. */
export function maskWebhook(provider: Provider, stored: string) {
	const url = new URL(stored)
	const credential = credentialOf(provider, url)
	const tail = credential.slice(-4)
	if (provider === 'feishu') return `${url.origin}${url.pathname.slice(0, url.pathname.length - credential.length)}…${tail}`
	return `${url.origin}${url.pathname}?${provider === 'dingtalk' ? 'access_token' : 'key'}=…${tail}`
}

/** 钉钉 and 飞书 robots may sign; 企业微信's only credential is the key in the address. */
export function providerSigns(provider: Provider) {
	return provider !== 'wecom'
}

export const providerSchema = z.enum(PROVIDERS, { error: 'notify.errors.provider' })

/** The admin's new-channel form. */
export const newChannelSchema = z
	.object({
		unitId: z.string().min(1, 'notify.errors.unit'),
		provider: providerSchema,
		name: z.string().trim().min(1, 'notify.errors.name').max(60, 'notify.errors.name'),
		webhookUrl: z.string().max(500, 'notify.errors.webhook'),
		secret: z.string().trim().max(200, 'notify.errors.secret').optional().default(''),
	})
	.transform((value, ctx) => {
		const webhookUrl = normalizeWebhook(value.provider, value.webhookUrl)
		if (!webhookUrl) {
			ctx.addIssue({ code: 'custom', message: 'notify.errors.webhook', path: ['webhookUrl'] })
			return z.NEVER
		}
		if (value.secret && !providerSigns(value.provider)) {
			ctx.addIssue({ code: 'custom', message: 'notify.errors.noSecret', path: ['secret'] })
			return z.NEVER
		}
		return { ...value, webhookUrl, secret: value.secret || null }
	})

export type NewChannel = z.output<typeof newChannelSchema>
