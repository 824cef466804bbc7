import { type ChangeEvent } from 'react'

/**
 * onChange of a file input: a file larger than `maxBytes` makes the input
 * invalid with `message`, so the browser says why and does not upload it at
 * all (past its route's body limit the server could only answer a bare 413).
 */
export function refuseFilesOver(maxBytes: number, message: string) {
	return (event: ChangeEvent<HTMLInputElement>) => {
		const input = event.currentTarget
		const tooLarge = Array.from(input.files ?? []).some((file) => file.size > maxBytes)
		input.setCustomValidity(tooLarge ? message : '')
		if (tooLarge) input.reportValidity()
	}
}
