// Logins and the event loop: ten people sign in at once (9:00 at the bureau).
// Times the ten password checks and records how late the event loop ran meanwhile
// (perf_hooks.monitorEventLoopDelay): the wait any other user's request would see.
// The baseline checks the ten passwords with bcryptjs's sync API, one after another.
import os from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import bcrypt from 'bcryptjs'
import { BCRYPT_COST, createPasswordHasher, defaultThreadCount } from '~/utils/password-hash.server'
import { type Bench, type Case } from './run'

const LOGINS = 10
const PASSWORD = 'long-enough-1'

type Delay = { maxMs: number; p99Ms: number }

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b)
	const mid = sorted.length / 2
	return sorted.length % 2 === 0 ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!
}

/** Runs `work` with the event-loop delay histogram on; records the worst and the p99 delay of that run. */
function withDelayRecorded(delays: Delay[], work: () => Promise<unknown>) {
	return async () => {
		const histogram = monitorEventLoopDelay({ resolution: 1 })
		histogram.enable()
		// The histogram records from its second tick on (the first only starts its clock).
		await new Promise((resolve) => setTimeout(resolve, 3))
		await work()
		// One pass through the timers phase, so a timer held back by blocking work records its delay.
		await new Promise((resolve) => setTimeout(resolve, 0))
		histogram.disable()
		delays.push({ maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6 })
	}
}

export const loginBench: Bench = {
	name: 'login bcrypt event loop',
	async run(measure) {
		const hash = bcrypt.hashSync(PASSWORD, BCRYPT_COST)
		const oneThread = createPasswordHasher({ threads: 1 })
		const twoThreads = createPasswordHasher({ threads: 2 })
		const variants = [
			{
				key: 'a',
				label: `${LOGINS} logins, bcryptjs \`compareSync\` one after another (baseline)`,
				check: async () => bcrypt.compareSync(PASSWORD, hash),
				sequential: true,
			},
			{
				key: 'b',
				label: `${LOGINS} concurrent logins, bcryptjs async \`compare\` on the main thread (before)`,
				check: () => bcrypt.compare(PASSWORD, hash),
				sequential: false,
			},
			{ key: 'c', label: `${LOGINS} concurrent logins, worker pool of 1 thread`, check: () => oneThread.verify(PASSWORD, hash), sequential: false },
			{ key: 'd', label: `${LOGINS} concurrent logins, worker pool of 2 threads`, check: () => twoThreads.verify(PASSWORD, hash), sequential: false },
		]
		const delays = new Map(variants.map((v) => [v.key, [] as Delay[]]))
		let answered = 0
		const cases: Case[] = variants.map((v) => ({
			key: v.key,
			label: v.label,
			fn: withDelayRecorded(delays.get(v.key)!, async () => {
				const results: boolean[] = []
				if (v.sequential) for (let i = 0; i < LOGINS; i++) results.push(await v.check())
				else results.push(...(await Promise.all(Array.from({ length: LOGINS }, () => v.check()))))
				if (!results.every(Boolean)) throw new Error(`${v.key}: a correct password was refused`)
				answered += results.length
			}),
		}))
		const timings = await measure(cases)
		await Promise.all([oneThread.close(), twoThreads.close()])
		// The same measurement with nothing running: what the machine's other load adds by itself.
		const idle: Delay[] = []
		for (let i = 0; i < 10; i++) await withDelayRecorded(idle, () => new Promise((resolve) => setTimeout(resolve, 500)))()

		const delayOf = (key: string) => {
			const runs = delays.get(key)!.slice(-10) // the timed runs, without the warm-up
			return { maxMs: median(runs.map((r) => r.maxMs)), p99Ms: median(runs.map((r) => r.p99Ms)), worstMs: Math.max(...runs.map((r) => r.maxMs)) }
		}
		const baseline = delayOf('a')
		const f = (ms: number) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0))
		const delayLines = variants.map((v) => {
			const d = delayOf(v.key)
			const ratio = v.key === 'a' ? 'baseline' : `${(d.maxMs / baseline.maxMs).toFixed(3)}× (${v.key}/a)`
			return `${v.key}: longest event-loop stall per run, median ${f(d.maxMs)} ms (worst run ${f(d.worstMs)} ms), p99 delay ${f(d.p99Ms)} ms; ${ratio}`
		})
		return {
			title: `Logins: bcrypt and the event loop, ${LOGINS} sign-ins at once`,
			dataset: `No database: ${LOGINS} correct passwords checked against one bcryptjs hash of cost ${BCRYPT_COST}, as \`attemptLogin\` does for ${LOGINS} people signing in together. Each run records \`perf_hooks.monitorEventLoopDelay\` (1 ms resolution) while the checks run: its maximum is the longest any other user's request would have waited to even start. The app uses the worker pool with \`defaultThreadCount()\` = ${defaultThreadCount()} thread(s) on this ${os.availableParallelism()}-core machine.`,
			timings,
			baselineKey: 'a',
			notes: [
				`${answered} password checks, every one answered true.`,
				'Event-loop delay while the checks ran (median over the 10 timed runs; ratio of the median longest stall to the baseline’s):',
				...delayLines,
				`Noise floor: the same recording over 500 ms with no logins, 10 times: longest stall median ${f(median(idle.map((r) => r.maxMs)))} ms (worst ${f(Math.max(...idle.map((r) => r.maxMs)))} ms).`,
			],
		}
	},
}
