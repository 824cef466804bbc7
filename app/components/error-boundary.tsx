import { isRouteErrorResponse, Link, useLocation, useRouteError } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

/** Shared boundary for every route: 403, 404 and unexpected errors in the user's language. */
export function GeneralErrorBoundary() {
	const error = useRouteError()
	const { t } = useTranslation()
	const location = useLocation()

	let title = t('errors.unexpectedTitle')
	let message = t('errors.unexpected')
	let status = 500
	if (isRouteErrorResponse(error)) {
		status = error.status
		if (error.status === 403 && isCrossSiteRefusal(error.data)) {
			title = t('errors.crossSiteTitle')
			message = t('errors.crossSite')
		} else if (error.status === 403) {
			title = t('errors.forbiddenTitle')
			const role = forbiddenRole(error.data)
			message = t('errors.forbidden', { role: role ? t(`roles.${role}`) : t('app.unknown') })
		} else if (error.status === 404) {
			title = t('errors.notFoundTitle')
			message = t('errors.notFound', { path: location.pathname })
		} else if (error.status === 400) {
			title = t('errors.badRequest')
			message = typeof error.data === 'string' ? error.data : t('errors.badRequest')
		}
	} else if (typeof document !== 'undefined') {
		console.error(error)
	}

	return (
		<section className="error-page" role="alert" data-status={status}>
			<p className="error-status">{status}</p>
			<h1>{title}</h1>
			<p>{message}</p>
			<p>
				<Link to="/">{t('errors.goHome')}</Link>
			</p>
		</section>
	)
}

/** A 403's data as an object: thrown JSON Responses reach the boundary as text. */
function refusalData(data: unknown): object | null {
	let parsed = data
	if (typeof data === 'string') {
		try {
			parsed = JSON.parse(data)
		} catch {
			return null
		}
	}
	return parsed && typeof parsed === 'object' ? parsed : null
}

function isCrossSiteRefusal(data: unknown) {
	const parsed = refusalData(data)
	return parsed !== null && 'reason' in parsed && parsed.reason === 'crossSite'
}

function forbiddenRole(data: unknown): 'staff' | 'manager' | 'admin' | null {
	const parsed = refusalData(data)
	if (parsed && 'role' in parsed) {
		const role = parsed.role
		if (role === 'staff' || role === 'manager' || role === 'admin') return role
	}
	return null
}
