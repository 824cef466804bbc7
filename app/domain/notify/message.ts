import { type Provider } from './providers'
import { dingtalkSign, feishuSign } from './sign'

/** A message for a chat group: a title and lines, each with the page it opens when the app's address is known. */
export type ChatMessage = { title: string; lines: { text: string; href?: string | null }[] }

export type ChannelCredentials = { provider: Provider; webhookUrl: string; secret: string | null }

/** The HTTP request a channel is sent: POST of a JSON body to `url`. */
export type WebhookRequest = { url: string; body: Record<string, unknown> }

/** 企业微信 markdown content is at most 4096 bytes, 钉钉 and 飞书 take 20 KB: long digests are cut at a line with a note. */
const BYTE_LIMIT: Record<Provider, number> = { dingtalk: 18_000, wecom: 4_000, feishu: 18_000 }

const bytes = (text: string) => Buffer.byteLength(text, 'utf8')

/** Markdown is interpreted by 钉钉 and 企业微信: a company name must not open a link or a heading. */
export function escapeMarkdown(text: string) {
	return text.replace(/[\\`*_[\]()#>!|<~]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ')
}

function absolute(href: string | null | undefined, baseUrl: string | null) {
	if (!href || !baseUrl) return null
	return new URL(href, baseUrl).toString()
}

/** The lines that fit the provider's limit, and how many were left out. */
function fitLines(provider: Provider, message: ChatMessage, render: (line: ChatMessage['lines'][number]) => string, more: (n: number) => string) {
	const limit = BYTE_LIMIT[provider] - bytes(message.title) - 200
	const out: string[] = []
	let used = 0
	for (const [i, line] of message.lines.entries()) {
		const text = render(line)
		if (used + bytes(text) + 1 > limit) {
			out.push(more(message.lines.length - i))
			break
		}
		out.push(text)
		used += bytes(text) + 1
	}
	return out
}

/**
 * The request of a message to a channel at `now`: 钉钉 markdown with timestamp and sign in the
 * query when the robot signs; 企业微信 markdown; 飞书 post (rich text) with timestamp and sign in
 * the body when the bot signs. `more` words the "n more" line of a cut message.
 */
export function buildWebhookRequest(
	channel: ChannelCredentials,
	message: ChatMessage,
	options: { now: Date; baseUrl: string | null; more: (n: number) => string },
): WebhookRequest {
	const { now, baseUrl, more } = options
	if (channel.provider === 'dingtalk') {
		const url = new URL(channel.webhookUrl)
		if (channel.secret) {
			const timestamp = String(now.getTime())
			url.searchParams.set('timestamp', timestamp)
			url.searchParams.set('sign', dingtalkSign(timestamp, channel.secret))
		}
		const lines = fitLines(
			'dingtalk',
			message,
			(l) => {
				const link = absolute(l.href, baseUrl)
				return link ? `- [${escapeMarkdown(l.text)}](${link})` : `- ${escapeMarkdown(l.text)}`
			},
			more,
		)
		return {
			url: url.toString(),
			body: { msgtype: 'markdown', markdown: { title: message.title, text: [`### ${escapeMarkdown(message.title)}`, '', ...lines].join('\n') } },
		}
	}
	if (channel.provider === 'wecom') {
		const lines = fitLines(
			'wecom',
			message,
			(l) => {
				const link = absolute(l.href, baseUrl)
				return link ? `> [${escapeMarkdown(l.text)}](${link})` : `> ${escapeMarkdown(l.text)}`
			},
			more,
		)
		return { url: channel.webhookUrl, body: { msgtype: 'markdown', markdown: { content: [`**${escapeMarkdown(message.title)}**`, ...lines].join('\n') } } }
	}
	const rows = fitLines('feishu', message, (l) => JSON.stringify(l), more).map((row) => {
		if (!row.startsWith('{')) return [{ tag: 'text', text: row }]
		const line = JSON.parse(row) as ChatMessage['lines'][number]
		const link = absolute(line.href, baseUrl)
		return link ? [{ tag: 'a', text: line.text, href: link }] : [{ tag: 'text', text: line.text }]
	})
	const body: Record<string, unknown> = { msg_type: 'post', content: { post: { zh_cn: { title: message.title, content: rows } } } }
	if (channel.secret) {
		const timestamp = String(Math.floor(now.getTime() / 1000))
		body.timestamp = timestamp
		body.sign = feishuSign(timestamp, channel.secret)
	}
	return { url: channel.webhookUrl, body }
}

/**
 * What a service's answer means: sent; rejected (the service refused the request for a reason
 * that a retry will not change, e.g. a bad key or signature; `errorKey` explains it to the admin);
 * or retry (5xx, 429, the service's own rate limit). `detail` is the service's code and words.
 */
export type Outcome = { kind: 'sent' } | { kind: 'rejected'; errorKey: string; detail: string } | { kind: 'retry'; detail: string }

/** The services' codes that name the cause (ADR 0038 cites where each is documented). */
const KNOWN_CODES: Record<Provider, Record<number, string>> = {
	dingtalk: { 310000: 'notify.errors.signature', 300001: 'notify.errors.key', 400102: 'notify.errors.stopped', 300005: 'notify.errors.key' },
	wecom: { 93000: 'notify.errors.key', 40008: 'notify.errors.messageType', 40058: 'notify.errors.messageType' },
	feishu: {
		19021: 'notify.errors.signature',
		19001: 'notify.errors.key',
		19022: 'notify.errors.ip',
		19024: 'notify.errors.keyword',
		9499: 'notify.errors.messageType',
	},
}

/** Rate limits: worth another try after a pause. */
const RATE_LIMIT_CODES: Record<Provider, readonly number[]> = { dingtalk: [130101], wecom: [45009], feishu: [11232] }

/** The code and message of a provider's JSON answer (钉钉 and 企业微信 errcode/errmsg, 飞书 code/msg or StatusCode/StatusMessage). */
function codeOf(provider: Provider, body: unknown): { code: number; message: string } | null {
	if (!body || typeof body !== 'object') return null
	const record = body as Record<string, unknown>
	const pick = (codeKey: string, messageKey: string) =>
		typeof record[codeKey] === 'number' ? { code: record[codeKey], message: typeof record[messageKey] === 'string' ? record[messageKey] : '' } : null
	if (provider === 'feishu') return pick('code', 'msg') ?? pick('StatusCode', 'StatusMessage')
	return pick('errcode', 'errmsg')
}

/** The service's words, cut short: they go to the delivery log. */
const short = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text)

export function interpretResponse(provider: Provider, status: number, text: string): Outcome {
	if (status >= 500 || status === 429) return { kind: 'retry', detail: short(`HTTP ${status} ${text}`.trim()) }
	let body: unknown = null
	try {
		body = JSON.parse(text)
	} catch {
		// Not JSON: judged by the status alone.
	}
	const answer = codeOf(provider, body)
	if (status >= 200 && status < 300 && answer?.code === 0) return { kind: 'sent' }
	if (!answer)
		return { kind: 'rejected', errorKey: status === 404 ? 'notify.errors.key' : 'notify.errors.rejected', detail: short(`HTTP ${status} ${text}`.trim()) }
	const detail = short(`${answer.code} ${answer.message}`.trim())
	if (RATE_LIMIT_CODES[provider].includes(answer.code)) return { kind: 'retry', detail }
	return { kind: 'rejected', errorKey: KNOWN_CODES[provider][answer.code] ?? 'notify.errors.rejected', detail }
}

/** Tries per message and the pauses between them: 3 tries, 1 s then 4 s (a digest is not urgent; a dead service is not hammered). */
export const DELIVERY_ATTEMPTS = 3
export function backoffMs(attempt: number) {
	return 1000 * 4 ** (attempt - 1)
}
