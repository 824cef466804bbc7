import tsconfigPaths from 'vite-tsconfig-paths'
import { configDefaults, defineConfig } from 'vitest/config'
import { e2eLaneFiles } from './tests/e2e-lanes'

const lane = e2eLaneFiles(process.env.E2E_LANE)

export default defineConfig({
	plugins: [tsconfigPaths()],
	test: {
		environment: 'node',
		include: lane.include,
		exclude: [...configDefaults.exclude, ...lane.exclude],
		globalSetup: ['tests/e2e/server-setup.ts'],
		// One browser and one server: run the files one after another.
		fileParallelism: false,
		testTimeout: 60_000,
		hookTimeout: 120_000,
		// Pages answer in milliseconds, but a loaded machine (or bcrypt on login) can take seconds.
		expect: { poll: { timeout: 10_000 } },
	},
})
