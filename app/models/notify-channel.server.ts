// Chat channels of the units (ADR 0038): the admin's configuration, sending through the one
// outbound module, and the delivery log. The webhook address and secret never leave this
// module except masked: no page, log line or audit row holds them.
import { type Db } from '~/db.server'
import { type ChatMessage, backoffMs, buildWebhookRequest, DELIVERY_ATTEMPTS, interpretResponse } from '~/domain/notify/message'
import { maskWebhook, type NewChannel, type Provider, providerSchema } from '~/domain/notify/providers'
import { postJsonWithRetries } from '~/utils/outbound-http.server'
import { recordAudit } from './audit.server'

/** What the audit log keeps of a channel: never the address or the secret. */
function auditSnapshot(channel: { unitId: string; provider: string; name: string; enabled: boolean; secret: string | null }) {
	return { unitId: channel.unitId, provider: channel.provider, name: channel.name, enabled: channel.enabled, signed: channel.secret !== null }
}

export async function createChannel(db: Db, input: NewChannel, actor: { id: string; address: string | null }) {
	return db.$transaction(async (tx) => {
		const unit = await tx.unit.findUnique({ where: { id: input.unitId }, select: { id: true } })
		if (!unit) return null
		const channel = await tx.notifyChannel.create({
			data: { unitId: input.unitId, provider: input.provider, name: input.name, webhookUrl: input.webhookUrl, secret: input.secret },
			select: { id: true, unitId: true, provider: true, name: true, enabled: true, secret: true },
		})
		await recordAudit(tx, {
			userId: actor.id,
			entity: 'NotifyChannel',
			entityId: channel.id,
			action: 'create',
			after: auditSnapshot(channel),
			ip: actor.address,
		})
		return channel.id
	})
}

const channelAuditSelect = { id: true, unitId: true, provider: true, name: true, enabled: true, secret: true } as const

export async function setChannelEnabled(db: Db, id: string, enabled: boolean, actor: { id: string; address: string | null }) {
	return db.$transaction(async (tx) => {
		const before = await tx.notifyChannel.findUnique({ where: { id }, select: channelAuditSelect })
		if (!before) return false
		const after = await tx.notifyChannel.update({ where: { id }, data: { enabled }, select: channelAuditSelect })
		await recordAudit(tx, {
			userId: actor.id,
			entity: 'NotifyChannel',
			entityId: id,
			action: 'update',
			before: auditSnapshot(before),
			after: auditSnapshot(after),
			ip: actor.address,
		})
		return true
	})
}

export async function deleteChannel(db: Db, id: string, actor: { id: string; address: string | null }) {
	return db.$transaction(async (tx) => {
		const before = await tx.notifyChannel.findUnique({ where: { id }, select: channelAuditSelect })
		if (!before) return false
		await tx.notifyChannel.delete({ where: { id }, select: { id: true } })
		await recordAudit(tx, { userId: actor.id, entity: 'NotifyChannel', entityId: id, action: 'delete', before: auditSnapshot(before), ip: actor.address })
		return true
	})
}

/** A channel's name (null: no such channel). */
export async function getChannelName(db: Db, id: string) {
	const channel = await db.notifyChannel.findUnique({ where: { id }, select: { name: true } })
	return channel?.name ?? null
}

/** The admin page's list: masked addresses, whether a secret is set, the newest delivery. */
export async function listChannels(db: Db) {
	const rows = await db.notifyChannel.findMany({
		orderBy: [{ unit: { name: 'asc' } }, { createdAt: 'asc' }],
		select: {
			id: true,
			provider: true,
			name: true,
			webhookUrl: true,
			secret: true,
			enabled: true,
			unit: { select: { id: true, name: true, nameEn: true } },
			deliveries: { orderBy: { createdAt: 'desc' }, take: 1, select: { status: true, createdAt: true, errorKey: true } },
		},
	})
	return rows.map(({ webhookUrl, secret, deliveries, ...channel }) => {
		const provider = providerSchema.parse(channel.provider)
		return { ...channel, provider, webhook: maskWebhook(provider, webhookUrl), signed: secret !== null, last: deliveries[0] ?? null }
	})
}

/** The delivery log, newest first. */
export function listDeliveries(db: Db, take = 50) {
	return db.notifyDelivery.findMany({
		orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
		take,
		select: {
			id: true,
			purpose: true,
			day: true,
			status: true,
			attempts: true,
			error: true,
			errorKey: true,
			createdAt: true,
			channel: { select: { name: true, provider: true, unit: { select: { name: true, nameEn: true } } } },
		},
	})
}

export type DeliveryStatus = 'sent' | 'rejected' | 'failed'
export type Delivery = { id: string; status: DeliveryStatus; attempts: number; error: string | null; errorKey: string | null }

type SendOptions = {
	purpose: 'digest' | 'test'
	day?: string | null
	now?: Date
	baseUrl?: string | null
	more: (n: number) => string
	sleep?: (ms: number) => Promise<void>
}

/**
 * Sends a message to a channel (retrying 5xx, rate limits and network errors, DELIVERY_ATTEMPTS
 * tries with growing pauses) and logs the delivery. Null when the channel does not exist.
 */
export async function sendToChannel(db: Db, channelId: string, message: ChatMessage, options: SendOptions): Promise<Delivery | null> {
	const channel = await db.notifyChannel.findUnique({ where: { id: channelId }, select: { id: true, provider: true, webhookUrl: true, secret: true } })
	if (!channel) return null
	const provider: Provider = providerSchema.parse(channel.provider)
	const request = buildWebhookRequest({ provider, webhookUrl: channel.webhookUrl, secret: channel.secret }, message, {
		now: options.now ?? new Date(),
		baseUrl: options.baseUrl ?? appBaseUrl(),
		more: options.more,
	})
	const result = await postJsonWithRetries(request.url, request.body, {
		attempts: DELIVERY_ATTEMPTS,
		backoffMs,
		sleep: options.sleep,
		judge: (status, text) => {
			const outcome = interpretResponse(provider, status, text)
			return outcome.kind === 'retry' ? { done: false, detail: outcome.detail } : { done: true, value: outcome }
		},
	})
	const status: DeliveryStatus = !result.ok ? 'failed' : result.value.kind === 'sent' ? 'sent' : 'rejected'
	const error = !result.ok ? result.detail : result.value.kind === 'rejected' ? result.value.detail : null
	const errorKey = !result.ok ? 'notify.errors.unreachable' : result.value.kind === 'rejected' ? result.value.errorKey : null
	const row = await db.notifyDelivery.create({
		data: { channelId, purpose: options.purpose, day: options.day ?? null, status, attempts: result.attempts, error, errorKey },
		select: { id: true },
	})
	// The operator's log: the channel's id and the service's answer, never the address.
	if (status !== 'sent') console.warn(`notify: delivery to channel ${channelId} ${status} after ${result.attempts} tries: ${error ?? ''}`)
	return { id: row.id, status, attempts: result.attempts, error, errorKey }
}

/** The address pages are reached at, for links in chat messages (APP_URL, e.g. https://chainlead.example.gov.cn); none: no links. */
export function appBaseUrl() {
	const value = process.env.APP_URL?.trim()
	if (!value) return null
	try {
		return new URL(value).toString()
	} catch {
		return null
	}
}

/** The enabled channels of a unit. */
export function enabledChannelsOf(db: Db, unitId: string) {
	return db.notifyChannel.findMany({ where: { unitId, enabled: true }, orderBy: { createdAt: 'asc' }, select: { id: true, name: true } })
}
