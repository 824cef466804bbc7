import { Link, useFetcher, useLocation } from '@remix-run/react'
import { useEffect, useId, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, FieldError, fieldAria } from '~/components/forms'
import { SAVED_VIEW_NAME_MAX, type SavedViewPage, type SavedViewResult } from '~/domain/saved-view/saved-view-schema'

type View = { id: string; name: string; query: string }

/**
 * A list page's saved views (its filters + sort under a name): links to open
 * them, delete buttons, and a form saving the current `query` (no paging).
 * The page's loader reads the views (listSavedViews); /saved-views writes them.
 */
export function SavedViews({ page, query, views }: { page: SavedViewPage; query: string; views: readonly View[] }) {
	const { t } = useTranslation()
	const { pathname } = useLocation()
	const fetcher = useFetcher<SavedViewResult>()
	const formRef = useRef<HTMLFormElement>(null)
	const result = fetcher.state === 'idle' ? fetcher.data : undefined
	const saved = result?.ok && result.intent === 'save' ? result.name : null
	useEffect(() => {
		if (saved !== null) formRef.current?.reset()
	}, [saved])
	const failed = result && !result.ok ? result : null
	const nameError = failed?.errors.name
	const nameId = useId()

	return (
		<section className="saved-views" aria-labelledby="saved-views-heading">
			<h2 id="saved-views-heading">{t('savedViews.title')}</h2>
			{views.length === 0 ? (
				<p className="muted">{t('savedViews.none')}</p>
			) : (
				<ul className="saved-view-list">
					{views.map((view) => (
						<li key={view.id}>
							<Link to={`${pathname}?${view.query}`} aria-current={view.query === query ? 'page' : undefined}>
								{view.name}
							</Link>
							<DeleteView view={view} />
						</li>
					))}
				</ul>
			)}
			<fetcher.Form method="post" action="/saved-views" className="saved-view-form" ref={formRef}>
				<input type="hidden" name="intent" value="save" />
				<input type="hidden" name="page" value={page} />
				<input type="hidden" name="query" value={query} />
				<input
					name="name"
					id={nameId}
					required
					maxLength={SAVED_VIEW_NAME_MAX}
					placeholder={t('savedViews.namePlaceholder')}
					aria-label={t('savedViews.name')}
					{...fieldAria(nameId, nameError)}
				/>
				<button type="submit" disabled={fetcher.state !== 'idle'}>
					{fetcher.state === 'idle' ? t('savedViews.save') : t('savedViews.saving')}
				</button>
				<FieldError id={nameId} message={nameError} />
				<ErrorList messages={[failed?.formError]} />
				{saved !== null ? (
					<span className="form-success" role="status">
						{t('savedViews.saved', { name: saved })}
					</span>
				) : null}
			</fetcher.Form>
		</section>
	)
}

function DeleteView({ view }: { view: View }) {
	const { t } = useTranslation()
	const fetcher = useFetcher<SavedViewResult>()
	return (
		<fetcher.Form
			method="post"
			action="/saved-views"
			className="inline-form"
			onSubmit={(event) => {
				if (!window.confirm(t('savedViews.confirmDelete', { name: view.name }))) event.preventDefault()
			}}
		>
			<input type="hidden" name="intent" value="delete" />
			<input type="hidden" name="id" value={view.id} />
			<button type="submit" className="button-link" disabled={fetcher.state !== 'idle'} aria-label={t('savedViews.deleteNamed', { name: view.name })}>
				{t('savedViews.delete')}
			</button>
		</fetcher.Form>
	)
}
