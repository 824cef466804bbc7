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
import { TargetReview, type ReviewFormError } from '~/components/quota/target-review'
import { savedImportQuery } from '~/components/quota/target-review-saved'
import { prisma } from '~/db.server'
import { fieldErrors } from '~/domain/chain/edit-schemas'
import { POLICY_IMPORT_BODY_LIMIT_BYTES } from '~/domain/http/body-limits'
import { decodeText } from '~/domain/import/read-file'
import { extractTargets } from '~/domain/policy/extract-targets'
import {
	type CardErrors,
	cardFromTarget,
	DOCUMENT_FIELDS,
	type DocumentValues,
	MAX_TEXT_BYTES,
	parseReviewCard,
	policyDocumentSchema,
	readReviewForm,
	type ReviewCardValues,
} from '~/domain/quota/target-review'
import { listChainsForRules, savePolicyWithQuotas } from '~/models/policy.server'
import { listUnits } from '~/models/unit.server'
import policyImportStyles from '~/styles/policy-import.css?url'
import { requirePermission } from '~/utils/auth.server'
import { todayInChina } from '~/utils/today'
import { pageTitle } from '~/utils/page-title'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: policyImportStyles }]

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'write:quota')
	const [chains, units] = await Promise.all([listChainsForRules(prisma), listUnits(prisma)])
	return { chains, units: units.map((unit) => ({ name: unit.name })) }
}

/** Step 1 (the document) shown again with its problems, or step 2 (the review) with the cards as posted. */
export type PolicyImportActionResult =
	| { step: 'input'; document: DocumentValues; errors: Record<string, string> }
	| { step: 'review'; document: DocumentValues; cards: ReviewCardValues[]; cardErrors: CardErrors[]; formError: ReviewFormError | null }

const MAX_MB = MAX_TEXT_BYTES / 1024 / 1024

const emptyDocument = () => Object.fromEntries(DOCUMENT_FIELDS.map((name) => [name, ''])) as DocumentValues

/** Refused before reading it: the form comes back empty (what was posted is not kept in memory). */
function tooLarge(field: 'text' | 'file') {
	const key = field === 'text' ? 'policyImport.validation.textTooLong' : 'policyImport.validation.fileTooLarge'
	return data<PolicyImportActionResult>({ step: 'input', document: emptyDocument(), errors: { [field]: key } }, { status: 413 })
}

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:quota')
	let formData: FormData
	// Step 1 posts multipart (it may carry a file); the review form posts urlencoded.
	if ((request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
		if (Number(request.headers.get('Content-Length') ?? 0) > POLICY_IMPORT_BODY_LIMIT_BYTES) return tooLarge('file')
		try {
			formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_TEXT_BYTES }))
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
	if (intent === 'back') return data<PolicyImportActionResult>({ step: 'input', document, errors: {} })
	if (intent !== 'save') throw new Response('Unknown form', { status: 400 })

	const review = (formError: ReviewFormError, cardErrors: CardErrors[] = []) =>
		data<PolicyImportActionResult>({ step: 'review', document, cards, cardErrors, formError }, { status: 400 })
	const parsedDocument = policyDocumentSchema.safeParse(document)
	if (!parsedDocument.success) return review({ key: 'policyImport.errors.document' })
	const chains = await listChainsForRules(prisma)
	const parsed = cards.map((card) => (card.accepted ? parseReviewCard(card, chains) : null))
	const cardErrors = parsed.map((card) => (card && !card.ok ? card.errors : {}))
	const invalid = cardErrors.filter((errors) => Object.keys(errors).length > 0).length
	if (invalid > 0) return review({ key: 'policyImport.errors.fixCards', count: invalid }, cardErrors)
	const quotas = parsed.flatMap((card) => (card?.ok ? [{ target: card.target, rules: card.rules }] : []))
	if (quotas.length === 0) return review({ key: 'policyImport.errors.noneAccepted' })

	const saved = await savePolicyWithQuotas(prisma, { document: parsedDocument.data, quotas }, user.id)
	// The dashboard opens on the first year the new quotas cover.
	const years = quotas.map(({ target }) => target.startYear ?? target.endYear).filter((y) => y !== null)
	const year = years.length > 0 ? Math.min(...years) : Number(todayInChina().slice(0, 4))
	return redirect(`/quotas?${savedImportQuery({ year, saved: saved.quotaIds.length, createdUnits: saved.createdUnits })}`)
}

/** Reads the document (pasted, or an uploaded .txt in UTF-8 or GBK) and extracts its targets into review cards. */
async function extract(formData: FormData) {
	const text = (name: string) => {
		const value = formData.get(name)
		return typeof value === 'string' ? value : ''
	}
	const document = Object.fromEntries(DOCUMENT_FIELDS.map((name) => [name, text(name)])) as DocumentValues
	const errors: Record<string, string> = {}
	const file = formData.get('file')
	// An empty file input still posts a part, with no name and no bytes.
	if (file instanceof File && (file.size > 0 || file.name !== '')) {
		const bytes = new Uint8Array(await file.arrayBuffer())
		if (!/\.txt$/i.test(file.name) || bytes.includes(0)) errors.file = 'policyImport.validation.fileType'
		else document.text = decodeText(bytes).text
	}
	const parsed = policyDocumentSchema.safeParse(document)
	if (!parsed.success) Object.assign(errors, { ...fieldErrors(parsed.error), ...errors })
	if (!parsed.success || Object.keys(errors).length > 0) {
		return data<PolicyImportActionResult>({ step: 'input', document, errors }, { status: 400 })
	}
	const chains = await listChainsForRules(prisma)
	const cards = extractTargets(parsed.data.text).map((target) => cardFromTarget(target, chains))
	return data<PolicyImportActionResult>({ step: 'review', document: { ...document, text: parsed.data.text }, cards, cardErrors: [], formError: null })
}

export const handle = pageTitle('policyImport.title')

export default function PolicyImportPage() {
	const { chains, units } = useLoaderData<typeof loader>()
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
					cardErrors={result.cardErrors}
					formError={result.formError}
					chains={chains}
					units={units}
				/>
			) : (
				<DocumentForm
					// From the review, the form mounts again with the document's values; after a refusal it stays as typed.
					defaults={result?.document ?? null}
					errors={result?.step === 'input' ? result.errors : {}}
				/>
			)}
		</>
	)
}

/** Step 1: the document's details and its text, pasted or as a .txt file. */
function DocumentForm({ defaults, errors }: { defaults: DocumentValues | null; errors: Record<string, string> }) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const extracting = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'extract'
	const field = (name: keyof DocumentValues | 'file', control: (props: Record<string, unknown>) => ReactNode, hint?: string) => {
		const id = `policy-${name}`
		const describedBy = [errors[name] ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined
		return (
			<div className={name === 'text' || name === 'title' ? 'review-field review-field-wide' : 'review-field'}>
				<label htmlFor={id}>
					{t(`policyImport.fields.${name}`)}
					{name === 'title' ? ' *' : ''}
				</label>
				{control({ id, name, 'aria-invalid': errors[name] ? true : undefined, 'aria-describedby': describedBy })}
				{hint ? (
					<span className="muted field-hint" id={`${id}-hint`}>
						{hint}
					</span>
				) : null}
				{errors[name] ? (
					<span className="field-error" role="alert" id={`${id}-error`}>
						{t(errors[name])}
					</span>
				) : null}
			</div>
		)
	}
	return (
		<>
			<p className="intro">{t('policyImport.intro')}</p>
			<Form method="post" encType="multipart/form-data" className="policy-input-form" data-testid="policy-input-form">
				<input type="hidden" name="intent" value="extract" />
				<div className="review-grid">
					{field('title', (props) => <input {...props} defaultValue={defaults?.title} required maxLength={200} />)}
					{field('docNumber', (props) => <input {...props} defaultValue={defaults?.docNumber} maxLength={100} />, t('policyImport.hints.docNumber'))}
					{field('issuer', (props) => <input {...props} defaultValue={defaults?.issuer} maxLength={100} />)}
					{field('issuedDate', (props) => <input {...props} type="date" defaultValue={defaults?.issuedDate} />)}
				</div>
				{field('text', (props) => <textarea {...props} defaultValue={defaults?.text} rows={14} />)}
				{field(
					'file',
					(props) => <input {...props} type="file" accept=".txt,text/plain" onChange={refuseFilesOver(MAX_TEXT_BYTES, t('policyImport.validation.fileTooLarge'))} />,
					t('policyImport.hints.file', { maxMb: MAX_MB }),
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
