import { describe, expect, it } from 'vitest'
import { listCorpus, scoreCorpus } from '../../scripts/extractor-score'

// The corpus score is recorded in docs/extractor.md (`npm run extractor:score`).
// This test checks that the scorer runs over every document and produces a score;
// it sets no threshold on the score itself.
describe('policy corpus score', () => {
	it('scores every document of the corpus', async () => {
		const ids = listCorpus()
		expect(ids.length).toBeGreaterThanOrEqual(8)
		const { documents, total } = await scoreCorpus()
		expect(documents.map((d) => d.id)).toEqual(ids)
		for (const d of documents) {
			expect(d.meta.title, d.id).toBeTruthy()
			expect(d.score.expected, d.id).toBe(d.expected.length)
			expect(d.score.extracted, d.id).toBe(d.actual.length)
			expect(d.score.matched + d.score.missed.length, d.id).toBe(d.score.expected)
			expect(d.score.matched + d.score.extra.length, d.id).toBe(d.score.extracted)
			// A document with expected targets has a recall; one where the extractor found something has a precision.
			if (d.score.expected > 0) expect(d.score.recall, d.id).not.toBeNull()
			if (d.score.extracted > 0) expect(d.score.precision, d.id).not.toBeNull()
		}
		expect(total.expected).toBe(documents.reduce((n, d) => n + d.expected.length, 0))
	})
})
