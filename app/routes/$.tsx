import { type LoaderFunctionArgs } from '@remix-run/node'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { requireUser } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'

// Unknown URLs: signed-out visitors go to login first, then see the 404 page.
export async function loader({ request }: LoaderFunctionArgs) {
	await requireUser(request)
	throw new Response('Not found', { status: 404 })
}

export const handle = pageTitle('errors.notFoundTitle')

export default function NotFound() {
	return null
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
