import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { importRoot } from '~/models/import-session.server'
import { action as importAction } from '~/routes/data.import._index'
import { hostileFiles } from '../fixtures/hostile/corpus'
import { runCliInProcess } from '../helpers/cli'
import { BASE, loginAs, unwrap } from '../helpers/requests'

// The CLI and the upload page read files through the same bounded reader: the
// wide-header CSV that once ran `import --dry-run` out of heap, and a zip bomb,
// are refused with the reader's message by both, and the page leaves no session behind.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-hostile-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

async function written(name: string) {
	const file = hostileFiles().find((f) => f.name === name)!
	const target = path.join(dir, name)
	fs.writeFileSync(target, await file.build())
	return target
}

test('CLI: import --dry-run refuses the 200,000-column CSV with the reader’s message (exit 64), in Chinese and in English', async () => {
	const wide = await written('wide-header.csv')
	// The command line in this process (tests/integration/cli.test.ts runs it as a subprocess).
	const run = (...extra: string[]) => runCliInProcess(['import', 'companies', wide, '--dry-run', ...extra])
	const zh = await run('--json')
	expect(zh.code).toBe(64)
	expect(JSON.parse(zh.stdout)).toEqual({ error: '文件第 1 行有 200000 列，最多 200 列。请删去多余的列后再导入。' })
	const english = await run('--lang', 'en')
	expect(english.code).toBe(64)
	expect(english.stderr).toContain('Row 1 of the file has 200000 columns; at most 200 are allowed.')
}, 90_000)

test('the upload page refuses the wide CSV and a zip bomb with the reader’s message, and keeps no session of either', async () => {
	const cookie = await loginAs('staff')
	const sessions = () => (fs.existsSync(importRoot()) ? fs.readdirSync(importRoot()) : [])
	const before = sessions()
	for (const [name, messageKey] of [
		['wide-header.csv', 'importer.file.tooManyColumns'],
		['zip-bomb-ratio.xlsx', 'importer.file.compressionRatio'],
	] as const) {
		const form = new FormData()
		form.set('kind', 'companies')
		form.set('file', new File([fs.readFileSync(await written(name))], name))
		const result = unwrap<{ ok: boolean; formError: { key: string } | null }>(
			await importAction({ request: new Request(`${BASE}/data/import`, { method: 'POST', headers: { Cookie: cookie }, body: form }), params: {}, context: {} }),
		)
		expect(result).toMatchObject({ status: 400, body: { ok: false, formError: { key: messageKey } } })
	}
	expect(sessions()).toEqual(before)
}, 60_000)
