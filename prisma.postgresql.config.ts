// The Prisma CLI for PostgreSQL (ADR 0023): `prisma <command> --config prisma.postgresql.config.ts`
// with DATABASE_URL=postgresql://…. The schema is generated from prisma/schema.prisma.
import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { ShadowSafePg } from './prisma/shadow-safe-adapter.ts'

const isPostgresUrl = (url: string | undefined) => /^postgres(ql)?:\/\//.test(url ?? '')
// `prisma generate` (postinstall, offline) needs a resolvable URL but never connects;
// anything that does connect is refused below unless DATABASE_URL names a server.
const given = process.env.DATABASE_URL
if (!isPostgresUrl(given)) process.env.DATABASE_URL = 'postgresql://localhost/chainlead-unset'

export default defineConfig({
	schema: path.join('prisma', 'postgresql', 'schema.prisma'),
	migrations: { path: path.join('prisma', 'postgresql', 'migrations') },
	experimental: { adapter: true },
	engine: 'js',
	async adapter() {
		if (isPostgresUrl(given)) return new ShadowSafePg(given!)
		// Commands that only compare schemas (migrate diff between datamodels) still ask for an
		// adapter; one that never connects, and says why when a command tries.
		const refuse = async (): Promise<never> => {
			throw new Error(`DATABASE_URL must be a postgresql:// URL for this config (it is ${given ? `"${given}"` : 'unset'})`)
		}
		return { provider: 'postgres' as const, adapterName: '@prisma/adapter-pg', connect: refuse, connectToShadowDb: refuse }
	},
})
