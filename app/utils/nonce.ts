import { createContext, useContext } from 'react'

/**
 * The Content-Security-Policy nonce of the response being rendered. The server
 * provides it around <RemixServer>; in the browser it is empty, because
 * browsers hide nonce attributes from scripts and the scripts already ran.
 */
const NonceContext = createContext('')

export const NonceProvider = NonceContext.Provider

export function useNonce() {
	return useContext(NonceContext)
}
