import { expect, it } from 'vitest'
import { isOpenDuringPasswordChange, PASSWORD_CHANGE_PATH } from './password-change-gate'

it('leaves only the change-password page, sign-out and the language switch open', () => {
	for (const open of [PASSWORD_CHANGE_PATH, `${PASSWORD_CHANGE_PATH}/`, '/logout', '/set-language']) expect(isOpenDuringPasswordChange(open), open).toBe(true)
	for (const closed of ['/', '/account', '/account/password/x', '/admin/users', '/leads', '/data/export/x.xlsx'])
		expect(isOpenDuringPasswordChange(closed), closed).toBe(false)
})
