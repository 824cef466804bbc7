import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { assertSameOrigin, logout } from '~/utils/auth.server'

// GET never logs out (a link or prefetch must not end a session).
export function loader() {
	return redirect('/')
}

export async function action({ request, context }: ActionFunctionArgs) {
	assertSameOrigin(request)
	return logout(request, context)
}
