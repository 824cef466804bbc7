import { z } from 'zod'

/**
 * Scheduled backup sets (ADR 0013): on by default in a real install (daily, the
 * newest 7 kept), off in demo mode; BACKUP_INTERVAL_HOURS=0 turns them off.
 */
export type BackupSchedule = { intervalMs: number; keep: number; dir: string | null }

const HOUR_MS = 60 * 60 * 1000

const scheduleEnvSchema = z.object({
	// At most three weeks: a longer wait than a timer holds (24.8 days) would fire at once.
	BACKUP_INTERVAL_HOURS: z.coerce
		.number()
		.min(0)
		.max(24 * 21)
		.optional(),
	BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
	BACKUP_DIR: z.string().trim().min(1).optional(),
})

/** The schedule from the environment, null when off; a bad value is an error naming the variable. */
export function backupSchedule(env: Record<string, string | undefined>, mode: 'demo' | 'install'): BackupSchedule | null {
	const parsed = scheduleEnvSchema.safeParse(env)
	if (!parsed.success) throw new Error(`Invalid backup settings: ${z.prettifyError(parsed.error)}`)
	const hours = parsed.data.BACKUP_INTERVAL_HOURS ?? (mode === 'install' ? 24 : 0)
	if (hours === 0) return null
	return { intervalMs: Math.round(hours * HOUR_MS), keep: parsed.data.BACKUP_KEEP, dir: parsed.data.BACKUP_DIR ?? null }
}

/** A scheduled set's folder name: sorts by time. */
export function scheduledSetName(now: Date) {
	return `chainlead-${now
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d+Z$/, 'Z')}`
}

const SET_NAME = /^chainlead-\d{8}T\d{6}Z$/

/** The sets to remove so that the newest `keep` complete ones stay (incomplete ones, cut off mid-write, go too). */
export function setsToPrune(sets: readonly { name: string; complete: boolean }[], keep: number) {
	const ours = sets.filter((set) => SET_NAME.test(set.name)).sort((a, b) => a.name.localeCompare(b.name))
	const complete = ours.filter((set) => set.complete)
	const kept = new Set(complete.slice(Math.max(0, complete.length - keep)).map((set) => set.name))
	const newest = ours.at(-1)?.name
	// The newest incomplete one may be a backup still being written by another process: leave it.
	return ours.filter((set) => !kept.has(set.name) && !(set.name === newest && !set.complete)).map((set) => set.name)
}

/** When the next backup is due: an interval after the newest complete set, or soon after start when there is none or it is overdue. */
export function nextBackupDelay(newestSetAt: Date | null, intervalMs: number, now: Date, startDelayMs = 60_000) {
	if (!newestSetAt) return startDelayMs
	return Math.max(startDelayMs, newestSetAt.getTime() + intervalMs - now.getTime())
}

/** The time a scheduled set's name records. */
export function setTime(name: string): Date | null {
	const match = /^chainlead-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(name)
	return match ? new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`) : null
}
