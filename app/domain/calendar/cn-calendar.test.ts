import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { CN_HOLIDAY_YEARS } from './cn-calendar'
import { holidayYearProblems, holidayYearSchema } from './working-days'

const folder = path.join(__dirname, 'cn-holidays')
const files = fs.readdirSync(folder).filter((f) => f.endsWith('.json'))

test('every year file is listed in cn-calendar.ts, at least 2025 and 2026', () => {
	const years = files.map((f) => Number(f.replace('.json', '')))
	expect(CN_HOLIDAY_YEARS.map((y) => y.year).sort()).toEqual(years.sort())
	expect(years).toEqual(expect.arrayContaining([2025, 2026]))
})

test.each(files)('%s: a notice with its source; dates in its year, no duplicates, each adjusted working day a weekend day', (file) => {
	const data = holidayYearSchema.parse(JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')))
	expect(file).toBe(`${data.year}.json`)
	expect(data.source.title).toBe(`国务院办公厅关于${data.year}年部分节假日安排的通知`)
	expect(data.source.number).toMatch(/^国办发明电〔\d{4}〕\d+号$/)
	expect(holidayYearProblems(data)).toEqual([])
})

test('the checks catch a bad file', () => {
	const bad = holidayYearSchema.parse({
		year: 2026,
		source: { title: 't', number: 'n', issued: '2025-11-04', url: 'https://example.org' },
		holidays: [
			{ name: 'a', nameEn: 'a', from: '2026-10-01', to: '2026-10-02', text: 'x' },
			{ name: 'b', nameEn: 'b', from: '2026-10-02', to: '2027-01-01', text: 'x' },
		],
		workingWeekendDays: ['2026-10-09', '2026-10-10', '2026-10-10'],
	})
	const problems = holidayYearProblems(bad)
	expect(problems).toContain('b: 2027-01-01 is not a day of 2026')
	expect(problems).toContain('2026-10-02 is a holiday twice')
	expect(problems).toContain('2026-10-09 is an adjusted working day but not a weekend day')
	expect(problems).toContain('2026-10-10 is an adjusted working day twice')
})
