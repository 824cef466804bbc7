import { expect, test } from 'vitest'
import { csvCell, csvRow, escapeFormula, unescapeFormula } from './csv'

test('cells that a spreadsheet would run as a formula are neutralised', () => {
	for (const bad of ['=1+1', '+86 138', '-2', '@SUM(A1)', '\tcmd']) {
		expect(escapeFormula(bad)).toBe(`'${bad}`)
	}
	expect(escapeFormula('赣州稀土友力科技开发有限公司')).toBe('赣州稀土友力科技开发有限公司')
})

test('cells with commas, quotes or line breaks are quoted', () => {
	expect(csvCell('a,b')).toBe('"a,b"')
	expect(csvCell('say "hi"')).toBe('"say ""hi"""')
	expect(csvCell(null)).toBe('')
	expect(csvRow(['x', 1, true, "=cmd|' /C calc'!A0"])).toBe("x,1,true,'=cmd|' /C calc'!A0\r\n")
})

test('reading an escaped cell back gives the value exactly; other quotes stay', () => {
	for (const value of ['=1+1', '+86 138 0000 0000', '-2', '@SUM(A1)', '\tcmd', '赣州', "'quoted", "'", '']) {
		expect(unescapeFormula(escapeFormula(value))).toBe(value)
	}
	expect(unescapeFormula("'abc")).toBe("'abc")
})
