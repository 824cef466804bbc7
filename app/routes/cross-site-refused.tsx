import { GeneralErrorBoundary } from '~/components/error-boundary'
import { crossSiteRefusal } from '~/utils/auth.server'

/**
 * The HTTP server answers a form posted from another site with a redirect to
 * this page (server/http-hardening.mjs): the user sees the app's 403 page saying
 * why, and nothing was changed.
 */
export function loader() {
	throw crossSiteRefusal()
}

export default function CrossSiteRefused() {
	return null
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
