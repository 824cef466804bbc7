import { describe, expect, test } from 'vitest'
import { escapeText, foldLine, icalDate, icalUtc, nextDay, writeCalendar } from './ical'

const octets = (line: string) => new TextEncoder().encode(line).length

describe('escapeText', () => {
	test('backslash, semicolon, comma and every kind of line break', () => {
		expect(escapeText('a\\b;c,d')).toBe('a\\\\b\\;c\\,d')
		expect(escapeText('一\r\n二\n三\r四')).toBe('一\\n二\\n三\\n四')
		// The backslash is escaped first, so an escape is never escaped twice.
		expect(escapeText('\\,')).toBe('\\\\\\,')
	})
	test('a colon needs no escape in TEXT', () => {
		expect(escapeText('跟进：甲公司')).toBe('跟进：甲公司')
	})
})

describe('foldLine', () => {
	test('a line of 75 octets stays whole; 76 folds', () => {
		expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75))
		expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`)
	})

	test('continuation lines count their leading space and keep within 75 octets', () => {
		const folded = foldLine(`SUMMARY:${'y'.repeat(200)}`)
		const lines = folded.split('\r\n')
		expect(lines.every((l) => octets(l) <= 75)).toBe(true)
		expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true)
		// Unfolding (remove CRLF + one space) gives the line back.
		expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'y'.repeat(200)}`)
	})

	test('Chinese text (3 octets a character) is never split inside a character', () => {
		const line = `SUMMARY:签约未开工：${'钕铁硼永磁材料扩产项目'.repeat(5)}`
		const folded = foldLine(line)
		const lines = folded.split('\r\n')
		expect(lines.length).toBeGreaterThan(2)
		expect(lines.every((l) => octets(l) <= 75)).toBe(true)
		// Each line is whole characters: re-encoding gives no replacement character.
		expect(lines.every((l) => !l.includes('\uFFFD'))).toBe(true)
		expect(folded.replace(/\r\n /g, '')).toBe(line)
		// The first line is filled as far as a whole character allows (8 ASCII + 22 × 3 = 74).
		expect(octets(lines[0]!)).toBe(74)
	})
})

test('dates: DATE values, the exclusive end, and DTSTAMP in UTC', () => {
	expect(icalDate('2026-12-07')).toBe('20261207')
	expect(() => icalDate('2026-12-7')).toThrow()
	expect(nextDay('2026-12-31')).toBe('2027-01-01')
	expect(nextDay('2028-02-28')).toBe('2028-02-29')
	expect(icalUtc(new Date('2026-12-07T13:05:09.123Z'))).toBe('20261207T130509Z')
})

describe('writeCalendar', () => {
	const feed = writeCalendar({
		prodId: '-//ChainLead//Calendar//ZH',
		name: '链招日程 · 王, 李',
		stamp: new Date('2026-12-07T08:00:00Z'),
		events: [
			{
				uid: 'lead-l1-2026-12-10@chainlead',
				day: '2026-12-10',
				summary: '跟进：甲公司; 乙公司',
				description: '第一行\n第二行, 带逗号',
				url: 'https://crm.example/leads/l1',
				categories: ['跟进', 'A,B'],
			},
			{ uid: 'project-p1-start@chainlead', day: '2026-12-31', summary: '开工期限：项目' },
		],
	})
	const lines = feed.split('\r\n')

	test('a VCALENDAR with VERSION, PRODID and one VEVENT per entry, CRLF throughout', () => {
		expect(lines[0]).toBe('BEGIN:VCALENDAR')
		expect(lines).toContain('VERSION:2.0')
		expect(lines).toContain('PRODID:-//ChainLead//Calendar//ZH')
		expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2)
		expect(lines.filter((l) => l === 'END:VEVENT')).toHaveLength(2)
		expect(feed.endsWith('END:VCALENDAR\r\n')).toBe(true)
		// No bare LF anywhere.
		expect(feed.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
	})

	test('all-day events: DTSTART;VALUE=DATE and DTEND the next day, UID and DTSTAMP', () => {
		expect(lines).toContain('DTSTART;VALUE=DATE:20261210')
		expect(lines).toContain('DTEND;VALUE=DATE:20261211')
		expect(lines).toContain('DTSTART;VALUE=DATE:20261231')
		expect(lines).toContain('DTEND;VALUE=DATE:20270101')
		expect(lines).toContain('UID:lead-l1-2026-12-10@chainlead')
		expect(lines.filter((l) => l === 'DTSTAMP:20261207T080000Z')).toHaveLength(2)
	})

	test('TEXT values escaped, categories separated by unescaped commas', () => {
		expect(lines).toContain('SUMMARY:跟进：甲公司\\; 乙公司')
		expect(lines).toContain('DESCRIPTION:第一行\\n第二行\\, 带逗号')
		expect(lines).toContain('CATEGORIES:跟进,A\\,B')
		expect(lines).toContain('X-WR-CALNAME:链招日程 · 王\\, 李')
	})

	test('an empty feed is still a valid calendar', () => {
		const empty = writeCalendar({ prodId: '-//x//y//EN', name: 'n', stamp: new Date(0), events: [] })
		expect(empty.split('\r\n').filter(Boolean)).toEqual([
			'BEGIN:VCALENDAR',
			'VERSION:2.0',
			'PRODID:-//x//y//EN',
			'CALSCALE:GREGORIAN',
			'METHOD:PUBLISH',
			'X-WR-CALNAME:n',
			'X-WR-TIMEZONE:Asia/Shanghai',
			'END:VCALENDAR',
		])
	})
})
