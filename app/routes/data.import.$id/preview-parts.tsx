import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { type RowIssue } from '~/domain/import/validate'
import type { loader } from './route'

/** What the parts of the preview page share: the field names of the import's kind, an issue's text and the preview itself. */
export function useFieldLabel() {
	const { t } = useTranslation()
	const { session } = useLoaderData<typeof loader>()
	return (field: string) => t(`importer.fields.${session.kind}.${field}`)
}

export function IssueText({ issue }: { issue: Pick<RowIssue, 'messageKey' | 'params'> }) {
	const { t } = useTranslation()
	return <>{t(issue.messageKey, issue.params)}</>
}

/** The preview, in the parts of the page shown only with one (not while the commit runs). */
export function usePreview() {
	const { preview } = useLoaderData<typeof loader>()
	if (!preview) throw new Error('the import preview is rendered only with a preview')
	return preview
}

export type Preview = ReturnType<typeof usePreview>
