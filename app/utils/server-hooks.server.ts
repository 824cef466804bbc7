import { prisma } from '~/db.server'
import { bodyLimitFor, formatLimit } from '~/domain/http/body-limits'
import { createI18n, LOCALES } from '~/i18n/i18n'
import { prepareToServe, type ServeMode } from '~/models/first-run.server'

/**
 * What the HTTP server (server/index.mjs, plain JavaScript) asks of the app:
 * it reaches these through the server build, so the rules live in one place.
 */
export const serverHooks = {
	/** Startup: first-run token, refusal of demo passwords in a real install, or the demo logins to print. */
	prepareToServe: (mode: ServeMode) => prepareToServe(prisma, mode),
	/** The body limit of a URL path. */
	bodyLimitFor,
	/** The 413 answer: short, in Chinese and English (the refusal comes before any cookie is read). */
	bodyTooLargeMessage(limitBytes: number) {
		const limit = formatLimit(limitBytes)
		return `${LOCALES.map((locale) => createI18n(locale).t('security.bodyTooLarge', { limit })).join('\n')}\n`
	},
	/** Shutdown: close the database (SQLite checkpoints its WAL on close). */
	disconnect: () => prisma.$disconnect(),
}
