import { z } from 'zod'

export const loginSchema = z.object({
	username: z.string().trim().min(1).max(64),
	password: z.string().min(1).max(128),
	redirectTo: z.string().optional(),
})
