import { expect, test } from 'vitest'
import { ImportFileError } from '~/domain/import/file-error'
import { part, repeatedBytePart } from '../../../tests/fixtures/hostile/zip'
import { docx, documentXml } from '../../../tests/fixtures/policy/docx'
import { pdf } from '../../../tests/fixtures/policy/pdf'
import { MAX_PDF_PAGES, MAX_POLICY_FILE_BYTES } from './file-limits'
import { readPolicyFile } from './read-policy-file'

async function refusal(bytes: Uint8Array, fileName: string) {
	const error = await readPolicyFile(bytes, fileName).then(
		() => null,
		(e: unknown) => e,
	)
	if (!(error instanceof ImportFileError)) throw new Error(`expected a refusal, got ${String(error)}`)
	return { key: error.messageKey, params: error.params }
}

test('a .docx keeps its paragraphs and its task table, merged cells on the grid', async () => {
	const file = docx([
		'一、主要目标',
		'到2026年，引进项目10个以上。',
		{
			table: [
				['序号', '重点任务', '责任单位'],
				['1', '年均新增省级专精特新企业5家以上。', { text: '区工信局、区科技局', rowSpan: 'start' }],
				['2', '新增规上企业20家。', { text: '', rowSpan: 'continue' }],
				[{ text: '（以下各项均由各乡镇落实，不再列出）', gridSpan: 3 }],
			],
		},
	])
	const read = await readPolicyFile(file, '行动方案.docx')
	expect(read.format).toBe('docx')
	expect(read.text.split('\n')).toEqual([
		'一、主要目标',
		'到2026年，引进项目10个以上。',
		'序号\t重点任务\t责任单位',
		'1\t年均新增省级专精特新企业5家以上。\t区工信局、区科技局',
		'2\t新增规上企业20家。\t〃',
		'（以下各项均由各乡镇落实，不再列出）',
	])
})

test('a .docx that is a zip bomb, lies about its sizes or carries a DTD is refused before mammoth reads it', async () => {
	// 256 MiB of zeros in an "image": about 1,000 to 1 once inflated.
	const bomb = docx(['正文'], [repeatedBytePart('word/media/image1.png', 0, 256 * 1024 * 1024)])
	expect(bomb.length).toBeLessThan(MAX_POLICY_FILE_BYTES)
	expect(await refusal(bomb, 'bomb.docx')).toMatchObject({ key: 'policyImport.file.docxCompressionRatio' })

	// The document says it is 100 bytes; it inflates to more.
	const real = part('word/document.xml', documentXml(['引进项目10个以上。'.repeat(50)]))
	const lying = docx([], [], { ...real, size: 100 })
	expect(await refusal(lying, 'lying.docx')).toEqual({ key: 'policyImport.file.docxDamaged', params: expect.any(Object) })

	const laughs = docx([], [], part('word/document.xml', documentXml(['甲']).replace('<w:document', '<!DOCTYPE w [<!ENTITY a "aaaa">]><w:document')))
	expect((await refusal(laughs, 'laughs.docx')).key).toBe('policyImport.file.docxDoctype')

	// Not a zip at all, or a zip that is no Word document.
	expect((await refusal(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]), 'broken.docx')).key).toBe('policyImport.file.docxDamaged')
	expect((await refusal(docx([], [], part('word/other.xml', '<x/>')), 'empty.docx')).key).toBe('policyImport.file.docxDamaged')
})

test('a PDF with a text layer gives its lines, table cells tab-separated; a scan is refused with its reason', async () => {
	const file = pdf([
		{ lines: ['一、主要目标', '每年引进稀土新材料及应用项目10个以上。'] },
		{ lines: [['年均新增省级专精特新企业5家以上。', '区工信局、区科技局']] },
	])
	const read = await readPolicyFile(file, 'plan.pdf')
	expect(read).toEqual({
		format: 'pdf',
		text: '一、主要目标\n每年引进稀土新材料及应用项目10个以上。\n年均新增省级专精特新企业5家以上。\t区工信局、区科技局',
	})
	expect(await refusal(pdf([{ scan: true }, { scan: true }]), 'scan.pdf')).toEqual({ key: 'policyImport.file.pdfNoText', params: { pages: 2 } })
	expect((await refusal(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage'), 'broken.pdf')).key).toBe('policyImport.file.pdfDamaged')
})

test('a PDF of more pages than allowed is refused without reading them', async () => {
	const pages = Array.from({ length: MAX_PDF_PAGES + 1 }, () => ({ scan: true }) as const)
	expect(await refusal(pdf(pages), 'compendium.pdf')).toEqual({
		key: 'policyImport.file.pdfTooManyPages',
		params: { pages: MAX_PDF_PAGES + 1, max: MAX_PDF_PAGES },
	})
})

test('a web page in GBK, a .txt in GBK, and files that are none of these', async () => {
	const gbk = (text: string) => {
		// GB18030 encoding through the importer's test helper is not needed: these characters are in a small table.
		const table: Record<string, number[]> = { 引: [0xd2, 0xfd], 进: [0xbd, 0xf8], 项: [0xcf, 0xee], 目: [0xc4, 0xbf], 个: [0xb8, 0xf6] }
		return Buffer.from([...text].flatMap((c) => table[c] ?? [c.charCodeAt(0)]))
	}
	const page = gbk('<html><head><meta charset="gb2312"></head><body><p>引进项目10个</p></body></html>')
	expect(await readPolicyFile(page, 'zcwj.htm')).toEqual({ format: 'html', text: '引进项目10个' })
	expect(await readPolicyFile(gbk('引进项目10个'), 'plan.txt')).toEqual({ format: 'txt', text: '引进项目10个' })

	expect((await refusal(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old.doc')).key).toBe('policyImport.file.legacyWord')
	expect((await refusal(Buffer.from('a,b\n1,2'), 'table.csv')).key).toBe('policyImport.file.type')
	expect((await refusal(docx(['甲']), 'renamed.xlsx')).key).toBe('policyImport.file.type')
	expect((await refusal(Buffer.alloc(0), 'empty.txt')).key).toBe('policyImport.file.empty')
	expect(await refusal(Buffer.alloc(MAX_POLICY_FILE_BYTES + 1, 0x41), 'huge.txt')).toEqual({
		key: 'policyImport.file.tooLarge',
		params: { sizeMb: 21, maxMb: 20 },
	})
	expect((await refusal(Buffer.from('<html><body><script>x</script></body></html>'), 'blank.html')).key).toBe('policyImport.file.noText')
})
