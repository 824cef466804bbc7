// The browser tests' lanes (scripts/test.mjs, docs/testing.md "CI time"): `npm test` runs two vitest processes side
// by side, each with its own shared server and browser, each running its files one after another. E2E_LANE picks:
// 'walk' takes the files below (then, in npm test, the PostgreSQL subset follows in the same lane), 'rest' every
// other browser file; unset (`npx vitest run --config vitest.e2e.config.ts`), every file, as before.
// A new browser file lands in 'rest' by itself. Keep the lanes about even: the walk is ~350 s of ~900 s.

/** The files of the 'walk' lane: every page at three settings, on a server of its own. */
export const walkLaneBrowserFiles = ['tests/e2e/every-page.test.ts']

export type E2eLane = 'walk' | 'rest'

export function e2eLaneFiles(lane: string | undefined): { include: string[]; exclude: string[] } {
	const all = ['tests/e2e/**/*.test.ts']
	if (lane === undefined || lane === '') return { include: all, exclude: [] }
	if (lane === 'walk') return { include: walkLaneBrowserFiles, exclude: [] }
	if (lane === 'rest') return { include: all, exclude: walkLaneBrowserFiles }
	throw new Error(`E2E_LANE must be 'walk' or 'rest', not ${JSON.stringify(lane)}`)
}
