// The timing loop of every bench (bench/run.ts), apart so that a bench's child process
// (the quota bench on PostgreSQL, whose SQL follows DATABASE_URL) times its cases alike.
import type { Case, Timing } from './run'

export const WARMUP_RUNS = 2
export const TIMED_RUNS = 10

/** Times the cases round-robin (a, b, c… then again) after the warm-up runs: medians, p90s and CPU times of this process. */
export async function measure(cases: readonly Case[]): Promise<Timing[]> {
	for (let i = 0; i < WARMUP_RUNS; i++) {
		for (const c of cases) {
			await c.setup?.()
			await c.fn()
		}
	}
	const samples = cases.map((): number[] => [])
	const cpuSamples = cases.map((): number[] => [])
	for (let i = 0; i < TIMED_RUNS; i++) {
		for (const [n, c] of cases.entries()) {
			await c.setup?.()
			const cpu = process.cpuUsage()
			const start = performance.now()
			await c.fn()
			samples[n]!.push(performance.now() - start)
			const used = process.cpuUsage(cpu)
			cpuSamples[n]!.push((used.user + used.system) / 1000)
		}
	}
	const median = (values: number[]) => {
		const sorted = [...values].sort((a, b) => a - b)
		const mid = sorted.length / 2
		return sorted.length % 2 === 0 ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!
	}
	return cases.map((c, n) => {
		const sorted = [...samples[n]!].sort((a, b) => a - b)
		const medianMs = median(sorted)
		const p90Ms = sorted[Math.ceil(sorted.length * 0.9) - 1]!
		const cpuMedianMs = median(cpuSamples[n]!)
		process.stderr.write(`  ${c.key}. ${c.label}: median ${medianMs.toFixed(2)} ms (CPU ${cpuMedianMs.toFixed(2)} ms)\n`)
		return { key: c.key, label: c.label, medianMs, p90Ms, cpuMedianMs, baseline: c.baseline }
	})
}
