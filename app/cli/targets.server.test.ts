import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { extractedTargetSchema } from '~/domain/policy/target'
import { docx } from '../../tests/fixtures/policy/docx'
import { pdf } from '../../tests/fixtures/policy/pdf'
import { UsageError } from './commands.server'
import { runTargetsExtract } from './targets.server'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-targets-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function write(name: string, bytes: Uint8Array | string) {
	const file = path.join(dir, name)
	fs.writeFileSync(file, bytes)
	return file
}

test('targets extract reads the seeded plan: the records as data, one line per target as text', async () => {
	const { data, text } = await runTargetsExtract(['extract', 'seeds/documents/ganxian-2024-39.txt'])
	expect(data).toHaveLength(17)
	for (const target of data) extractedTargetSchema.parse(target)
	const lines = text.split('\n')
	expect(lines[0]).toBe('17 target(s) in seeds/documents/ganxian-2024-39.txt')
	expect(lines).toHaveLength(18)
	expect(lines.find((l) => l.startsWith('（六）16'))).toMatch(
		/≥ 10 个\s+annual 2024–2026\s+引进稀土新材料及应用项目\s+〔区商务局、区工信局、区财政局、赣州高新区经发局、赣州高新区招商局〕/,
	)
})

test('a .docx reads the same as its text', async () => {
	const { data } = await runTargetsExtract(['extract', write('plan.docx', docx(['每年新增企业10家以上。']))])
	expect(data.map((t) => [t.metric, t.value, t.unit])).toEqual([['新增企业', 10, '家']])
})

test('UTF-8 with a BOM and GBK files read the same as UTF-8', async () => {
	const utf8 = await runTargetsExtract(['extract', write('plain.txt', '每年新增企业10家以上。')])
	const bom = await runTargetsExtract(['extract', write('bom.txt', '\uFEFF每年新增企业10家以上。')])
	// "每年新增企业10家以上。" encoded as GBK.
	const gbk = await runTargetsExtract(['extract', write('gbk.txt', Buffer.from('c3bfc4ead0c2d4f6c6f3d2b53130bcd2d2d4c9cfa1a3', 'hex'))])
	expect(utf8.data).toMatchObject([{ excerpt: '每年新增企业10家以上', op: '>=', value: 10, unit: '家', period: 'annual' }])
	expect(bom.data.map((t) => t.metric)).toEqual(['新增企业'])
	expect(gbk.data.map((t) => [t.metric, t.value, t.unit])).toEqual([['新增企业', 10, '家']])
})

test('bad usage and unreadable files are usage errors that say what is wrong', async () => {
	const refuse = (args: string[], message: RegExp) =>
		expect(runTargetsExtract(args)).rejects.toSatisfy((e) => e instanceof UsageError && message.test(e.message))
	await refuse([], /usage: targets extract <file\.txt\|\.docx\|\.pdf\|\.html>/)
	await refuse(['list'], /unknown targets subcommand "list"/)
	await refuse(['extract'], /needs a file/)
	await refuse(['extract', 'a.txt', 'b.txt'], /unexpected argument/)
	await refuse(['extract', path.join(dir, 'missing.txt')], /file not found/)
	await refuse(['extract', dir], /not a file/)
	await refuse(['extract', write('plan.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))], /plan\.docx: This Word file cannot be read/)
	await refuse(['extract', write('scan.pdf', pdf([{ scan: true }]))], /scan\.pdf: This PDF \(1 pages\) has no text layer/)
})
