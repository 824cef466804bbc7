import { expect, test } from 'vitest'
import { fieldErrors, parseDay } from '~/utils/forms'
import { advanceStageSchema, nextStage, projectFormSchema, projectFormValues, readProjectForm } from './project-schema'

const V = 'projects.validation'

const valid = {
	title: '钕铁硼磁材扩产项目',
	companyId: 'c1',
	type: 'new',
	investmentWan: '1234.56',
	incrementWan: '',
	stage: 'signed',
	negotiatingDate: '2025-01-10',
	signedDate: '2025-03-01',
	startedDate: '',
	producingDate: '',
	terminatedDate: '',
	responsibleUnitId: '',
	isClusterLeading: false,
	linkIds: ['l1', 'l2'],
	notes: '',
	source: '',
}

function errorsOf(overrides: Record<string, unknown>) {
	const parsed = projectFormSchema.safeParse({ ...valid, ...overrides })
	return parsed.success ? {} : fieldErrors(parsed.error)
}

test('a valid form parses to what is stored: integer CNY, UTC days, nulls for blanks', () => {
	const parsed = projectFormSchema.parse(valid)
	expect(parsed).toEqual({
		title: '钕铁硼磁材扩产项目',
		companyId: 'c1',
		type: 'new',
		investmentCNY: 12_345_600,
		incrementCNY: null,
		stage: 'signed',
		negotiatingDate: new Date('2025-01-10T00:00:00Z'),
		signedDate: new Date('2025-03-01T00:00:00Z'),
		startedDate: null,
		producingDate: null,
		terminatedDate: null,
		responsibleUnitId: null,
		isClusterLeading: false,
		linkIds: ['l1', 'l2'],
		notes: null,
		source: null,
		commitStartBy: null,
		commitProduceBy: null,
		commitLandMu: null,
		commitOutputCNY: null,
		commitTaxCNY: null,
		closedReason: null,
		// A new project's form has no version to carry.
		version: null,
		plannedLinkId: null,
		plannedOutput: null,
		plannedFromYear: null,
	})
	expect(projectFormSchema.parse({ ...valid, closedReason: ' 合同补签 ' }).closedReason).toBe('合同补签')
})

test('plain form posts work too: checkbox "on", one link as a string, repeated and blank links dropped', () => {
	expect(projectFormSchema.parse({ ...valid, isClusterLeading: 'on', linkIds: 'l1' })).toMatchObject({ isClusterLeading: true, linkIds: ['l1'] })
	expect(projectFormSchema.parse({ ...valid, isClusterLeading: undefined, linkIds: ['l1', '', 'l1'] })).toMatchObject({
		isClusterLeading: false,
		linkIds: ['l1'],
	})
	expect(projectFormSchema.parse({ ...valid, linkIds: undefined }).linkIds).toEqual([])
})

test('required fields and choices', () => {
	expect(errorsOf({ title: '  ', companyId: '', type: 'bogus', stage: 'bogus' })).toMatchObject({
		title: 'validation.required',
		companyId: 'validation.required',
		type: 'validation.invalidChoice',
		stage: 'validation.invalidChoice',
	})
	expect(errorsOf({ title: 'x'.repeat(201) })).toEqual({ title: `${V}.tooLong` })
})

test('investment is required and positive; only 洽谈 may give 0 for "not known yet"', () => {
	expect(errorsOf({ investmentWan: '' })).toEqual({ investmentWan: 'validation.required' })
	expect(errorsOf({ investmentWan: '0' })).toEqual({ investmentWan: `${V}.investmentPositive` })
	expect(errorsOf({ investmentWan: 'abc' })).toEqual({ investmentWan: `${V}.money.notANumber` })
	expect(errorsOf({ investmentWan: '-3' })).toEqual({ investmentWan: `${V}.money.negative` })
	expect(errorsOf({ investmentWan: '1.1234567' })).toEqual({ investmentWan: `${V}.money.tooManyDecimals` })
	const negotiating = { stage: 'negotiating', signedDate: '', investmentWan: '0' }
	expect(errorsOf(negotiating)).toEqual({})
	expect(projectFormSchema.parse({ ...valid, ...negotiating }).investmentCNY).toBe(0)
	expect(errorsOf({ ...negotiating, investmentWan: '' })).toEqual({ investmentWan: 'validation.required' })
})

test('增资 needs its increment, within the investment; other types drop it', () => {
	expect(errorsOf({ type: 'capital_increase' })).toEqual({ incrementWan: `${V}.incrementRequired` })
	expect(errorsOf({ type: 'capital_increase', incrementWan: '2000' })).toEqual({ incrementWan: `${V}.incrementAboveInvestment` })
	expect(errorsOf({ type: 'capital_increase', incrementWan: '0' })).toEqual({ incrementWan: `${V}.incrementPositive` })
	expect(projectFormSchema.parse({ ...valid, type: 'capital_increase', incrementWan: '1234.56' }).incrementCNY).toBe(12_345_600)
	expect(projectFormSchema.parse({ ...valid, type: 'capital_increase', incrementWan: '0.5' }).incrementCNY).toBe(5_000)
	expect(projectFormSchema.parse({ ...valid, type: 'expansion', incrementWan: '99' }).incrementCNY).toBeNull()
})

test('a stage is reached only with its date and the earlier dates (stageDateProblems, per field)', () => {
	expect(errorsOf({ signedDate: '' })).toEqual({ signedDate: `${V}.stageDateRequired` })
	expect(errorsOf({ stage: 'producing', signedDate: '', startedDate: '2025-05-01', producingDate: '' })).toEqual({
		signedDate: `${V}.stageDateRequired`,
		producingDate: `${V}.stageDateRequired`,
	})
	expect(errorsOf({ negotiatingDate: '2025-04-01' })).toEqual({ signedDate: `${V}.stageDateOrder` })
	expect(errorsOf({ stage: 'terminated' })).toEqual({ terminatedDate: `${V}.stageDateRequired` })
	expect(errorsOf({ stage: 'terminated', terminatedDate: '2025-06-01' })).toEqual({})
	expect(errorsOf({ stage: 'terminated', terminatedDate: '2025-02-01' })).toEqual({ terminatedDate: `${V}.terminatedBeforeLast` })
})

test('dates of stages not reached stay empty', () => {
	expect(errorsOf({ startedDate: '2025-05-01' })).toEqual({ startedDate: `${V}.dateBeyondStage` })
	expect(errorsOf({ terminatedDate: '2025-05-01' })).toEqual({ terminatedDate: `${V}.dateBeyondStage` })
	// Also when the date is out of order: "leave it empty" is what helps.
	expect(errorsOf({ startedDate: '2025-02-01' })).toEqual({ startedDate: `${V}.dateBeyondStage` })
})

test('dates must be real calendar days', () => {
	expect(errorsOf({ signedDate: '2025-02-30' })).toEqual({ signedDate: `${V}.invalidDate` })
	expect(errorsOf({ signedDate: '3/1/2025' })).toEqual({ signedDate: `${V}.invalidDate` })
	expect(parseDay('2024-02-29')).toEqual(new Date('2024-02-29T00:00:00Z'))
	expect(parseDay('2025-13-01')).toBeNull()
})

test('field errors and stage rules are reported together when the fields they read parsed', () => {
	expect(errorsOf({ title: '', signedDate: '' })).toEqual({ title: 'validation.required', signedDate: `${V}.stageDateRequired` })
})

test('a stored project gives back the form values, and they parse to the same project', () => {
	const stored = {
		...projectFormSchema.parse({ ...valid, type: 'capital_increase', incrementWan: '100.5', notes: '备注', isClusterLeading: true }),
		investmentCNY: 12_345_600n,
		incrementCNY: 1_005_000n,
		signedDate: '2025-03-01T00:00:00.000Z',
		version: 4,
	}
	const values = projectFormValues(stored)
	expect(values).toMatchObject({ investmentWan: '1234.56', incrementWan: '100.5', signedDate: '2025-03-01', startedDate: '', notes: '备注', version: '4' })
	expect(projectFormSchema.parse(values)).toMatchObject({ investmentCNY: 12_345_600, incrementCNY: 1_005_000, isClusterLeading: true, version: 4 })
})

test('a posted form reads back as form values: several links, checkbox, missing fields blank', () => {
	const form = new FormData()
	form.set('title', '项目')
	form.set('investmentWan', '12.5')
	form.set('isClusterLeading', 'on')
	form.append('linkIds', 'l1')
	form.append('linkIds', 'l2')
	const values = readProjectForm(form)
	expect(values).toMatchObject({ title: '项目', investmentWan: '12.5', isClusterLeading: true, linkIds: ['l1', 'l2'], stage: '', signedDate: '' })
	expect(readProjectForm(new FormData())).toMatchObject({ isClusterLeading: false, linkIds: [] })
})

test('the next stage follows 洽谈→签约→开工→投产; none after 投产 or 终止', () => {
	expect(nextStage('negotiating')).toBe('signed')
	expect(nextStage('signed')).toBe('started')
	expect(nextStage('started')).toBe('producing')
	expect(nextStage('producing')).toBeNull()
	expect(nextStage('terminated')).toBeNull()
	expect(nextStage('bogus')).toBeNull()
})

test('moving on needs the date of the stage', () => {
	expect(advanceStageSchema.parse({ toStage: 'signed', date: '2025-03-01' })).toEqual({
		toStage: 'signed',
		date: new Date('2025-03-01T00:00:00Z'),
		closedReason: null,
	})
	const missing = advanceStageSchema.safeParse({ toStage: 'signed', date: '' })
	expect(missing.success ? {} : fieldErrors(missing.error)).toEqual({ date: `${V}.advanceDateRequired` })
	const bad = advanceStageSchema.safeParse({ toStage: 'signed', date: '2025-02-30' })
	expect(bad.success ? {} : fieldErrors(bad.error)).toEqual({ date: `${V}.invalidDate` })
})

test('履约: deadlines as days, land in 亩, output and tax in 万元 as integer CNY', () => {
	const parsed = projectFormSchema.parse({
		...valid,
		commitStartBy: '2025-09-30',
		commitProduceBy: '2026-12-31',
		commitLandMu: '120.5',
		commitOutputWan: '50000',
		commitTaxWan: '1234.5',
	})
	expect(parsed).toMatchObject({
		commitStartBy: new Date('2025-09-30T00:00:00Z'),
		commitProduceBy: new Date('2026-12-31T00:00:00Z'),
		commitLandMu: 120.5,
		commitOutputCNY: 500_000_000,
		commitTaxCNY: 12_345_000,
	})
	expect(errorsOf({ commitStartBy: '2026-01-01', commitProduceBy: '2025-12-31' })).toEqual({ commitProduceBy: `${V}.produceBeforeStart` })
	expect(errorsOf({ commitLandMu: '12亩', commitTaxWan: '-1', commitStartBy: '2025-02-30' })).toEqual({
		commitLandMu: `${V}.land.notANumber`,
		commitTaxWan: `${V}.money.negative`,
		commitStartBy: `${V}.invalidDate`,
	})
})

test('履约 values round-trip through the edit form', () => {
	const stored = {
		...projectFormSchema.parse({ ...valid, commitStartBy: '2025-09-30', commitLandMu: '80.25', commitOutputWan: '0.5' }),
		version: 3,
	}
	const values = projectFormValues({ ...stored, investmentCNY: stored.investmentCNY, incrementCNY: stored.incrementCNY })
	expect(values).toMatchObject({ commitStartBy: '2025-09-30', commitProduceBy: '', commitLandMu: '80.25', commitOutputWan: '0.5', commitTaxWan: '' })
})
