import crypto from 'node:crypto'
import { expect, it } from 'vitest'
import { passwordProblem } from './password-policy'
import { generateTemporaryPassword } from './temporary-password'

it('gives three groups of four unambiguous characters that pass the password rules', () => {
	for (let i = 0; i < 200; i++) {
		const password = generateTemporaryPassword((n) => crypto.randomBytes(n))
		expect(password).toMatch(/^[a-hjkmnp-zA-HJ-NP-Z2-9]{4}(-[a-hjkmnp-zA-HJ-NP-Z2-9]{4}){2}$/)
		expect(passwordProblem(password, 'zhang')).toBeNull()
	}
})

it('skips bytes that would bias the alphabet', () => {
	// 55 characters: bytes 220–255 would favour the first 36; only 0 and 54 are used here.
	const bytes = [255, 0, 230, 54]
	let next = 0
	const password = generateTemporaryPassword((n) => Uint8Array.from({ length: n }, () => bytes[next++ % bytes.length]!))
	expect(password).toBe('a9a9-a9a9-a9a9')
})
