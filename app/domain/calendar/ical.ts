/**
 * A minimal iCalendar (RFC 5545) writer for read-only feeds of all-day entries
 * (ADR 0039): VCALENDAR with VEVENTs, DTSTART;VALUE=DATE (and DTEND the day
 * after, RFC 5545 §3.6.1), UID, DTSTAMP, TEXT escaping (§3.3.11), CRLF line
 * ends and folding at 75 octets (§3.1) without splitting a UTF-8 character.
 */

export type CalendarEvent = {
	/** Stable across reads, so a calendar app updates an entry instead of adding a copy. */
	uid: string
	/** YYYY-MM-DD. */
	day: string
	summary: string
	description?: string
	/** An absolute URL back to the record. */
	url?: string
	categories?: string[]
}

export type CalendarFeed = {
	/** PRODID, e.g. -//ChainLead//Calendar//ZH. */
	prodId: string
	/** X-WR-CALNAME: the name calendar apps show for the subscription. */
	name: string
	/** When the feed was written (DTSTAMP of every event). */
	stamp: Date
	events: readonly CalendarEvent[]
}

const CRLF = '\r\n'
const MAX_OCTETS = 75
const encoder = new TextEncoder()

/** TEXT value escaping: backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11). */
export function escapeText(value: string) {
	return value
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r\n|\r|\n/g, '\\n')
}

/**
 * A content line folded so no line is longer than 75 octets (CRLF excluded):
 * continuation lines start with one space, which counts toward their 75. Breaks
 * fall between characters, never inside a multi-byte UTF-8 sequence.
 */
export function foldLine(line: string) {
	const out: string[] = []
	let current = ''
	let octets = 0
	for (const char of line) {
		const size = encoder.encode(char).length
		if (octets + size > MAX_OCTETS) {
			out.push(current)
			current = ` ${char}`
			octets = 1 + size
		} else {
			current += char
			octets += size
		}
	}
	out.push(current)
	return out.join(CRLF)
}

/** YYYY-MM-DD → YYYYMMDD (a DATE value). */
export function icalDate(day: string) {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a day: ${day}`)
	return day.replaceAll('-', '')
}

/** The day after `day` (DTEND of an all-day event is exclusive). */
export function nextDay(day: string) {
	const date = new Date(`${day}T00:00:00Z`)
	date.setUTCDate(date.getUTCDate() + 1)
	return date.toISOString().slice(0, 10)
}

/** A UTC DATE-TIME: 20261207T131500Z. */
export function icalUtc(date: Date) {
	return date
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '')
}

function event(e: CalendarEvent, stamp: string) {
	const lines = [
		'BEGIN:VEVENT',
		`UID:${escapeText(e.uid)}`,
		`DTSTAMP:${stamp}`,
		`DTSTART;VALUE=DATE:${icalDate(e.day)}`,
		`DTEND;VALUE=DATE:${icalDate(nextDay(e.day))}`,
		`SUMMARY:${escapeText(e.summary)}`,
	]
	if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`)
	if (e.categories && e.categories.length > 0) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`)
	// URI values are not TEXT: no escaping, but never a line break.
	if (e.url) lines.push(`URL:${e.url.replace(/[\r\n]/g, '')}`)
	// Show as free: a deadline does not block the day.
	lines.push('TRANSP:TRANSPARENT', 'END:VEVENT')
	return lines
}

/** The whole feed as text/calendar: CRLF line ends, every line folded, ending with CRLF. */
export function writeCalendar(feed: CalendarFeed) {
	const stamp = icalUtc(feed.stamp)
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		`PRODID:${feed.prodId}`,
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		`X-WR-CALNAME:${escapeText(feed.name)}`,
		'X-WR-TIMEZONE:Asia/Shanghai',
		...feed.events.flatMap((e) => event(e, stamp)),
		'END:VCALENDAR',
	]
	return lines.map(foldLine).join(CRLF) + CRLF
}
