import {
	type ActionFunctionArgs,
	data,
	type LinksFunction,
	type LoaderFunctionArgs,
	MaxPartSizeExceededError,
	redirect,
	unstable_createMemoryUploadHandler,
	unstable_parseMultipartFormData,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { refuseFilesOver } from '~/components/file-size-limit'
import { fieldAria, FieldError } from '~/components/forms'
import { TargetReview } from '~/components/quota/target-review'
import { savedImportQuery } from '~/components/quota/target-review-saved'
import { RegionSelect, type RegionOption } from '~/components/region-select'
import { prisma } from '~/db.server'
import { POLICY_IMPORT_BODY_LIMIT_BYTES } from '~/domain/http/body-limits'
import { ImportFileError } from '~/domain/import/file-error'
import { doubtfulFirst } from '~/domain/policy/confidence'
import { extractTargets } from '~/domain/policy/extract-targets'
import { MAX_POLICY_FILE_BYTES, POLICY_FILE_ACCEPT } from '~/domain/policy/file-limits'
import {
	type CardErrors,
	cardConfidence,
	cardFromTarget,
	DOCUMENT_FIELDS,
	type DocumentValues,
	MAX_TEXT_BYTES,
	parseReviewCard,
	policyDocumentSchema,
	readReviewForm,
	type ReviewCardValues,
} from '~/domain/quota/target-review'
import { regionForNewRecord } from '~/domain/region/scope'
import { ImportError } from '~/models/import-commit.server'
import { readPolicyUpload } from '~/models/import-session.server'
import { listChainsForRules, savePolicyWithQuotas } from '~/models/policy.server'
import { installationHomeRegion, listScopeRegions, quotaRegionAllowed } from '~/models/region.server'
import { listUnits } from '~/models/unit.server'
import policyImportStyles from '~/styles/policy-import.css?url'
import { requirePermission } from '~/utils/auth.server'
import { type ActionResult, type FieldErrors, fieldErrors, refusal } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { todayInChina } from '~/utils/today'
import { type MessageParams, type RefusalStatus, UserError, type UserMessage, userMessage } from '~/utils/user-error'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: policyImportStyles }]

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'write:quota')
	const [chains, units, regions, home] = await Promise.all([
		listChainsForRules(prisma),
		listUnits(prisma),
		listScopeRegions(prisma, user.scope),
		user.regionId === null ? installationHomeRegion(prisma) : null,
	])
	return {
		chains,
		units: units.map((unit) => ({ name: unit.name })),
		// A user over several regions (a 市) says whose targets the document sets (ADR 0029); their own by default.
		regions: regions.length > 1 ? regions : [],
		// An admin without a region starts on the installation's own region: a target without one is refused once regions exist.
		defaultRegionId: user.regionId ?? home ?? '',
	}
}

type InputStep = { step: 'input'; document: DocumentValues }
type ReviewStep = { step: 'review'; document: DocumentValues; cards: ReviewCardValues[] }

/**
 * Which step the page draws from the answer (ADR 0045): step 1 (the document), back from the review or refused
 * with its fields' messages (a file's refusal says what was found and what is allowed: its params); or step 2
 * (the review) with the cards extracted, or as posted with each card's messages and the form's.
 */
export type PolicyImportActionResult = ActionResult<
	InputStep | ReviewStep,
	(InputStep & { errorParams: Partial<Record<string, MessageParams>> }) | (ReviewStep & { cardErrors: CardErrors[] })
>

const MB = 1024 * 1024

const emptyDocument = () => Object.fromEntries(DOCUMENT_FIELDS.map((name) => [name, ''])) as DocumentValues

/** Refused before reading it: the form comes back empty (what was posted is not kept in memory). */
function tooLarge(field: 'text' | 'file') {
	const refused = field === 'text' ? refusal({ text: 'policyImport.validation.textTooLong' }) : refusal({ file: 'policyImport.validation.fileTooLarge' })
	const errorParams = field === 'file' ? { file: { maxMb: MAX_POLICY_FILE_BYTES / MB } } : {}
	return data<PolicyImportActionResult>({ ...refused, step: 'input', document: emptyDocument(), errorParams }, { status: 413 })
}

// A pasted text and a file have limits of their own.
const textPartHandler = unstable_createMemoryUploadHandler({ maxPartSize: MAX_TEXT_BYTES })
const filePartHandler = unstable_createMemoryUploadHandler({ maxPartSize: MAX_POLICY_FILE_BYTES })

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:quota')
	let formData: FormData
	// Step 1 posts multipart (it may carry a file); the review form posts urlencoded.
	if ((request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
		if (Number(request.headers.get('Content-Length') ?? 0) > POLICY_IMPORT_BODY_LIMIT_BYTES) return tooLarge('file')
		try {
			formData = await unstable_parseMultipartFormData(request, (part) => (part.name === 'file' ? filePartHandler(part) : textPartHandler(part)))
		} catch (error) {
			if (error instanceof MaxPartSizeExceededError) return tooLarge(error.field === 'text' ? 'text' : 'file')
			throw error
		}
	} else {
		formData = await request.formData()
	}
	const intent = formData.get('intent')
	if (intent === 'extract') return extract(formData)
	const { document, cards } = readReviewForm(formData)
	if (intent === 'back') return data<PolicyImportActionResult>({ ok: true, step: 'input', document })
	if (intent !== 'save') throw new Response('Unknown form', { status: 400 })

	const review = (formError: UserMessage, { cardErrors = [], status = 400 }: { cardErrors?: CardErrors[]; status?: RefusalStatus } = {}) =>
		data<PolicyImportActionResult>({ ...refusal({}, formError), step: 'review', document, cards, cardErrors }, { status })
	const parsedDocument = policyDocumentSchema.safeParse(document)
	if (!parsedDocument.success) return review(userMessage('policyImport.errors.document'))
	const chains = await listChainsForRules(prisma)
	const parsed = cards.map((card) => (card.accepted ? parseReviewCard(card, chains) : null))
	const cardErrors = parsed.map((card) => (card && !card.ok ? card.errors : {}))
	const invalid = cardErrors.filter((errors) => Object.keys(errors).length > 0).length
	if (invalid > 0) return review(userMessage('policyImport.errors.fixCards', { count: invalid }), { cardErrors })
	const quotas = parsed.flatMap((card) => (card?.ok ? [{ target: card.target, rules: card.rules }] : []))
	if (quotas.length === 0) return review(userMessage('policyImport.errors.noneAccepted'))

	const { regionId: picked, ...documentData } = parsedDocument.data
	const regionId = regionForNewRecord(user.scope, user.regionId, picked)
	// Outside the scope, unknown (an admin's scope holds any id), or none on an installation with regions.
	if (regionId === undefined || !(await quotaRegionAllowed(prisma, regionId))) return review(userMessage('policyImport.errors.region'))
	let saved: Awaited<ReturnType<typeof savePolicyWithQuotas>>
	try {
		saved = await savePolicyWithQuotas(prisma, { document: documentData, quotas }, user.id, regionId)
	} catch (error) {
		// The same text saved before for this region (ADR 0042): said above the cards, as posted.
		if (!(error instanceof UserError)) throw error
		return review(error.userMessage, { status: error.status })
	}
	// The dashboard opens on the first year the new quotas cover.
	const years = quotas.map(({ target }) => target.startYear ?? target.endYear).filter((y) => y !== null)
	const year = years.length > 0 ? Math.min(...years) : Number(todayInChina().slice(0, 4))
	return redirect(`/quotas?${savedImportQuery({ year, saved: saved.quotaIds.length, createdUnits: saved.createdUnits })}`)
}

/**
 * Reads the document (pasted, or an uploaded .txt, .docx, .pdf or web page, read
 * on the import worker) and extracts its targets into review cards.
 */
async function extract(formData: FormData) {
	const text = (name: string) => {
		const value = formData.get(name)
		return typeof value === 'string' ? value : ''
	}
	const document = Object.fromEntries(DOCUMENT_FIELDS.map((name) => [name, text(name)])) as DocumentValues
	const errors: FieldErrors = {}
	const errorParams: Partial<Record<string, MessageParams>> = {}
	const file = formData.get('file')
	// An empty file input still posts a part, with no name and no bytes.
	if (file instanceof File && (file.size > 0 || file.name !== '')) {
		try {
			document.text = (await readPolicyUpload(file.name, new Uint8Array(await file.arrayBuffer()))).text
		} catch (error) {
			if (!(error instanceof ImportFileError || error instanceof ImportError)) throw error
			errors.file = error.messageKey
			errorParams.file = error.params
		}
	}
	const parsed = policyDocumentSchema.safeParse(document)
	if (!parsed.success) Object.assign(errors, { ...fieldErrors(parsed.error), ...errors })
	// A refused file is the problem to fix, not the empty text box beside it.
	if (errors.file && errors.text === 'policyImport.validation.textRequired') delete errors.text
	if (!parsed.success || Object.keys(errors).length > 0) {
		return data<PolicyImportActionResult>({ ...refusal(errors), step: 'input', document, errorParams }, { status: 400 })
	}
	const chains = await listChainsForRules(prisma)
	// Doubtful cards first (ADR 0042), document order among equals.
	const cards = doubtfulFirst(
		extractTargets(parsed.data.text).map((target) => cardFromTarget(target, chains)),
		cardConfidence,
	)
	return data<PolicyImportActionResult>({ ok: true, step: 'review', document: { ...document, text: parsed.data.text }, cards })
}

export const handle = pageTitle('policyImport.title')

export default function PolicyImportPage() {
	const { chains, units, regions, defaultRegionId } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const { t } = useTranslation()
	return (
		<>
			<p>
				<Link to="/quotas">← {t('policyImport.backToQuotas')}</Link>
			</p>
			<h1>{t('policyImport.title')}</h1>
			{result?.step === 'review' ? (
				<TargetReview
					document={result.document}
					cards={result.cards}
					cardErrors={result.ok ? [] : result.cardErrors}
					formError={result.ok ? null : result.formError}
					chains={chains}
					units={units}
				/>
			) : (
				<DocumentForm
					// From the review, the form mounts again with the document's values; after a refusal it stays as typed.
					defaults={result?.document ?? null}
					regions={regions}
					defaultRegionId={defaultRegionId}
					errors={result?.step === 'input' && !result.ok ? result.errors : {}}
					errorParams={result?.step === 'input' && !result.ok ? result.errorParams : {}}
				/>
			)}
		</>
	)
}

/** Step 1: the document's details and its text, pasted or as a file. */
function DocumentForm({
	defaults,
	regions,
	defaultRegionId,
	errors,
	errorParams,
}: {
	defaults: DocumentValues | null
	regions: RegionOption[]
	defaultRegionId: string
	errors: FieldErrors
	/** The values a field's message interpolates (a refused file's size, type…). */
	errorParams: Partial<Record<string, MessageParams>>
}) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const extracting = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'extract'
	const field = (name: keyof DocumentValues | 'file', control: (props: Record<string, unknown>) => ReactNode, hint?: string) => {
		const id = `policy-${name}`
		return (
			<div className={name === 'text' || name === 'title' ? 'review-field review-field-wide' : 'review-field'}>
				<label htmlFor={id}>
					{t(`policyImport.fields.${name}`)}
					{name === 'title' ? ' *' : ''}
				</label>
				{control({ id, name, ...fieldAria(id, errors[name], hint ? `${id}-hint` : null) })}
				{hint ? (
					<span className="muted field-hint" id={`${id}-hint`}>
						{hint}
					</span>
				) : null}
				<FieldError id={id} message={errors[name]} params={errorParams[name]} />
			</div>
		)
	}
	return (
		<>
			<p className="intro">{t('policyImport.intro')}</p>
			<Form method="post" encType="multipart/form-data" className="policy-input-form" data-testid="policy-input-form">
				<input type="hidden" name="intent" value="extract" />
				<div className="review-grid">
					{field('title', (props) => (
						<input {...props} defaultValue={defaults?.title} required maxLength={200} />
					))}
					{field(
						'docNumber',
						(props) => (
							<input {...props} defaultValue={defaults?.docNumber} maxLength={100} />
						),
						t('policyImport.hints.docNumber'),
					)}
					{field('issuer', (props) => (
						<input {...props} defaultValue={defaults?.issuer} maxLength={100} />
					))}
					{field('issuedDate', (props) => (
						<input {...props} type="date" defaultValue={defaults?.issuedDate} />
					))}
				</div>
				<RegionSelect field={{ name: 'regionId' }} regions={regions} defaultValue={defaults?.regionId || defaultRegionId} />
				{field('text', (props) => (
					<textarea {...props} defaultValue={defaults?.text} rows={14} />
				))}
				{field(
					'file',
					(props) => (
						<input
							{...props}
							type="file"
							accept={POLICY_FILE_ACCEPT}
							onChange={refuseFilesOver(MAX_POLICY_FILE_BYTES, t('policyImport.validation.fileTooLarge', { maxMb: MAX_POLICY_FILE_BYTES / MB }))}
						/>
					),
					t('policyImport.hints.file', { maxMb: MAX_POLICY_FILE_BYTES / MB, maxTextMb: MAX_TEXT_BYTES / MB }),
				)}
				<p>
					<button type="submit" className="button-primary" disabled={extracting} data-testid="extract-targets">
						{extracting ? t('policyImport.extracting') : t('policyImport.extract')}
					</button>
				</p>
			</Form>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
