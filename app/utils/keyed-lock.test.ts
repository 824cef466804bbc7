import { expect, it } from 'vitest'
import { createKeyedLock } from './keyed-lock'

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

it('runs work for one key one at a time, in call order, even when one fails', async () => {
	const withKeyLock = createKeyedLock()
	const log: string[] = []
	const job =
		(name: string, fail = false) =>
		async () => {
			log.push(`${name} start`)
			await tick()
			log.push(`${name} end`)
			if (fail) throw new Error(name)
			return name
		}
	const results = await Promise.allSettled([withKeyLock('a', job('a1', true)), withKeyLock('a', job('a2')), withKeyLock('a', job('a3'))])
	expect(log).toEqual(['a1 start', 'a1 end', 'a2 start', 'a2 end', 'a3 start', 'a3 end'])
	expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled'])
})

it('runs work for different keys side by side', async () => {
	const withKeyLock = createKeyedLock()
	const log: string[] = []
	const job = (name: string) => async () => {
		log.push(`${name} start`)
		await tick()
		log.push(`${name} end`)
	}
	await Promise.all([withKeyLock('a', job('a')), withKeyLock('b', job('b'))])
	expect(log.slice(0, 2)).toEqual(['a start', 'b start'])
})
