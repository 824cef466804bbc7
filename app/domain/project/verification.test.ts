import { describe, expect, it } from 'vitest'
import { countedFactsOf, type CountedFactsSource } from './counted-facts'
import { reachedVerifiedStages, reviewFormSchema, sampleEvidence, verificationState, verifiedFactChanges } from './verification'

const day = (text: string) => new Date(`${text}T00:00:00Z`)
const source: CountedFactsSource = {
	stage: 'signed',
	type: 'new',
	investmentCNY: 600_000_000n,
	incrementCNY: null,
	isClusterLeading: true,
	responsibleUnitId: 'u1',
	linkIds: ['l1'],
	negotiatingDate: day('2025-01-10'),
	signedDate: day('2025-03-15'),
	startedDate: null,
	producingDate: null,
	terminatedDate: null,
}
const facts = countedFactsOf(source)
const verified = { status: 'verified', verifiedFacts: JSON.stringify(facts) }

describe('verificationState', () => {
	it('reads the stored status', () => {
		expect(verificationState('signed', null, facts).state).toBe('missing')
		expect(verificationState('signed', { status: 'pending', verifiedFacts: null }, facts).state).toBe('pending')
		expect(verificationState('signed', { status: 'rejected', verifiedFacts: null }, facts).state).toBe('rejected')
		expect(verificationState('signed', verified, facts)).toEqual({ state: 'verified', changes: [] })
	})

	it('a verified stage needs checking again when a counted fact changed since', () => {
		const raised = countedFactsOf({ ...source, investmentCNY: 400_000_000n })
		expect(verificationState('signed', verified, raised)).toEqual({
			state: 'changed',
			changes: [{ field: 'investmentCNY', before: '600000000', after: '400000000' }],
		})
		const redated = countedFactsOf({ ...source, signedDate: day('2025-02-01') })
		expect(verificationState('signed', verified, redated).state).toBe('changed')
	})

	it('moving on to the next stage leaves the 签约 verification standing', () => {
		const started = countedFactsOf({ ...source, stage: 'started', startedDate: day('2025-06-01') })
		expect(verificationState('signed', verified, started).state).toBe('verified')
		expect(verifiedFactChanges('started', facts, started).map((c) => c.field)).toEqual(['dates.started'])
	})

	it('a verified row without readable facts vouches for nothing', () => {
		expect(verificationState('signed', { status: 'verified', verifiedFacts: 'not json' }, facts).state).toBe('changed')
		expect(verificationState('signed', { status: 'verified', verifiedFacts: null }, facts).state).toBe('changed')
	})
})

it('lists the counted stages a project reached', () => {
	expect(reachedVerifiedStages(facts)).toEqual(['signed'])
	expect(reachedVerifiedStages(countedFactsOf({ ...source, signedDate: null, stage: 'negotiating' }))).toEqual([])
})

describe('reviewFormSchema', () => {
	it('needs a reason to reject, not to verify', () => {
		expect(reviewFormSchema.safeParse({ decision: 'verify', note: '', seen: 'x' }).success).toBe(true)
		const reject = reviewFormSchema.safeParse({ decision: 'reject', note: '  ', seen: 'x' })
		expect(reject.success).toBe(false)
		expect(reject.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['note', 'evidence.validation.noteRequired']])
	})

	it('refuses a decision without the fingerprint of what was seen', () => {
		expect(reviewFormSchema.safeParse({ decision: 'verify', note: '' }).success).toBe(false)
	})
})

it('sample evidence verifies every reached counted stage as it stands, except those left awaiting', () => {
	const started = countedFactsOf({ ...source, stage: 'started', startedDate: day('2025-06-01') })
	const now = new Date('2026-01-01T00:00:00Z')
	const rows = sampleEvidence(started, ['started'], now)
	expect(rows.map((r) => [r.stage, r.status, r.isSample])).toEqual([
		['signed', 'verified', true],
		['started', 'pending', true],
	])
	expect(verificationState('signed', rows[0]!, started).state).toBe('verified')
	expect(verificationState('started', rows[1]!, started).state).toBe('pending')
})
