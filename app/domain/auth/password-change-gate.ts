/**
 * A user whose password an admin reset (User.mustChangePassword) may reach only
 * the change-password page and sign out until they choose a new password;
 * requireUser and getOptionalUser send every other request there.
 */
export const PASSWORD_CHANGE_PATH = '/account/password'

const OPEN_PATHS: ReadonlySet<string> = new Set([PASSWORD_CHANGE_PATH, '/logout', '/set-language'])

export function isOpenDuringPasswordChange(pathname: string) {
	return OPEN_PATHS.has(pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname)
}
