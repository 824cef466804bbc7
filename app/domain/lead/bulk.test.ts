import { describe, expect, test } from 'vitest'
import { BULK_LEAD_MAX, parseBulkLeadForm } from './bulk'

const form = (entries: [string, string][]) => {
	const data = new FormData()
	for (const [k, v] of entries) data.append(k, v)
	return data
}

describe('parseBulkLeadForm', () => {
	test('a move names the ticked leads with their versions and one stage', () => {
		const parsed = parseBulkLeadForm(
			form([
				['intent', 'move'],
				['lead', 'a1:3'],
				['lead', 'b-2:0'],
				['toStage', 'dropped'],
			]),
		)
		expect(parsed.success && parsed.data).toEqual({
			intent: 'move',
			leads: [
				{ id: 'a1', version: 3 },
				{ id: 'b-2', version: 0 },
			],
			toStage: 'dropped',
		})
	})
	test('a hand-over names an owner; no unit means none', () => {
		const parsed = parseBulkLeadForm(
			form([
				['intent', 'reassign'],
				['lead', 'a1:3'],
				['ownerId', 'u1'],
				['unitId', ''],
			]),
		)
		expect(parsed.success && parsed.data).toEqual({ intent: 'reassign', leads: [{ id: 'a1', version: 3 }], ownerId: 'u1', unitId: null })
	})
	test('nothing ticked, a converted stage, a forged selection or too many leads are refused with their reason', () => {
		const issue = (entries: [string, string][]) => {
			const parsed = parseBulkLeadForm(form(entries))
			return parsed.success ? null : parsed.error.issues[0]!.message
		}
		expect(
			issue([
				['intent', 'move'],
				['toStage', 'contacted'],
			]),
		).toBe('leads.bulk.validation.noneTicked')
		expect(
			issue([
				['intent', 'move'],
				['lead', 'a1:1'],
				['toStage', 'converted'],
			]),
		).toBe('leads.bulk.validation.pickStage')
		expect(
			issue([
				['intent', 'move'],
				['lead', "a1' OR 1=1"],
				['toStage', 'contacted'],
			]),
		).toBe('leads.bulk.validation.badSelection')
		expect(
			issue([
				['intent', 'reassign'],
				['lead', 'a1:1'],
			]),
		).toBe('leads.bulk.validation.pickOwner')
		const many = Array.from({ length: BULK_LEAD_MAX + 1 }, (_, i): [string, string] => ['lead', `l${i}:1`])
		expect(issue([['intent', 'move'], ...many, ['toStage', 'contacted']])).toBe('leads.bulk.validation.tooMany')
	})
})
