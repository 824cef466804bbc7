// A seeded random stream for generated sample data (demo:generate, benches):
// the same seed and the same sequence of calls give the same values.

/** mulberry32: small, fast, seeded; good enough for sample data. */
export function mulberry32(seed: number) {
	let a = seed >>> 0
	return () => {
		a = (a + 0x6d2b79f5) >>> 0
		let t = a
		t = Math.imul(t ^ (t >>> 15), t | 1)
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296
	}
}

export type Random = ReturnType<typeof seededRandom>

/** Helpers over one mulberry32 stream; they keep no `this`, so they may be destructured. */
export function seededRandom(seed: number) {
	const next = mulberry32(seed)
	const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())
	/** An item drawn with the probability of its weight among all weights. */
	function weightedPick<T>(items: readonly T[], weight: (item: T) => number): T {
		let r = next() * items.reduce((sum, item) => sum + weight(item), 0)
		for (const item of items) {
			r -= weight(item)
			if (r < 0) return item
		}
		return items[items.length - 1]!
	}
	return {
		/** Uniform in [0, 1). */
		next,
		/** Uniform integer in [low, high], both included. */
		int: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)),
		chance: (p: number) => next() < p,
		pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
		weightedPick,
		/** A key drawn with the probability of its weight among all weights. */
		weighted: <K extends string>(weights: Readonly<Record<K, number>>): K => weightedPick(Object.entries(weights) as [K, number][], ([, w]) => w)[0],
		shuffle: <T>(list: readonly T[]): T[] => {
			const out = [...list]
			for (let i = out.length - 1; i > 0; i--) {
				const j = Math.floor(next() * (i + 1))
				;[out[i], out[j]] = [out[j]!, out[i]!]
			}
			return out
		},
		/** `count` distinct integers of [0, total), in random order (partial Fisher–Yates). */
		sample: (total: number, count: number): number[] => {
			const pool = Int32Array.from({ length: total }, (_, i) => i)
			const out: number[] = []
			for (let i = 0; i < Math.min(count, total); i++) {
				const j = i + Math.floor(next() * (total - i))
				;[pool[i], pool[j]] = [pool[j]!, pool[i]!]
				out.push(pool[i]!)
			}
			return out
		},
		logUniform: (low: number, high: number) => Math.exp(Math.log(low) + next() * (Math.log(high) - Math.log(low))),
		/** Log-normal around `median`: most values near it, a long tail of large ones. */
		logNormal: (median: number, sigma: number) => median * Math.exp(sigma * normal()),
	}
}
