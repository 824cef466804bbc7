import { describe, expect, it } from 'vitest'
import { countedFactChanges, countedFactsOf, type CountedFactsSource } from './counted-facts'

const day = (text: string) => new Date(`${text}T00:00:00Z`)

const project: CountedFactsSource = {
	stage: 'signed',
	type: 'new',
	investmentCNY: 600_000_000n,
	incrementCNY: null,
	isClusterLeading: true,
	responsibleUnitId: 'unit-a',
	linkIds: ['link-b', 'link-a'],
	negotiatingDate: day('2025-01-10'),
	signedDate: day('2025-03-15'),
	startedDate: null,
	producingDate: null,
	terminatedDate: null,
}

describe('countedFactsOf', () => {
	it('reads amounts as decimal text, dates as days and links sorted', () => {
		const facts = countedFactsOf(project)
		expect(facts.investmentCNY).toBe('600000000')
		expect(facts.linkIds).toEqual(['link-a', 'link-b'])
		expect(facts.dates).toEqual({ negotiating: '2025-01-10', signed: '2025-03-15', started: null, producing: null, terminated: null })
	})

	it('gives the same facts for BigInt and number amounts', () => {
		expect(countedFactsOf({ ...project, investmentCNY: 600_000_000 })).toEqual(countedFactsOf(project))
	})
})

describe('countedFactChanges', () => {
	it('is empty when only uncounted fields could have changed', () => {
		expect(countedFactChanges(countedFactsOf(project), countedFactsOf({ ...project, linkIds: ['link-a', 'link-b'] }))).toEqual([])
	})

	it('names each counted fact that differs with both values', () => {
		const after = countedFactsOf({ ...project, investmentCNY: 400_000_000n, signedDate: day('2025-04-01'), isClusterLeading: false })
		expect(countedFactChanges(countedFactsOf(project), after)).toEqual([
			{ field: 'dates.signed', before: '2025-03-15', after: '2025-04-01' },
			{ field: 'investmentCNY', before: '600000000', after: '400000000' },
			{ field: 'isClusterLeading', before: 'true', after: 'false' },
		])
	})
})
