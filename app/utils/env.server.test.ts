import { expect, it } from 'vitest'
import { envSchema } from './env.server'

it('defaults sessions to 8 idle hours within 7 days', () => {
	const env = envSchema.parse({})
	expect([env.SESSION_IDLE_MINUTES, env.SESSION_MAX_DAYS]).toEqual([480, 7])
	expect(envSchema.parse({ SESSION_IDLE_MINUTES: '30', SESSION_MAX_DAYS: '1' })).toMatchObject({ SESSION_IDLE_MINUTES: 30, SESSION_MAX_DAYS: 1 })
})

it('refuses session settings that are not whole numbers in range, or idle longer than the maximum', () => {
	const problems = (env: Record<string, string>) => envSchema.safeParse(env).error?.issues.map((i) => i.path.join('.'))
	expect(problems({ SESSION_IDLE_MINUTES: 'eight hours' })).toEqual(['SESSION_IDLE_MINUTES'])
	expect(problems({ SESSION_IDLE_MINUTES: '1' })).toEqual(['SESSION_IDLE_MINUTES'])
	expect(problems({ SESSION_MAX_DAYS: '0.5' })).toEqual(['SESSION_MAX_DAYS'])
	expect(problems({ SESSION_IDLE_MINUTES: '2000', SESSION_MAX_DAYS: '1' })).toEqual(['SESSION_IDLE_MINUTES'])
})

it('takes a SQLite file or a PostgreSQL URL as DATABASE_URL, nothing else', () => {
	for (const url of ['file:./data/chainlead.db', 'postgresql://u:p@db:5432/chainlead', 'postgres://db/chainlead'])
		expect(envSchema.parse({ DATABASE_URL: url }).DATABASE_URL).toBe(url)
	for (const url of ['mysql://db/chainlead', './data/chainlead.db'])
		expect(envSchema.safeParse({ DATABASE_URL: url }).error?.issues.map((i) => i.path.join('.'))).toEqual(['DATABASE_URL'])
})
