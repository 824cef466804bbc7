import bcrypt from 'bcryptjs'
import { afterAll, expect, it } from 'vitest'
import { createPasswordHasher } from './password-hash.server'

const hasher = createPasswordHasher({ threads: 2 })
afterAll(() => hasher.close())

it('hashes on worker threads into bcrypt hashes that bcryptjs accepts, and verifies them', async () => {
	const hash = await hasher.hash('long-enough-1', 4)
	expect(hash).toMatch(/^\$2b\$04\$/)
	expect(bcrypt.compareSync('long-enough-1', hash)).toBe(true)
	const existing = bcrypt.hashSync('another-secret', 4)
	expect(await hasher.verify('another-secret', existing)).toBe(true)
	expect(await hasher.verify('wrong-secret', existing)).toBe(false)
})

it('answers every one of many parallel jobs with its own result', async () => {
	const passwords = Array.from({ length: 9 }, (_, i) => `password-number-${i}`)
	const hashes = await Promise.all(passwords.map((p) => hasher.hash(p, 4)))
	const checks = await Promise.all(passwords.flatMap((p, i) => [hasher.verify(p, hashes[i]!), hasher.verify(p, hashes[(i + 1) % hashes.length]!)]))
	expect(checks).toEqual(passwords.flatMap(() => [true, false]))
})

it('rejects a job bcrypt cannot do, and keeps working', async () => {
	// What a caller bypassing the types could send: bcryptjs throws "Illegal arguments".
	await expect(hasher.verify('x', 42 as unknown as string)).rejects.toThrow(/bcrypt: Illegal arguments/)
	expect(await hasher.verify('x', bcrypt.hashSync('x', 4))).toBe(true)
})
