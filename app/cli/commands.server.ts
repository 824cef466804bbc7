import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { z } from 'zod'
import { newUserSchema } from '~/domain/auth/user-schema'
import { databaseUrl, type Db } from '~/db.server'
import { seedDatabase } from '~/models/seed.server'
import { createUser } from '~/models/user.server'

export class UsageError extends Error {}

type Result = { data: unknown; text: string }
type Command = { name: string; usage: string; summary: string; run: (db: Db, args: string[]) => Promise<Result> }

export const COMMANDS: Command[] = [
	{
		name: 'seed',
		usage: 'seed',
		summary: 'load seeds/ into an empty database (no-op when data exists)',
		async run(db) {
			const result = await seedDatabase(db)
			const text = result.seeded
				? `Seeded: ${Object.entries(result.counts)
						.map(([k, v]) => `${k} ${v}`)
						.join(', ')}`
				: 'Database already has data; nothing seeded.'
			return { data: result, text }
		},
	},
	{
		name: 'users:create',
		usage: 'users:create --username U --name N --role R --password P [--unit 单位]',
		summary: 'create a user (role: staff | manager | admin)',
		async run(db, args) {
			const { values } = parse(args, {
				username: { type: 'string' },
				name: { type: 'string' },
				role: { type: 'string' },
				password: { type: 'string' },
				unit: { type: 'string' },
			})
			let unitId: string | undefined
			if (values.unit) {
				const unit = await db.unit.findUnique({ where: { name: values.unit }, select: { id: true } })
				if (!unit) throw new UsageError(`unknown unit: ${values.unit}`)
				unitId = unit.id
			}
			const parsed = newUserSchema.safeParse({ ...values, unitId })
			if (!parsed.success) throw new UsageError(z.prettifyError(parsed.error))
			const user = await createUser(db, parsed.data, null)
			return { data: user, text: `Created ${user.role} ${user.username} (${user.id})` }
		},
	},
	{
		name: 'backup',
		usage: 'backup <file> [--force]',
		summary: 'online backup of the SQLite database to <file>',
		async run(_db, args) {
			const { values, positionals } = parse(args, { force: { type: 'boolean' } })
			const target = positionals[0]
			if (!target) throw new UsageError('backup needs a target file')
			const destination = path.resolve(target)
			if (fs.existsSync(destination) && !values.force) {
				throw new UsageError(`${destination} exists; pass --force to overwrite`)
			}
			const source = path.resolve(databaseUrl().replace(/^file:/, ''))
			if (!fs.existsSync(source)) throw new UsageError(`database not found: ${source}`)
			fs.mkdirSync(path.dirname(destination), { recursive: true })
			// SQLite's online backup API: consistent copy while the app keeps writing.
			const sqlite = new Database(source, { readonly: true, fileMustExist: true })
			try {
				const { totalPages } = await sqlite.backup(destination)
				const bytes = fs.statSync(destination).size
				return { data: { file: destination, pages: totalPages, bytes }, text: `Backed up ${source} → ${destination} (${bytes} bytes)` }
			} finally {
				sqlite.close()
			}
		},
	},
]

export async function runCommand(db: Db, name: string, args: string[]) {
	const command = COMMANDS.find((c) => c.name === name)
	if (!command) throw new UsageError(`unknown command: ${name} (try: help)`)
	return command.run(db, args)
}

function parse<T extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(args: string[], options: T) {
	try {
		return parseArgs({ args, options, allowPositionals: true, strict: true })
	} catch (error) {
		throw new UsageError(error instanceof Error ? error.message : String(error))
	}
}
