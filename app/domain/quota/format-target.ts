/** "≥ 10 个", "5–10 家", "> 200 亿元": a quota's target in compact notation. */
export function formatTarget(q: { op: string; value: number; valueMax: number | null; unit: string }) {
	const n = (v: number) => String(Number(v.toPrecision(12)))
	switch (q.op) {
		case 'range':
			return `${n(q.value)}–${n(q.valueMax ?? q.value)} ${q.unit}`
		case '>=':
			return `≥ ${n(q.value)} ${q.unit}`
		case '<=':
			return `≤ ${n(q.value)} ${q.unit}`
		case '>':
			return `> ${n(q.value)} ${q.unit}`
		case 'approx':
			return `≈ ${n(q.value)} ${q.unit}`
		default:
			return `${n(q.value)} ${q.unit}`
	}
}
