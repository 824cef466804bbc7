// exceljs 4.4's streaming XLSX reader decodes every zip chunk on its own, so a
// Chinese character split across two chunks turns into U+FFFD (exceljs issue
// #2084, fix unreleased). Imports read XLSX with that reader, so after every
// install we make its SAX feeder decode with one streaming TextDecoder.
// Idempotent; fails loudly if exceljs changed and the patch no longer fits.
import fs from 'node:fs'

const file = 'node_modules/exceljs/lib/utils/parse-sax.js'
const broken = '    saxesParser.write(bufferToString(chunk));'
const fixed = "    saxesParser.write(typeof chunk === 'string' ? chunk : utf8.decode(chunk, {stream: true}));"
const declare = '  const saxesParser = new SaxesParser();'

const source = fs.readFileSync(file, 'utf8')
if (source.includes(fixed)) process.exit(0)
if (!source.includes(broken) || !source.includes(declare)) {
	console.error(`patch-exceljs: ${file} is not the exceljs 4.4 source this patch was written for; check the chunk decoding by hand.`)
	process.exit(1)
}
fs.writeFileSync(file, source.replace(declare, `${declare}\n  const utf8 = new TextDecoder('utf-8');`).replace(broken, fixed))
console.log('patch-exceljs: streaming XLSX reader now decodes UTF-8 across chunks')
