import tsconfigPaths from 'vite-tsconfig-paths'
import { defineConfig } from 'vitest/config'

export default defineConfig({
	plugins: [tsconfigPaths()],
	test: {
		environment: 'node',
		include: ['tests/e2e/**/*.test.ts'],
		globalSetup: ['tests/e2e/server-setup.ts'],
		// One browser and one server: run the files one after another.
		fileParallelism: false,
		testTimeout: 60_000,
		hookTimeout: 120_000,
		// Pages answer in milliseconds, but a loaded machine (or bcrypt on login) can take seconds.
		expect: { poll: { timeout: 10_000 } },
	},
})
