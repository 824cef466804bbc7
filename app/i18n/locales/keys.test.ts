import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { en } from './en'
import { zhCN } from './zh-CN'

// The locales share one shape (messages.ts), but a t('key') call is only a string: a key put under
// the wrong parent renders as "evidence.states.missing" on the page. This reads every literal key
// the app passes to t() and checks both locales resolve it.

const appDir = path.resolve(__dirname, '../..')

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name)
		if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full)
		return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : []
	})
}

function lookup(messages: unknown, key: string): unknown {
	return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages)
}

/** A string, or the i18next plural forms of one (key_one / key_other). */
function resolvesToText(messages: unknown, key: string) {
	return typeof lookup(messages, key) === 'string' || typeof lookup(messages, `${key}_other`) === 'string'
}

const used = sourceFiles(appDir).flatMap((file) => {
	const text = fs.readFileSync(file, 'utf8')
	const where = path.relative(appDir, file)
	const literal = [...text.matchAll(/\bt\(\s*'([a-zA-Z][\w]*(?:\.[\w-]+)+)'/g)].map((m) => ({ where, key: m[1]!, kind: 'text' as const }))
	// t(`quota.reasons.${reason}`): the fixed part must name a group of messages.
	const prefixed = [...text.matchAll(/\bt\(\s*`([a-zA-Z][\w]*(?:\.[\w-]+)*)\.\$\{/g)].map((m) => ({ where, key: m[1]!, kind: 'group' as const }))
	return [...literal, ...prefixed]
})

test('the scan finds the app’s t() calls', () => {
	expect(used.length).toBeGreaterThan(300)
	expect(used.some((u) => u.key === 'evidence.noneReached')).toBe(true)
})

test.each([
	['zh-CN', zhCN],
	['en', en],
] as const)('every key the app passes to t() exists in %s', (_name, messages) => {
	const missing = used
		.filter(({ key, kind }) => (kind === 'text' ? !resolvesToText(messages, key) : typeof lookup(messages, key) !== 'object'))
		.map(({ where, key }) => `${where}: ${key}`)
	expect(missing).toEqual([])
})
