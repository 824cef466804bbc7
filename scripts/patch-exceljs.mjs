// Two fixes to exceljs 4.4's streaming XLSX reader, which imports use, applied
// after every install (postinstall). Each is idempotent and fails loudly if
// exceljs changed and the patch no longer fits.
//
// 1. It decodes every zip chunk on its own, so a Chinese character split across
//    two chunks turns into U+FFFD (exceljs issue #2084, fix unreleased): decode
//    with one streaming TextDecoder.
// 2. Worksheets stored before the shared strings go to temp files, removed only
//    once the reader has read every sheet. Imports stop after the first sheet
//    with rows, so each such upload left its temp files (and their open file
//    descriptors) until the server exited: remove them however the reading ends.
import fs from 'node:fs'

const patches = [
	{
		name: 'streaming XLSX reader now decodes UTF-8 across chunks',
		file: 'node_modules/exceljs/lib/utils/parse-sax.js',
		edits: [
			['  const saxesParser = new SaxesParser();', "  const saxesParser = new SaxesParser();\n  const utf8 = new TextDecoder('utf-8');"],
			['    saxesParser.write(bufferToString(chunk));', "    saxesParser.write(typeof chunk === 'string' ? chunk : utf8.decode(chunk, {stream: true}));"],
		],
	},
	{
		name: 'streaming XLSX reader removes its temp files when reading stops early',
		file: 'node_modules/exceljs/lib/stream/xlsx/workbook-reader.js',
		edits: [
			['    const waitingWorkSheets = [];\n', '    const waitingWorkSheets = [];\n    try {\n'],
			[
				'      yield* this._parseWorksheet(fileStream, sheetNo);\n      tempFileCleanupCallback();\n    }\n  }\n',
				'      yield* this._parseWorksheet(fileStream, sheetNo);\n      tempFileCleanupCallback();\n    }\n    } finally {\n      for (const {tempFileCleanupCallback} of waitingWorkSheets) tempFileCleanupCallback();\n    }\n  }\n',
			],
		],
	},
]

let failed = false
for (const { name, file, edits } of patches) {
	const source = fs.readFileSync(file, 'utf8')
	if (edits.every(([, fixed]) => source.includes(fixed))) continue
	if (!edits.every(([broken]) => source.split(broken).length === 2)) {
		console.error(`patch-exceljs: ${file} is not the exceljs 4.4 source this patch was written for (${name}); check it by hand.`)
		failed = true
		continue
	}
	fs.writeFileSync(
		file,
		edits.reduce((text, [broken, fixed]) => text.replace(broken, fixed), source),
	)
	console.log(`patch-exceljs: ${name}`)
}
if (failed) process.exit(1)
