import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { type ConflictField, ConflictReview } from '~/components/conflict-review'
import { ErrorList } from '~/components/forms'
import { CHAIN_CONFLICT_FIELDS, type ChainEditIntent, isChainDeleteIntent } from '~/domain/chain/edit-schemas'
import { type Conflict } from '~/domain/concurrency/conflict'
import { useLocalizedName } from '~/i18n/use-localized'
import { type FormValues } from './action-result'
import type { action, loader } from './route'

const SECTION_INTENTS = {
	links: ['updateLink', 'createLink', 'deleteLink'],
	edges: ['updateEdge', 'createEdge', 'deleteEdge'],
	figures: ['upsertFigure', 'deleteFigure'],
} as const satisfies Record<string, readonly ChainEditIntent[]>
export type Section = keyof typeof SECTION_INTENTS

/** Success or form-level error of the last submission in this section. */
export function SectionStatus({ section }: { section: Section }) {
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	if (!actionData || !(SECTION_INTENTS[section] as readonly string[]).includes(actionData.intent)) return null
	if (actionData.ok) {
		return (
			<p className="form-success" role="status">
				{actionData.gone
					? t(`chainEdit.gone.${actionData.intent}`)
					: actionData.changed
						? t(`chainEdit.success.${actionData.intent}`)
						: t('chainEdit.success.unchanged')}
			</p>
		)
	}
	if (actionData.conflict) return <RowConflict intent={actionData.intent} rowKey={actionData.rowKey} conflict={actionData.conflict} />
	return <ErrorList messages={[actionData.formError ?? 'chainEdit.errors.fixFields']} />
}

/**
 * A row's save or delete refused because the row changed since the page was
 * loaded (ADR 0015). A save's row form holds the submitted values; a delete
 * waits in a form of its own here, for the row as stored now.
 */
function RowConflict({ intent, rowKey, conflict }: { intent: ChainEditIntent; rowKey: string; conflict: Conflict<FormValues> }) {
	const { chain, companies } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const localized = useLocalizedName()
	if (!(intent in CHAIN_CONFLICT_FIELDS)) return null
	const compared = intent as keyof typeof CHAIN_CONFLICT_FIELDS
	const fields: ConflictField[] = CHAIN_CONFLICT_FIELDS[compared].map((name) => ({
		name,
		label: t(`chainEdit.fields.${name}`),
		show: name === 'stage' ? (value) => t(`stages.${String(value)}`) : name === 'isSample' ? (value) => t(value === 'on' ? 'app.yes' : 'app.no') : undefined,
	}))
	const link = (id: string | undefined) => localized(chain.links.find((l) => l.id === id))
	const edge = chain.edges.find((e) => e.id === rowKey)
	const figure = chain.figures.find((f) => f.id === rowKey)
	const linkSubject = () => link(rowKey)
	const edgeSubject = () => (edge ? `${localized(edge.fromLink)} → ${localized(edge.toLink)}` : '')
	const subject = {
		updateLink: linkSubject,
		deleteLink: linkSubject,
		updateEdge: edgeSubject,
		deleteEdge: edgeSubject,
		upsertFigure: () =>
			[companies.find((c) => c.id === conflict.current.companyId)?.name, link(conflict.current.linkId), conflict.current.year].filter(Boolean).join(' · '),
		deleteFigure: () => [figure?.company.name, figure ? localized(figure.link) : '', conflict.current.year].filter(Boolean).join(' · '),
	}[compared]()
	const formId = isChainDeleteIntent(intent) ? `${intent}-${rowKey}-anyway` : `${intent}-${rowKey}`
	return (
		<>
			<ConflictReview
				kind={isChainDeleteIntent(intent) ? 'delete' : 'save'}
				fields={fields}
				subject={subject}
				current={conflict.current}
				submitted={conflict.submitted}
				formId={formId}
				discardTo={`/chains/${chain.slug}/edit`}
			/>
			{isChainDeleteIntent(intent) ? (
				<Form method="post" id={formId} hidden preventScrollReset>
					{Object.entries(conflict.current).map(([name, value]) => (
						<input key={name} type="hidden" name={name} value={value} />
					))}
				</Form>
			) : null}
		</>
	)
}
