/**
 * Runs async work one call at a time per key, in this process (ChainLead runs
 * as one process on one SQLite file). Used so that parallel login attempts for
 * one username are checked one after another, and so that a throttle row's
 * read-change-write is not interleaved with another request's.
 */
export function createKeyedLock() {
	const tails = new Map<string, Promise<unknown>>()
	return async function withKeyLock<T>(key: string, work: () => Promise<T>): Promise<T> {
		const previous = tails.get(key) ?? Promise.resolve()
		const run = previous.then(work)
		// The next caller waits for this one to settle, whether it fails or not.
		const tail = run.catch(() => undefined)
		tails.set(key, tail)
		try {
			return await run
		} finally {
			if (tails.get(key) === tail) tails.delete(key)
		}
	}
}
