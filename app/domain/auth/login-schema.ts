import { z } from 'zod'
import { userText } from '~/domain/text/text-field'

export const loginSchema = z.object({
	username: userText().trim().min(1).max(64),
	password: userText().min(1).max(128),
	redirectTo: userText().optional(),
})
