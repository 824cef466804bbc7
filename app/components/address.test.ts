import { expect, it } from 'vitest'
import { UNKNOWN_ADDRESS } from '~/utils/request-context.server'
import { UNKNOWN_ADDRESS_TEXT } from './address'

it('knows the text the server records for an unknown client address', () => {
	expect(UNKNOWN_ADDRESS_TEXT).toBe(UNKNOWN_ADDRESS)
})
