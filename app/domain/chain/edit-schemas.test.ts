import { describe, expect, test } from 'vitest'
import { fieldErrors } from '~/utils/forms'
import {
	chainEditSchema,
	createEdgeSchema,
	createLinkSchema,
	deleteEdgeSchema,
	deleteFormValues,
	deleteLinkSchema,
	isChainEditIntent,
	updateEdgeSchema,
	updateLinkSchema,
	upsertFigureSchema,
} from './edit-schemas'

function errorsOf(result: { success: boolean; error?: Parameters<typeof fieldErrors>[0] }) {
	expect(result.success).toBe(false)
	return fieldErrors(result.error!)
}

describe('links', () => {
	const link = { name: '稀土金属', nameEn: 'RE metal', stage: 'material', unit: 't', source: '' }

	test('an update parses, trims and turns a blank source into null', () => {
		const result = updateLinkSchema.parse({ intent: 'updateLink', linkId: 'l1', ...link, name: '  稀土金属  ', version: '3' })
		expect(result).toEqual({ intent: 'updateLink', linkId: 'l1', name: '稀土金属', nameEn: 'RE metal', stage: 'material', unit: 't', source: null, version: 3 })
	})

	test('required fields and the stage are checked', () => {
		const errors = errorsOf(updateLinkSchema.safeParse({ intent: 'updateLink', linkId: '', name: ' ', nameEn: 'x', stage: 'magic', unit: '' }))
		expect(errors).toEqual({
			linkId: 'validation.required',
			name: 'validation.required',
			stage: 'validation.invalidChoice',
			unit: 'validation.required',
		})
	})

	test('a new link key is lowercase letters, digits and underscores', () => {
		expect(createLinkSchema.parse({ intent: 'createLink', key: 'motor_ev2', ...link }).key).toBe('motor_ev2')
		for (const key of ['Motor', 'motor-ev', '电机', 'a b']) {
			expect(errorsOf(createLinkSchema.safeParse({ intent: 'createLink', key, ...link }))).toEqual({ key: 'chainEdit.validation.linkKey' })
		}
		expect(errorsOf(createLinkSchema.safeParse({ intent: 'createLink', key: '', ...link }))).toEqual({ key: 'validation.required' })
	})
})

describe('edges', () => {
	const base = { intent: 'updateEdge', edgeId: 'e1' } as const

	test('blank fields mean unknown: no factor, no source is fine', () => {
		expect(updateEdgeSchema.parse({ ...base, factor: '', factorLow: '', factorHigh: '', factorUnit: '', referenceId: '', confidence: '', source: '' })).toEqual(
			{
				...base,
				factor: null,
				factorLow: null,
				factorHigh: null,
				factorUnit: null,
				referenceId: null,
				confidence: null,
				source: null,
				// A row posted without the version it was loaded at is stale (ADR 0015).
				version: null,
			},
		)
		expect(updateEdgeSchema.parse(base).factor).toBeNull()
	})

	test('a factor with a source and a range parses to numbers', () => {
		const result = updateEdgeSchema.parse({ ...base, factor: '0.3', factorLow: '0.2', factorHigh: '0.325', confidence: 'c/a', source: 'RE09' })
		expect(result).toMatchObject({ factor: 0.3, factorLow: 0.2, factorHigh: 0.325, confidence: 'C/A', source: 'RE09' })
	})

	test('a factor (or a range) without a source is refused', () => {
		expect(errorsOf(updateEdgeSchema.safeParse({ ...base, factor: '1.2', source: ' ' }))).toEqual({ source: 'chainEdit.validation.sourceRequiredForFactor' })
		expect(errorsOf(updateEdgeSchema.safeParse({ ...base, factorHigh: '2' }))).toEqual({ source: 'chainEdit.validation.sourceRequiredForFactor' })
	})

	test('numbers from form strings: "1,5" and "abc" get clear errors', () => {
		const errors = errorsOf(updateEdgeSchema.safeParse({ ...base, factor: '1,5', factorLow: 'abc', source: 's' }))
		expect(errors).toEqual({ factor: 'chainEdit.validation.decimalComma', factorLow: 'chainEdit.validation.notANumber' })
	})

	test('factorLow ≤ factor ≤ factorHigh, and factors are positive', () => {
		expect(errorsOf(updateEdgeSchema.safeParse({ ...base, factor: '1', factorLow: '1.1', source: 's' }))).toEqual({
			factorLow: 'chainEdit.validation.lowAboveFactor',
		})
		expect(errorsOf(updateEdgeSchema.safeParse({ ...base, factor: '1', factorHigh: '0.9', source: 's' }))).toEqual({
			factorHigh: 'chainEdit.validation.highBelowFactor',
		})
		expect(errorsOf(updateEdgeSchema.safeParse({ ...base, factorLow: '3', factorHigh: '2', source: 's' }))).toEqual({
			factorHigh: 'chainEdit.validation.rangeInverted',
		})
		expect(errorsOf(updateEdgeSchema.safeParse({ ...base, factor: '0', source: 's' }))).toEqual({ factor: 'chainEdit.validation.positive' })
		expect(errorsOf(updateEdgeSchema.safeParse({ ...base, factor: '-2', source: 's' }))).toEqual({ factor: 'chainEdit.validation.positive' })
		expect(updateEdgeSchema.parse({ ...base, factor: '1', factorLow: '1', factorHigh: '1', source: 's' })).toMatchObject({
			factor: 1,
			factorLow: 1,
			factorHigh: 1,
		})
	})

	test('confidence is A/B/C/D/NF (or a pair of them) or blank', () => {
		for (const confidence of ['A', 'nf', 'D/A', '']) {
			expect(updateEdgeSchema.safeParse({ ...base, confidence }).success).toBe(true)
		}
		for (const confidence of ['E', 'C only', 'A/B/C', 'high']) {
			expect(errorsOf(updateEdgeSchema.safeParse({ ...base, confidence }))).toEqual({ confidence: 'chainEdit.validation.confidence' })
		}
	})

	test('a new edge needs two different links', () => {
		const create = { intent: 'createEdge', fromLinkId: 'a', toLinkId: 'b', factor: '2', source: 'doc' } as const
		expect(createEdgeSchema.parse(create)).toMatchObject({ fromLinkId: 'a', toLinkId: 'b', factor: 2 })
		expect(errorsOf(createEdgeSchema.safeParse({ ...create, toLinkId: 'a' }))).toEqual({ toLinkId: 'chainEdit.validation.sameLink' })
		expect(errorsOf(createEdgeSchema.safeParse({ ...create, fromLinkId: '', source: '' }))).toEqual({
			fromLinkId: 'validation.required',
			source: 'chainEdit.validation.sourceRequiredForFactor',
		})
		expect(deleteEdgeSchema.safeParse({ intent: 'deleteEdge' }).success).toBe(false)
	})
})

describe('company figures', () => {
	const figure = { intent: 'upsertFigure', companyId: 'c1', linkId: 'l1', year: '2025', capacity: '10000', output: '', source: '文件' } as const

	test('capacity or output with a source and a year; checkbox from a form post or react-hook-form', () => {
		expect(upsertFigureSchema.parse(figure)).toEqual({ ...figure, figureId: null, year: 2025, capacity: 10000, output: null, isSample: false, version: null })
		expect(upsertFigureSchema.parse({ ...figure, figureId: 'f1', isSample: 'on' })).toMatchObject({ figureId: 'f1', isSample: true })
		expect(upsertFigureSchema.parse({ ...figure, isSample: true }).isSample).toBe(true)
		expect(upsertFigureSchema.parse({ ...figure, isSample: false }).isSample).toBe(false)
		expect(upsertFigureSchema.parse({ ...figure, capacity: '', output: '0' })).toMatchObject({ capacity: null, output: 0 })
	})

	test('at least one figure, a source, a year in 2000–2100 and no negatives', () => {
		expect(errorsOf(upsertFigureSchema.safeParse({ ...figure, capacity: '', output: '' }))).toEqual({ capacity: 'chainEdit.validation.capacityOrOutput' })
		expect(errorsOf(upsertFigureSchema.safeParse({ ...figure, source: '  ' }))).toEqual({ source: 'chainEdit.validation.sourceRequired' })
		for (const year of ['1999', '2101', '2025.5', 'abc']) {
			expect(errorsOf(upsertFigureSchema.safeParse({ ...figure, year }))).toEqual({ year: 'chainEdit.validation.year' })
		}
		expect(errorsOf(upsertFigureSchema.safeParse({ ...figure, year: '' }))).toEqual({ year: 'validation.required' })
		expect(errorsOf(upsertFigureSchema.safeParse({ ...figure, capacity: '-1' }))).toEqual({ capacity: 'chainEdit.validation.nonNegative' })
		expect(errorsOf(upsertFigureSchema.safeParse({ ...figure, output: '1,000' }))).toEqual({ output: 'chainEdit.validation.decimalComma' })
	})
})

test('the intent picks the schema; unknown intents are refused', () => {
	expect(chainEditSchema.parse({ intent: 'deleteEdge', edgeId: 'e1', version: '2' })).toEqual({ intent: 'deleteEdge', edgeId: 'e1', version: 2 })
	expect(chainEditSchema.safeParse({ intent: 'dropTable', edgeId: 'e1' }).success).toBe(false)
	expect(isChainEditIntent('upsertFigure')).toBe(true)
	expect(isChainEditIntent('toString')).toBe(false)
	expect(isChainEditIntent(undefined)).toBe(false)
})

test('a delete form carries the row’s id, version and shown values; the schema reads them back, a missing version as null', () => {
	const row = {
		intent: 'updateLink',
		linkId: 'l1',
		name: '钕铁硼磁材',
		nameEn: 'NdFeB magnets',
		stage: 'component',
		unit: '吨',
		source: '',
		version: '4',
		edges: '2',
		figures: '0',
	}
	const form = deleteFormValues('deleteLink', row)
	expect(form).toEqual({
		intent: 'deleteLink',
		linkId: 'l1',
		version: '4',
		name: '钕铁硼磁材',
		nameEn: 'NdFeB magnets',
		stage: 'component',
		unit: '吨',
		source: '',
		edges: '2',
		figures: '0',
	})
	expect(deleteLinkSchema.parse(form)).toEqual({ ...form, version: 4 })
	expect(deleteLinkSchema.parse({ intent: 'deleteLink', linkId: 'l1' })).toMatchObject({ intent: 'deleteLink', linkId: 'l1', version: null })
})
