/**
 * The server's own daily digest (ADR 0038), off unless NOTIFY_DIGEST_AT names a time of day in
 * China (HH:MM, Asia/Shanghai, UTC+8 all year). cron or a systemd timer running
 * `cli notify:digest` does the same; both together still send once a day (DigestRun).
 */
export type DigestTime = { hour: number; minute: number }

export class DigestTimeError extends Error {}

/** Null when unset or empty (off); a DigestTimeError for anything but HH:MM. */
export function parseDigestTime(value: string | undefined): DigestTime | null {
	if (value === undefined || value.trim() === '') return null
	const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value.trim())
	if (!match) throw new DigestTimeError(`NOTIFY_DIGEST_AT must be a time of day in China such as 08:30, not "${value}"`)
	return { hour: Number(match[1]), minute: Number(match[2]) }
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

/** The next instant after `now` when it is `at` in China. */
export function nextDigestAt(now: Date, at: DigestTime): Date {
	const china = new Date(now.getTime() + CHINA_OFFSET_MS)
	const todayAt = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate(), at.hour, at.minute) - CHINA_OFFSET_MS
	return new Date(todayAt > now.getTime() ? todayAt : todayAt + DAY_MS)
}
