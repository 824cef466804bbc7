/**
 * The one shape of a refusal the user reads (#16 §2). A model or a domain rule
 * throws a UserError (or a feature's subclass, which adds the records its page
 * lists: closed reports, changed rows…); the route answers it as an action
 * refusal (see ~/utils/forms) with the error's HTTP status. The message is an
 * i18n key with its params, translated where it is shown; `field` names the form
 * field it belongs under, or is null for a message about the whole form.
 */

export type MessageParams = Record<string, string | number>

/** A message for the user: an i18n key and the values it interpolates. */
export type UserMessage = { key: string; params: MessageParams }

export type RefusalStatus = 400 | 403 | 404 | 409 | 413

export type UserErrorOptions = { params?: MessageParams; field?: string | null; status?: RefusalStatus }

export class UserError extends Error {
	readonly messageKey: string
	readonly params: MessageParams
	readonly field: string | null
	readonly status: RefusalStatus

	constructor(messageKey: string, { params = {}, field = null, status = 400 }: UserErrorOptions = {}) {
		super(messageKey)
		this.name = new.target.name
		this.messageKey = messageKey
		this.params = params
		this.field = field
		this.status = status
	}

	get userMessage(): UserMessage {
		return { key: this.messageKey, params: this.params }
	}
}

/** A message from its key (and params). */
export const userMessage = (key: string, params: MessageParams = {}): UserMessage => ({ key, params })
