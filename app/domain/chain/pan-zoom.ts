// The chain map's view: a translation and a scale applied to the drawing, in
// the SVG's own units. Pure geometry for the pointer, wheel, button and focus
// gestures of app/components/chain/use-pan-zoom.ts.

export type View = { x: number; y: number; k: number }
export type Point = { x: number; y: number }
export type Size = { width: number; height: number }

export const IDENTITY: View = { x: 0, y: 0, k: 1 }
/** How far in and out the map zooms: out to a fraction of its size (less when the whole map needs it), in to four times. */
export const MIN_SCALE = 0.4
export const MAX_SCALE = 4

/** The scale at which a drawing of `content` size fits in `frame`, never above 1. */
export function fitScale(content: Size, frame: Size) {
	return Math.min(1, frame.width / content.width, frame.height / content.height)
}

function clampScale(k: number, minScale: number) {
	return Math.min(MAX_SCALE, Math.max(Math.min(MIN_SCALE, minScale), k))
}

/** Moves the drawing by (dx, dy). */
export function panBy(view: View, dx: number, dy: number): View {
	return { ...view, x: view.x + dx, y: view.y + dy }
}

/** Scales by `factor` keeping the drawing point under `at` where it is; `minScale` lets the whole map fit when that needs less than MIN_SCALE. */
export function zoomAt(view: View, factor: number, at: Point, minScale = MIN_SCALE): View {
	const k = clampScale(view.k * factor, minScale)
	const ratio = k / view.k
	return { k, x: at.x - (at.x - view.x) * ratio, y: at.y - (at.y - view.y) * ratio }
}

/**
 * A two-finger gesture from `before` to `after` (the two points, in SVG units):
 * the distance between them scales the view about their midpoint, and the
 * midpoint's move pans it.
 */
export function pinch(view: View, before: readonly [Point, Point], after: readonly [Point, Point], minScale = MIN_SCALE): View {
	const mid = (p: readonly [Point, Point]) => ({ x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2 })
	const span = (p: readonly [Point, Point]) => Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y)
	const from = mid(before)
	const to = mid(after)
	const zoomed = span(before) > 0 ? zoomAt(view, span(after) / span(before), from, minScale) : view
	return panBy(zoomed, to.x - from.x, to.y - from.y)
}

/** The view that shows a box of the drawing (x, y, width, height): unchanged when it is already inside `frame`, else centred on it. */
export function reveal(view: View, box: Point & Size, frame: Size): View {
	const left = view.x + box.x * view.k
	const top = view.y + box.y * view.k
	const inside = left >= 0 && top >= 0 && left + box.width * view.k <= frame.width && top + box.height * view.k <= frame.height
	if (inside) return view
	return { k: view.k, x: frame.width / 2 - (box.x + box.width / 2) * view.k, y: frame.height / 2 - (box.y + box.height / 2) * view.k }
}

/** The SVG transform attribute of a view. */
export function transformOf(view: View) {
	return `translate(${view.x},${view.y}) scale(${view.k})`
}
