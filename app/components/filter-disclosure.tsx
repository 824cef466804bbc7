import { type ReactNode, useEffect, useLayoutEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

/** Below this width (the phone layout of ADR 0025) a list's filters start folded. */
const NARROW = '(max-width: 40rem)'
const useBeforePaint = typeof window === 'undefined' ? useEffect : useLayoutEffect

/**
 * A list's filters behind a 筛选 / Filters disclosure that says how many are
 * active. On a phone it starts closed, so the list is on the first screen; at
 * a desk it starts open. A <details>, so it opens and closes without
 * JavaScript. The server cannot know the width and renders it open; a phone
 * closes it when the page hydrates, and before painting a page it navigates to.
 */
export function FilterDisclosure({
	active,
	keepOpen = false,
	children,
}: {
	active: number
	/** A filter refused the value typed: its message must show. */ keepOpen?: boolean
	children: ReactNode
}) {
	const { t } = useTranslation()
	const [open, setOpen] = useState(true)
	useBeforePaint(() => {
		if (!keepOpen && window.matchMedia(NARROW).matches) setOpen(false)
		// Only when the page (re)mounts: a phone user who opened the filters keeps them open while applying them.
	}, [])
	return (
		<details className="filter-disclosure no-print" open={open} onToggle={(event) => setOpen(event.currentTarget.open)} data-testid="filter-disclosure">
			<summary>
				<span className="filter-disclosure-title">{t('filterDisclosure.toggle')}</span>{' '}
				{active > 0 ? (
					<span className="badge filter-count" data-testid="filter-count">
						{t('filterDisclosure.active', { count: active })}
					</span>
				) : (
					<span className="muted">{t('filterDisclosure.none')}</span>
				)}
			</summary>
			<div className="filter-disclosure-body">{children}</div>
		</details>
	)
}
