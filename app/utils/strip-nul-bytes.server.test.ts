import { PassThrough, type Transform } from 'node:stream'
import { createElement, Suspense } from 'react'
import { renderToPipeableStream } from 'react-dom/server'
import { expect, test } from 'vitest'
import { stripNulBytes } from './strip-nul-bytes.server'

/** A page of Chinese labels after `pad` ASCII bytes, so a character lands on React's 2 KB buffer edge for some pads. */
function page(pad: number) {
	const labels = Array.from({ length: 60 }, (_, i) => createElement('p', { key: i, title: `将“（示例）深蓝医疗电机${i}”移到` }, '（示例）'))
	return createElement(
		'html',
		null,
		createElement('body', null, createElement(Suspense, { fallback: '…' }, createElement('div', null, 'a'.repeat(1900 + pad)), labels)),
	)
}

function render(pad: number, through: Transform) {
	return new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = []
		through.on('data', (chunk: Buffer) => chunks.push(chunk))
		through.on('end', () => resolve(Buffer.concat(chunks)))
		const { pipe } = renderToPipeableStream(page(pad), { onAllReady: () => pipe(through), onError: reject })
	})
}

const PADS = Array.from({ length: 48 }, (_, pad) => pad)
const titles = (html: string) => [...html.matchAll(/title="([^"]*)"/g)].map((m) => m[1])
const expected = Array.from({ length: 60 }, (_, i) => `将“（示例）深蓝医疗电机${i}”移到`)

test('React 18.3 streams NUL bytes into Chinese pages (the bug this works around)', async () => {
	const rendered = await Promise.all(PADS.map((pad) => render(pad, new PassThrough())))
	expect(rendered.filter((html) => html.includes(0)).length).toBeGreaterThan(0)
})

test('through stripNulBytes every page is clean and every label intact', async () => {
	for (const pad of PADS) {
		const html = await render(pad, stripNulBytes())
		expect(html.includes(0), `pad ${pad}`).toBe(false)
		expect(titles(html.toString('utf8')), `pad ${pad}`).toEqual(expected)
	}
})
