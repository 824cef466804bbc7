import { z } from 'zod'
import { versionField } from '~/domain/concurrency/conflict'
import { userText } from '~/domain/text/text-field'
import { checkbox, optionalDecimal, optionalText as optionalTextField, requiredText as requiredTextField, toHalfWidth } from '~/utils/forms'
import { LINK_STAGES } from './link-stages'

/**
 * Schemas of the chain edit forms (/chains/:slug/edit), one per `intent`.
 * The same schema validates on the client (react-hook-form) and in the action.
 * Inputs are form strings; outputs are the values to store (blank → null).
 * Messages are i18n keys, translated where shown.
 */

const V = 'chainEdit.validation'

// The fields of each kind of row that a stale save or delete compares (ADR 0015), in the row's order.
const LINK_FIELDS = ['name', 'nameEn', 'stage', 'unit', 'source'] as const
const EDGE_FIELDS = ['factor', 'factorLow', 'factorHigh', 'factorUnit', 'referenceId', 'confidence', 'source'] as const
const FIGURE_FIELDS = ['year', 'capacity', 'output', 'source', 'isSample'] as const
/**
 * A link's delete takes its edges and figures with it: how many the row showed
 * is compared too, whatever the link's version (adding an edge does not move it).
 */
export const CHAIN_DELETE_UNVERSIONED = ['edges', 'figures'] as const
const LINK_DELETE_FIELDS = [...LINK_FIELDS, ...CHAIN_DELETE_UNVERSIONED] as const

/**
 * What a delete form showed of its row (ADR 0015), as text: compared with the
 * row as stored when the version has moved, and shown in the comparison; never stored.
 */
function shown<K extends string>(names: readonly K[]) {
	return Object.fromEntries(names.map((name) => [name, userText().optional()])) as Record<K, z.ZodOptional<z.ZodString>>
}

/** Confidence tags of the chain reference table; a pair such as "A/B" gives two sources' grades. */
const CONFIDENCE_GRADES = ['A', 'B', 'C', 'D', 'NF'] as const
const CONFIDENCE_GRADE = CONFIDENCE_GRADES.join('|')
const CONFIDENCE_PATTERN = new RegExp(`^(${CONFIDENCE_GRADE})(/(${CONFIDENCE_GRADE}))?$`)

const DECIMAL_MESSAGES = { notANumber: `${V}.notANumber`, decimalComma: `${V}.decimalComma` }
const TOO_LONG = { tooLong: `${V}.tooLong` }

const id = userText('validation.required').trim().min(1, 'validation.required')

const requiredText = (max: number, required = 'validation.required') => requiredTextField(max, { required, ...TOO_LONG })
const optionalText = (max: number) => optionalTextField(max, TOO_LONG)
const optionalNumber = () => optionalDecimal(DECIMAL_MESSAGES)

const positive = () => optionalNumber().refine((n) => n === null || n > 0, `${V}.positive`)
const nonNegative = () => optionalNumber().refine((n) => n === null || n >= 0, `${V}.nonNegative`)

// ---------- links ----------

const linkFields = {
	name: requiredText(100),
	nameEn: requiredText(100),
	stage: z.enum(LINK_STAGES, 'validation.invalidChoice'),
	unit: requiredText(32),
	source: optionalText(500),
}

/** The row's version when the page was loaded (ADR 0015). */
const version = { version: versionField }

export const updateLinkSchema = z.object({ intent: z.literal('updateLink'), linkId: id, ...linkFields, ...version })

export const createLinkSchema = z.object({
	intent: z.literal('createLink'),
	key: userText('validation.required')
		.trim()
		.min(1, 'validation.required')
		.max(64, `${V}.tooLong`)
		.regex(/^[a-z0-9_]+$/, `${V}.linkKey`),
	...linkFields,
})

export const deleteLinkSchema = z.object({ intent: z.literal('deleteLink'), linkId: id, ...version, ...shown(LINK_DELETE_FIELDS) })

// ---------- edges ----------

const edgeFields = {
	factor: positive(),
	factorLow: nonNegative(),
	factorHigh: positive(),
	factorUnit: optionalText(200),
	referenceId: optionalText(32),
	confidence: userText()
		.optional()
		.transform((v) => {
			const text = (v ?? '').trim().toUpperCase()
			return text ? text : null
		})
		.refine((v) => v === null || CONFIDENCE_PATTERN.test(v), `${V}.confidence`),
	source: optionalText(500),
}

type EdgeNumbers = { factor: unknown; factorLow: unknown; factorHigh: unknown; source: string | null }

/** A factor (or its range) needs a source; the range must hold the factor. */
function checkFactor(edge: EdgeNumbers, ctx: z.RefinementCtx) {
	const num = (v: unknown) => (typeof v === 'number' ? v : null)
	const factor = num(edge.factor)
	const low = num(edge.factorLow)
	const high = num(edge.factorHigh)
	if ((factor !== null || low !== null || high !== null) && !edge.source) {
		ctx.addIssue({ code: 'custom', path: ['source'], message: `${V}.sourceRequiredForFactor` })
	}
	if (factor !== null && low !== null && low > factor) {
		ctx.addIssue({ code: 'custom', path: ['factorLow'], message: `${V}.lowAboveFactor` })
	}
	if (factor !== null && high !== null && factor > high) {
		ctx.addIssue({ code: 'custom', path: ['factorHigh'], message: `${V}.highBelowFactor` })
	}
	if (low !== null && high !== null && low > high) {
		ctx.addIssue({ code: 'custom', path: ['factorHigh'], message: `${V}.rangeInverted` })
	}
}

export const updateEdgeSchema = z.object({ intent: z.literal('updateEdge'), edgeId: id, ...edgeFields, ...version }).superRefine(checkFactor)

export const createEdgeSchema = z.object({ intent: z.literal('createEdge'), fromLinkId: id, toLinkId: id, ...edgeFields }).superRefine((edge, ctx) => {
	if (edge.fromLinkId && edge.fromLinkId === edge.toLinkId) {
		ctx.addIssue({ code: 'custom', path: ['toLinkId'], message: `${V}.sameLink` })
	}
	checkFactor(edge, ctx)
})

export const deleteEdgeSchema = z.object({ intent: z.literal('deleteEdge'), edgeId: id, ...version, ...shown(EDGE_FIELDS) })

// ---------- company figures (CompanyLink) ----------

export const upsertFigureSchema = z
	.object({
		intent: z.literal('upsertFigure'),
		figureId: userText()
			.trim()
			.optional()
			.transform((v) => (v ? v : null)),
		companyId: id,
		linkId: id,
		year: userText('validation.required')
			.trim()
			.min(1, 'validation.required')
			.transform((v, ctx) => {
				const year = Number(toHalfWidth(v))
				if (Number.isInteger(year) && year >= 2000 && year <= 2100) return year
				ctx.addIssue({ code: 'custom', message: `${V}.year` })
				return z.NEVER
			}),
		capacity: nonNegative(),
		output: nonNegative(),
		source: requiredText(500, `${V}.sourceRequired`),
		isSample: checkbox,
		// Read only when figureId names an existing figure.
		...version,
	})
	.superRefine((figure, ctx) => {
		if (figure.capacity === null && figure.output === null) {
			ctx.addIssue({ code: 'custom', path: ['capacity'], message: `${V}.capacityOrOutput` })
		}
	})

export const deleteFigureSchema = z.object({ intent: z.literal('deleteFigure'), figureId: id, ...version, ...shown(FIGURE_FIELDS) })

// ---------- all intents ----------

export const chainEditSchemas = {
	updateLink: updateLinkSchema,
	createLink: createLinkSchema,
	deleteLink: deleteLinkSchema,
	updateEdge: updateEdgeSchema,
	createEdge: createEdgeSchema,
	deleteEdge: deleteEdgeSchema,
	upsertFigure: upsertFigureSchema,
	deleteFigure: deleteFigureSchema,
} as const

export type ChainEditIntent = keyof typeof chainEditSchemas

export function isChainEditIntent(value: unknown): value is ChainEditIntent {
	return typeof value === 'string' && Object.hasOwn(chainEditSchemas, value)
}

export const chainEditSchema = z.discriminatedUnion('intent', [
	updateLinkSchema,
	createLinkSchema,
	deleteLinkSchema,
	updateEdgeSchema,
	createEdgeSchema,
	deleteEdgeSchema,
	upsertFigureSchema,
	deleteFigureSchema,
])

/** What the forms hold (strings). */
export type ChainEditInput<I extends ChainEditIntent> = z.input<(typeof chainEditSchemas)[I]>
/** What the models receive (parsed, blanks as null). */
export type ChainEditData<I extends ChainEditIntent = ChainEditIntent> = z.output<(typeof chainEditSchemas)[I]>

const numberText = (value: number | null) => (value === null ? '' : String(value))

/** A stored link as the values of its row's edit form. */
export function linkFormValues(link: { id: string; name: string; nameEn: string; stage: string; unit: string; source: string | null; version: number }) {
	return {
		intent: 'updateLink',
		linkId: link.id,
		name: link.name,
		nameEn: link.nameEn,
		stage: link.stage as ChainEditInput<'updateLink'>['stage'],
		unit: link.unit,
		source: link.source ?? '',
		version: String(link.version),
	} satisfies ChainEditInput<'updateLink'>
}

type EdgeFactors = {
	factor: number | null
	factorLow: number | null
	factorHigh: number | null
	factorUnit: string | null
	referenceId: string | null
	confidence: string | null
	source: string | null
}

/** A stored edge as the values of its row's edit form. */
export function edgeFormValues(edge: EdgeFactors & { id: string; version: number }) {
	return {
		intent: 'updateEdge',
		edgeId: edge.id,
		factor: numberText(edge.factor),
		factorLow: numberText(edge.factorLow),
		factorHigh: numberText(edge.factorHigh),
		factorUnit: edge.factorUnit ?? '',
		referenceId: edge.referenceId ?? '',
		confidence: edge.confidence ?? '',
		source: edge.source ?? '',
		version: String(edge.version),
	} satisfies ChainEditInput<'updateEdge'>
}

/** A stored company figure as the values of its row's edit form. */
export function figureFormValues(figure: {
	id: string
	companyId: string
	linkId: string
	year: number | null
	capacity: number | null
	output: number | null
	source: string | null
	isSample: boolean
	version: number
}) {
	return {
		intent: 'upsertFigure',
		figureId: figure.id,
		companyId: figure.companyId,
		linkId: figure.linkId,
		year: numberText(figure.year),
		capacity: numberText(figure.capacity),
		output: numberText(figure.output),
		source: figure.source ?? '',
		isSample: figure.isSample,
		version: String(figure.version),
	} satisfies ChainEditInput<'upsertFigure'>
}

/** Form values as a browser posts them: a ticked checkbox "on", an unticked one absent (blank). */
export function asPosted(values: Record<string, string | boolean>): Record<string, string> {
	return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value === true ? 'on' : value === false ? '' : value]))
}

/** The fields of each row form that a stale save or delete compares (ADR 0015), in the row's order. */
export const CHAIN_CONFLICT_FIELDS = {
	updateLink: LINK_FIELDS,
	updateEdge: EDGE_FIELDS,
	upsertFigure: FIGURE_FIELDS,
	deleteLink: LINK_DELETE_FIELDS,
	deleteEdge: EDGE_FIELDS,
	deleteFigure: FIGURE_FIELDS,
} as const satisfies { [I in ChainEditIntent]?: readonly (keyof ChainEditInput<I>)[] }

const DELETE_ID = { deleteLink: 'linkId', deleteEdge: 'edgeId', deleteFigure: 'figureId' } as const
export type ChainDeleteIntent = keyof typeof DELETE_ID

export function isChainDeleteIntent(intent: string): intent is ChainDeleteIntent {
	return Object.hasOwn(DELETE_ID, intent)
}

/**
 * A row's delete form, from the row's form values as posted (for a link also
 * its `edges` and `figures` counts): its id, the version and the values the row
 * shows, so a delete decided on a row changed since can be told apart (ADR 0015).
 */
export function deleteFormValues(intent: ChainDeleteIntent, row: Readonly<Record<string, string | undefined>>): Record<string, string> {
	const idName = DELETE_ID[intent]
	const values: Record<string, string> = { intent, [idName]: row[idName] ?? '', version: row.version ?? '' }
	for (const field of CHAIN_CONFLICT_FIELDS[intent]) values[field] = row[field] ?? ''
	return values
}

/** A parsed delete form back as its form values, with the version given (what the row showed, at that version). */
export function postedDelete(data: ChainEditData<ChainDeleteIntent>, version: string): Record<string, string> {
	const { version: _seen, ...posted } = data
	return deleteFormValues(data.intent, { ...(posted as Record<string, string | undefined>), version })
}
