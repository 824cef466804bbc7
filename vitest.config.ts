import os from 'node:os'
import tsconfigPaths from 'vite-tsconfig-paths'
import { defineConfig } from 'vitest/config'

export default defineConfig({
	plugins: [tsconfigPaths()],
	test: {
		environment: 'node',
		include: ['app/**/*.test.ts', 'server/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		globalSetup: ['tests/helpers/global-setup.ts'],
		setupFiles: ['tests/helpers/setup-db.ts'],
		// Vitest's default is one worker fewer than the cores: a single worker on CI's two, which left one core idle
		// while a file waited on its child processes or the database server. The files share nothing (each has its own
		// database copy, temp folder and free ports), so one worker per core. `--maxWorkers=1` on the command line
		// still runs them one at a time.
		maxWorkers: Math.max(2, os.availableParallelism()),
		testTimeout: 30_000,
		hookTimeout: 60_000,
	},
})
