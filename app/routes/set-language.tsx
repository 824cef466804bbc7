import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { isLocale } from '~/i18n/i18n'
import { localeCookie } from '~/i18n/locale.server'
import { assertSameOrigin, safeRedirect } from '~/utils/auth.server'

export function loader() {
	return redirect('/')
}

// Open to signed-out users too: the login page has the switch.
export async function action({ request }: ActionFunctionArgs) {
	assertSameOrigin(request)
	const form = await request.formData()
	const locale = form.get('locale')
	if (!isLocale(locale)) throw new Response('Unknown language', { status: 400 })
	const returnTo = form.get('returnTo')
	return redirect(safeRedirect(typeof returnTo === 'string' ? returnTo : '/'), {
		headers: { 'Set-Cookie': await localeCookie.serialize(locale) },
	})
}
