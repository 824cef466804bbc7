import { expect, test } from 'vitest'
import { htmlToText, TextTooLongError } from './html-text'

test('a page saved from a government site: paragraphs a line each, scripts, styles and navigation dropped', () => {
	const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于印发行动方案的通知</title><style>p{color:red}</style></head>
	<body><nav><a href="/">首页</a> &gt; <a>政策文件</a></nav>
	<div class="TRS_Editor"><h2>一、主要目标</h2>
	<p>&nbsp;&nbsp;到2026年，引进项目
	10个以上。</p><p>二、重点任务<br>（一）强链补链。</p></div>
	<script>var total = "100个";</script></body></html>`
	expect(htmlToText(html, 10_000)).toBe('一、主要目标\n到2026年，引进项目 10个以上。\n二、重点任务\n（一）强链补链。')
})

test('a table is a row per line, its cells separated by tabs; merged cells are laid out on the grid, 〃 under one merged downwards', () => {
	const html = `<p>附件</p><table>
	<tr><th>序号</th><th>重点任务</th><th>责任单位</th></tr>
	<tr><td rowspan="2">1</td><td><p>年均新增省级专精特新企业5家以上。</p><p>培育链主企业2家。</p></td><td rowspan="2">区工信局、区科技局</td></tr>
	<tr><td>新增规上企业20家。</td></tr>
	<tr><td colspan="3">二、招商引资</td></tr>
	<tr><td>3</td><td>引进项目10个<table><tr><td>内嵌</td><td>表格</td></tr></table></td><td>区商务局</td></tr>
	</table><p>表后正文。</p>`
	expect(htmlToText(html, 10_000).split('\n')).toEqual([
		'附件',
		'序号\t重点任务\t责任单位',
		'1\t年均新增省级专精特新企业5家以上。 培育链主企业2家。\t区工信局、区科技局',
		'〃\t新增规上企业20家。\t〃',
		'二、招商引资',
		'3\t引进项目10个 内嵌 表格\t区商务局',
		'表后正文。',
	])
})

test('hostile spans and runaway text are bounded', () => {
	const wide = `<table><tr>${'<td colspan="1000">x</td>'.repeat(200)}</tr></table>`
	const line = htmlToText(wide, 10_000)
	// At most 64 columns, the overflow joined into the last one.
	expect(line.split('\t')).toHaveLength(64)
	expect(() => htmlToText(`<p>${'很长的文本'.repeat(1000)}</p>`, 1000)).toThrow(TextTooLongError)
	expect(() => htmlToText('<table>' + '<tr><td>甲</td></tr>'.repeat(2000) + '</table>', 1000)).toThrow(TextTooLongError)
})
