import fs from 'node:fs'
import { z } from 'zod'

// Tests sign in with the same demo accounts `npm start` prints.
const demoUsers = z
	.array(z.object({ username: z.string(), password: z.string(), name: z.string(), role: z.enum(['staff', 'manager', 'admin']) }))
	.parse(JSON.parse(fs.readFileSync('seeds/users.json', 'utf8')))

export function demoUser(role: 'staff' | 'manager' | 'admin') {
	const user = demoUsers.find((u) => u.role === role)
	if (!user) throw new Error(`no demo ${role} in seeds/users.json`)
	return user
}

export function demoUserNamed(username: string) {
	const user = demoUsers.find((u) => u.username === username)
	if (!user) throw new Error(`no demo user ${username} in seeds/users.json`)
	return user
}
