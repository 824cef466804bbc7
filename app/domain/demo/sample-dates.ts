// Dates of the demo's sample records, written relative to the day the seed runs
// (ADR 0021), so that `npm start` on any day shows a year in progress. Facts
// from the policy documents keep their real dates; only sample records move.
//
//   "-26d", "+9d", "0d"   days before / after the seed day
//   "Y-06-18"             a day of the seed's year ("Y-1-06-18": the year before, up to "Y-9-…")
//   "Y", "Y-1"            a year (sample chain-link figures)
import { z } from 'zod'
import { type ProjectStage } from '~/domain/project/stages'
import { type VerifiedStage } from '~/domain/project/verification'

const DAY_MS = 86_400_000
const DAYS = /^([+-]?\d{1,4})d$/
const DAY_OF_YEAR = /^Y(?:-(\d))?-(\d{2})-(\d{2})$/
const YEAR = /^Y(?:-(\d))?$/

/** Whether month-day exists in every year (29 February does not). */
function everyYear(month: number, day: number) {
	const date = new Date(Date.UTC(2001, month - 1, day))
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

export const sampleDateSpec = z.string().refine((spec) => {
	if (DAYS.test(spec)) return true
	const m = DAY_OF_YEAR.exec(spec)
	return m !== null && everyYear(Number(m[2]), Number(m[3]))
}, 'expected a date relative to the seed day: "-26d", "+9d", "Y-06-18" or "Y-1-06-18" (not 02-29)')

/** The day a seed runs on, as `seed --today` takes it: a real calendar day. */
export const seedDaySchema = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/)
	.refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day))

export const sampleYearSpec = z.string().regex(YEAR, 'expected a year relative to the seed day: "Y" or "Y-1"')

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS
const isoOf = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10)

/** The day (YYYY-MM-DD) a spec names when the seed runs on `today` (YYYY-MM-DD). */
export function resolveSampleDate(spec: string, today: string) {
	const days = DAYS.exec(spec)
	if (days) return isoOf(dayNumber(today) + Number(days[1]))
	const m = DAY_OF_YEAR.exec(spec)
	if (!m) throw new Error(`not a sample date: ${spec}`)
	return `${Number(today.slice(0, 4)) - Number(m[1] ?? 0)}-${m[2]}-${m[3]}`
}

/** A figure's year: a number as written, or "Y"/"Y-n" from the seed day's year. */
export function resolveSampleYear(spec: number | string, today: string) {
	if (typeof spec === 'number') return spec
	const m = YEAR.exec(spec)
	if (!m) throw new Error(`not a sample year: ${spec}`)
	return Number(today.slice(0, 4)) - Number(m[1] ?? 0)
}

const PATH = ['negotiating', 'signed', 'started', 'producing'] as const satisfies readonly ProjectStage[]
const DATE_OF = {
	negotiating: 'negotiatingDate',
	signed: 'signedDate',
	started: 'startedDate',
	producing: 'producingDate',
	terminated: 'terminatedDate',
} as const satisfies Record<ProjectStage, string>

type StageDates = Partial<Record<(typeof DATE_OF)[ProjectStage], string>>

/**
 * A sample project as of `today`: its stage dates resolved, the stages whose
 * day has not come yet left out, and its stage the last one reached (a project
 * planned to sign in June is still 洽谈 in March; one planned to end in 终止
 * later is still going). Null when even its 洽谈 lies ahead: it has not begun.
 * Stages awaiting 核验 are kept only if reached.
 */
export function projectAsOf<P extends StageDates & { stage: ProjectStage; awaitingVerification: VerifiedStage[] }>(project: P, today: string) {
	const dates: StageDates = {}
	for (const field of Object.values<keyof StageDates>(DATE_OF)) {
		const spec = project[field]
		if (spec !== undefined) dates[field] = resolveSampleDate(spec, today)
	}
	const reached = (field: keyof StageDates) => dates[field] !== undefined && dates[field] <= today
	if (!reached('negotiatingDate')) return null
	const planned = project.stage === 'terminated' ? PATH.length - 1 : PATH.indexOf(project.stage)
	let last = 0
	while (last < planned && reached(DATE_OF[PATH[last + 1]!])) last++
	const terminated = project.stage === 'terminated' && reached('terminatedDate')
	const stage: ProjectStage = terminated ? 'terminated' : PATH[last]!
	const kept = Object.fromEntries(
		PATH.slice(0, last + 1)
			.map((s) => [DATE_OF[s], dates[DATE_OF[s]]])
			.concat(terminated ? [['terminatedDate', dates.terminatedDate]] : []),
	) as StageDates
	return {
		...project,
		negotiatingDate: undefined,
		signedDate: undefined,
		startedDate: undefined,
		producingDate: undefined,
		terminatedDate: undefined,
		...kept,
		stage,
		awaitingVerification: project.awaitingVerification.filter((s) => PATH.indexOf(s) <= last),
	}
}
