import { PASSWORD_MIN_LENGTH } from './password-policy'

// No 0/O, 1/l/I: the admin reads the password out to the user or writes it down.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
const GROUPS = 3
const GROUP_LENGTH = 4

/**
 * A temporary password like `Kp7m-x3Qa-9zTe` (12 random characters from 55,
 * about 69 bits). `randomBytes` is node:crypto's in the app, fixed in tests;
 * bytes past the largest multiple of the alphabet are skipped so every
 * character is equally likely.
 */
export function generateTemporaryPassword(randomBytes: (size: number) => Uint8Array) {
	const limit = 256 - (256 % ALPHABET.length)
	const chars: string[] = []
	while (chars.length < GROUPS * GROUP_LENGTH) {
		for (const byte of randomBytes(GROUPS * GROUP_LENGTH * 2)) {
			if (byte < limit && chars.length < GROUPS * GROUP_LENGTH) chars.push(ALPHABET[byte % ALPHABET.length]!)
		}
	}
	const groups = Array.from({ length: GROUPS }, (_, i) => chars.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH).join(''))
	const password = groups.join('-')
	if (password.length < PASSWORD_MIN_LENGTH) throw new Error('temporary password shorter than the password rules allow')
	return password
}
