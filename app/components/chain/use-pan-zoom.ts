import { type RefObject, useEffect, useRef, useState } from 'react'
import { fitScale, IDENTITY, panBy, pinch, type Point, reveal, type Size, transformOf, type View, zoomAt } from '~/domain/chain/pan-zoom'

/** Below this width (the phone layout of ADR 0025) the map is a window at the drawing's own size. */
const NARROW = '(max-width: 40rem)'
/** A pointer that moves less than this (CSS px) before it lifts is a tap: it opens the link under it. */
const TAP_SLOP = 6

/** Where a phone's window starts: the upstream end of the chain, its middle at the window's middle. */
function startView(content: Size, frame: Size | null): View {
	return frame ? { k: 1, x: 0, y: (frame.height - content.height) / 2 } : IDENTITY
}

/**
 * Pan and zoom of an SVG drawing of `content` size, by pointer events, so a
 * mouse, a pen and a finger all work the same: one pointer drags the drawing
 * (a short touch stays a tap), two pinch it, the wheel zooms at the pointer,
 * the buttons zoom at the middle, and a node that takes keyboard focus out of
 * sight is brought into view. At a desk the SVG shows the whole drawing
 * scaled to the page; on a phone its viewBox is its own size in pixels, so
 * the drawing keeps its reading size and one finger moves it (ADR 0031).
 */
export function usePanZoom(svgRef: RefObject<SVGSVGElement | null>, content: Size) {
	const [frame, setFrame] = useState<Size | null>(null)
	const [view, setView] = useState<View>(IDENTITY)
	const viewport = frame ?? content
	const minScale = fitScale(content, viewport)
	const minScaleRef = useRef(minScale)
	minScaleRef.current = minScale

	// A phone's window: measured once hydrated and whenever it changes size (rotation); a desk has none.
	useEffect(() => {
		const svg = svgRef.current
		if (!svg) return
		const narrow = window.matchMedia(NARROW)
		const measure = () => {
			const { width, height } = svg.getBoundingClientRect()
			const next = narrow.matches && width > 0 && height > 0 ? { width: Math.round(width), height: Math.round(height) } : null
			setFrame((current) => (current?.width === next?.width && current?.height === next?.height ? current : next))
		}
		measure()
		const observer = new ResizeObserver(measure)
		observer.observe(svg)
		narrow.addEventListener('change', measure)
		return () => {
			observer.disconnect()
			narrow.removeEventListener('change', measure)
		}
	}, [svgRef])
	// A new window starts over where the chain starts.
	const { width, height } = content
	useEffect(() => setView(startView({ width, height }, frame)), [width, height, frame])

	useEffect(() => {
		const svg = svgRef.current
		if (!svg) return
		/** Pointers down on the map, at their last client position. */
		const pointers = new Map<number, Point>()
		let start: Point | null = null
		let moved = false
		let swallowClick = false
		const toSvg = (p: Point): Point => {
			const matrix = svg.getScreenCTM()
			if (!matrix) return p
			const q = new DOMPoint(p.x, p.y).matrixTransform(matrix.inverse())
			return { x: q.x, y: q.y }
		}
		const down = (event: PointerEvent) => {
			if (event.pointerType === 'mouse' && event.button !== 0) return
			// The first finger of a new gesture: forget any pointer whose end never reached the map.
			if (event.isPrimary) pointers.clear()
			pointers.set(event.pointerId, { x: event.clientX, y: event.clientY })
			if (pointers.size === 1) {
				start = { x: event.clientX, y: event.clientY }
				moved = false
				swallowClick = false
			}
		}
		const move = (event: PointerEvent) => {
			const before = pointers.get(event.pointerId)
			if (!before) return
			const now = { x: event.clientX, y: event.clientY }
			if (pointers.size === 1) {
				if (!moved && start && Math.hypot(now.x - start.x, now.y - start.y) < TAP_SLOP) return
				if (!moved) {
					moved = true
					// The drag keeps coming here even when the pointer leaves the map.
					svg.setPointerCapture(event.pointerId)
				}
				const [a, b] = [toSvg(before), toSvg(now)]
				setView((view) => panBy(view, b.x - a.x, b.y - a.y))
			} else if (pointers.size === 2) {
				moved = true
				const other = toSvg([...pointers].find(([id]) => id !== event.pointerId)![1])
				const [a, b] = [toSvg(before), toSvg(now)]
				setView((view) => pinch(view, [other, a], [other, b], minScaleRef.current))
			}
			pointers.set(event.pointerId, now)
		}
		const up = (event: PointerEvent) => {
			if (pointers.delete(event.pointerId) && moved) swallowClick = true
			if (pointers.size === 0) start = null
		}
		// The click that ends a drag or a pinch opens nothing.
		const click = (event: MouseEvent) => {
			if (!swallowClick) return
			swallowClick = false
			event.stopPropagation()
			event.preventDefault()
		}
		const wheel = (event: WheelEvent) => {
			event.preventDefault()
			const factor = 2 ** (-event.deltaY * (event.deltaMode === 1 ? 0.05 : event.deltaMode ? 1 : 0.002))
			const at = toSvg({ x: event.clientX, y: event.clientY })
			setView((view) => zoomAt(view, factor, at, minScaleRef.current))
		}
		svg.addEventListener('pointerdown', down)
		svg.addEventListener('pointermove', move)
		svg.addEventListener('pointerup', up)
		svg.addEventListener('pointercancel', up)
		svg.addEventListener('click', click, true)
		svg.addEventListener('wheel', wheel, { passive: false })
		return () => {
			svg.removeEventListener('pointerdown', down)
			svg.removeEventListener('pointermove', move)
			svg.removeEventListener('pointerup', up)
			svg.removeEventListener('pointercancel', up)
			svg.removeEventListener('click', click, true)
			svg.removeEventListener('wheel', wheel)
		}
	}, [svgRef])

	const middle = { x: viewport.width / 2, y: viewport.height / 2 }
	return {
		viewBox: `0 0 ${viewport.width} ${viewport.height}`,
		transform: transformOf(view),
		zoomBy: (factor: number) => setView((current) => zoomAt(current, factor, middle, minScale)),
		reset: () => setView(startView(content, frame)),
		/** Brings a box of the drawing into view if it is not (a node that takes focus). */
		reveal: (box: Point & Size) => setView((current) => reveal(current, box, viewport)),
	}
}
