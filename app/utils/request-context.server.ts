import { type AppLoadContext } from '@remix-run/node'

/**
 * What the HTTP server (server/ entry) hands every loader and action. Tests
 * that call loaders directly pass `{}`, so every field is optional and read
 * through the helpers below.
 */
declare module '@remix-run/node' {
	interface AppLoadContext {
		/** The client's address: the socket peer, or X-Forwarded-For's first hop when TRUST_PROXY=1. */
		clientAddress?: string
		/** Per-response nonce for the Content-Security-Policy's script-src. */
		cspNonce?: string
	}
}

export const UNKNOWN_ADDRESS = 'unknown'

export function clientAddressOf(context: AppLoadContext | undefined) {
	return context?.clientAddress ?? UNKNOWN_ADDRESS
}
