import { describe, expect, it } from 'vitest'
import { countedFactsOf, type CountedFactsSource } from '~/domain/project/counted-facts'
import { regionReach } from '~/domain/region/reach'
import {
	closedPeriodProblem,
	companyFactChanges,
	correctionReasonField,
	factsSeenBy,
	periodEnded,
	reportsCountingFirmsOf,
	reportsHoldingRecordsOf,
	reportsReadingDate,
	TAG_HELD,
	touchedCompanyReports,
	touchedReports,
	WHOLE_INSTALLATION_REACH,
} from './closed-periods'

const day = (text: string) => new Date(`${text}T00:00:00Z`)

const project: CountedFactsSource = {
	stage: 'signed',
	type: 'new',
	investmentCNY: 600_000_000n,
	incrementCNY: null,
	isClusterLeading: false,
	responsibleUnitId: 'unit-a',
	linkIds: ['link-a'],
	negotiatingDate: day('2025-03-10'),
	signedDate: day('2025-06-15'),
	startedDate: null,
	producingDate: null,
	terminatedDate: null,
}
const facts = (change: Partial<CountedFactsSource> = {}) => countedFactsOf({ ...project, ...change })

const MARCH = { name: 'march', year: 2025, end: '2025-03-31' }
const MAY = { name: 'may', year: 2025, end: '2025-05-31' }
const JUNE = { name: 'june', year: 2025, end: '2025-06-30' }
const Q3 = { name: 'q3', year: 2025, end: '2025-09-30' }
const FEB = { name: 'feb', year: 2025, end: '2025-02-28' }
const DEC_2024 = { name: 'dec-2024', year: 2024, end: '2024-12-31' }
const ISSUED = [DEC_2024, FEB, MARCH, MAY, JUNE, Q3]
const names = (reports: { name: string }[]) => reports.map((r) => r.name)

describe('factsSeenBy', () => {
	it('is null for a report whose window (Jan 1 to its last day) holds none of the stage dates', () => {
		expect(factsSeenBy(facts(), FEB)).toBeNull()
		expect(factsSeenBy(facts(), DEC_2024)).toBeNull()
		expect(factsSeenBy(null, JUNE)).toBeNull()
	})

	it('keeps only the dates in the window, and ignores the current stage', () => {
		expect(factsSeenBy(facts(), MAY)).toContain('"2025-03-10"')
		expect(factsSeenBy(facts(), MAY)).not.toContain('2025-06-15')
		expect(factsSeenBy(facts({ stage: 'started' }), JUNE)).toBe(factsSeenBy(facts(), JUNE))
	})
})

describe('touchedReports', () => {
	it('finds nothing when no counted fact changes', () => {
		expect(touchedReports(facts(), facts(), ISSUED)).toEqual([])
	})

	it('an investment change alters every issued report of the year from the first stage date on', () => {
		expect(names(touchedReports(facts(), facts({ investmentCNY: 700_000_000n }), ISSUED))).toEqual(['march', 'may', 'june', 'q3'])
	})

	it('moving the signing alters the reports that read either date, not the earlier ones', () => {
		expect(names(touchedReports(facts(), facts({ signedDate: day('2025-06-20') }), ISSUED))).toEqual(['june', 'q3'])
		expect(names(touchedReports(facts(), facts({ signedDate: day('2025-10-02') }), ISSUED))).toEqual(['june', 'q3'])
	})

	it('moving a date into a closed period alters it; a stage reached after every issued period alters none', () => {
		const negotiating = facts({ stage: 'negotiating', signedDate: null })
		expect(names(touchedReports(negotiating, facts({ signedDate: day('2025-05-20') }), ISSUED))).toEqual(['may', 'june', 'q3'])
		expect(touchedReports(negotiating, facts({ signedDate: day('2025-11-02') }), ISSUED)).toEqual([])
	})

	it('a new or deleted project alters the reports that read it', () => {
		expect(names(touchedReports(null, facts(), ISSUED))).toEqual(['march', 'may', 'june', 'q3'])
		expect(names(touchedReports(facts(), null, ISSUED))).toEqual(['march', 'may', 'june', 'q3'])
		expect(touchedReports(null, facts({ negotiatingDate: day('2026-01-05'), signedDate: null }), ISSUED)).toEqual([])
	})
})

describe('closedPeriodProblem', () => {
	it('lets any change through that alters no issued report', () => {
		expect(closedPeriodProblem({ role: 'staff' }, 0, null)).toBeNull()
	})

	it('refuses staff, and asks managers and admins for a reason', () => {
		expect(closedPeriodProblem({ role: 'staff' }, 1, 'typo')).toBe('closedPeriods.staffRefused')
		expect(closedPeriodProblem({ role: 'manager' }, 2, null)).toBe('closedPeriods.reasonRequired')
		expect(closedPeriodProblem({ role: 'admin' }, 1, '合同补签')).toBeNull()
	})
})

it('a period can be issued from the day after it ends', () => {
	expect(periodEnded({ end: '2025-06-30' }, '2025-06-30')).toBe(false)
	expect(periodEnded({ end: '2025-06-30' }, '2025-07-01')).toBe(true)
})

it('a blank reason is none; a long one is refused', () => {
	expect(correctionReasonField.parse('  ')).toBeNull()
	expect(correctionReasonField.parse(undefined)).toBeNull()
	expect(correctionReasonField.parse(' 合同补签 ')).toBe('合同补签')
	expect(correctionReasonField.safeParse('长'.repeat(501)).success).toBe(false)
})

it('a stage date is read by the issued reports of its year that end on or after it', () => {
	expect(names(reportsReadingDate('2025-06-15', ISSUED))).toEqual(['june', 'q3'])
	expect(names(reportsReadingDate('2024-12-31', ISSUED))).toEqual(['dec-2024'])
	expect(reportsReadingDate('2025-10-01', ISSUED)).toEqual([])
})

describe('company corrections', () => {
	const company = {
		tags: [
			{ tag: 'gaoxin', grantedYear: 2024 },
			{ tag: 'zhuanjingtexin', grantedYear: null },
		],
		revenueCNY: 1_200_000_000,
	}
	const ISSUED_YEARS = [{ name: '2023', year: 2023 }, DEC_2024, MARCH, Q3].map((r) => ({ end: `${r.year}-12-31`, ...r }))

	it('lists the changed tags (认定 year, held, or not held) and revenue, before and after', () => {
		expect(companyFactChanges(company, company)).toEqual([])
		expect(
			companyFactChanges(company, {
				tags: [
					{ tag: 'gaoxin', grantedYear: 2025 },
					{ tag: 'lianzhu', grantedYear: null },
				],
				revenueCNY: null,
			}),
		).toEqual([
			{ field: 'tags.gaoxin', before: '2024', after: '2025' },
			{ field: 'tags.lianzhu', before: null, after: TAG_HELD },
			{ field: 'tags.zhuanjingtexin', before: TAG_HELD, after: null },
			{ field: 'revenueCNY', before: '1200000000', after: null },
		])
	})

	it('a changed 认定 year touches the issued reports of the earlier year and every later one', () => {
		const regranted = { ...company, tags: [{ tag: 'gaoxin', grantedYear: 2025 }, company.tags[1]!] }
		expect(names(touchedCompanyReports(company, regranted, ISSUED_YEARS))).toEqual(['dec-2024', 'march', 'q3'])
		const added = { ...company, tags: [...company.tags, { tag: 'lianzhu', grantedYear: 2025 }] }
		expect(names(touchedCompanyReports(company, added, ISSUED_YEARS))).toEqual(['march', 'q3'])
		expect(touchedCompanyReports(company, { ...company, tags: [...company.tags, { tag: 'lianzhu', grantedYear: 2026 }] }, ISSUED_YEARS)).toEqual([])
	})

	it('a tag of unknown year, or a revenue change, touches every issued report', () => {
		expect(touchedCompanyReports(company, { ...company, tags: [company.tags[0]!] }, ISSUED_YEARS)).toHaveLength(4)
		expect(touchedCompanyReports(company, { ...company, revenueCNY: 1_300_000_000 }, ISSUED_YEARS)).toHaveLength(4)
		expect(touchedCompanyReports(company, { ...company }, ISSUED_YEARS)).toEqual([])
	})
})

describe('issued reports of a region (ADR 0033)', () => {
	// 市 gz over 赣县区 (gx, the home region, with a park) and 南康区 (nk).
	const tree = [
		{ id: 'gz', parentId: null },
		{ id: 'gx', parentId: 'gz' },
		{ id: 'gx-park', parentId: 'gx' },
		{ id: 'nk', parentId: 'gz' },
	]
	const issued = [
		{ name: 'city', reach: regionReach(tree, 'gz', 'gx') },
		{ name: 'ganxian', reach: regionReach(tree, 'gx', 'gx') },
		{ name: 'nankang', reach: regionReach(tree, 'nk', 'gx') },
		{ name: 'whole', reach: WHOLE_INSTALLATION_REACH },
	]

	it("hold the records of their region and everything under it; a sibling county's report holds none of them", () => {
		expect(names(reportsHoldingRecordsOf(issued, 'nk'))).toEqual(['city', 'nankang', 'whole'])
		expect(names(reportsHoldingRecordsOf(issued, 'gx-park'))).toEqual(['city', 'ganxian', 'whole'])
		expect(names(reportsHoldingRecordsOf(issued, 'gz'))).toEqual(['city', 'whole'])
		// Records without a region are the home bureau's, as its quotas count them (ADR 0029).
		expect(names(reportsHoldingRecordsOf(issued, null))).toEqual(['ganxian', 'whole'])
	})

	it('count a firm where their quotas take it for local: registered in or above the region; every firm for the home region', () => {
		expect(names(reportsCountingFirmsOf(issued, ['nk']))).toEqual(['city', 'ganxian', 'nankang', 'whole'])
		expect(names(reportsCountingFirmsOf(issued, ['gx-park']))).toEqual(['city', 'ganxian', 'whole'])
		expect(names(reportsCountingFirmsOf(issued, ['gz']))).toEqual(['city', 'ganxian', 'nankang', 'whole'])
		// Moved from 赣县区's park to 南康区: both places count.
		expect(names(reportsCountingFirmsOf(issued, ['gx-park', 'nk']))).toEqual(['city', 'ganxian', 'nankang', 'whole'])
	})
})
