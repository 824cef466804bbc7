import { type ReactNode, useEffect, useRef, useState } from 'react'

/**
 * A box that scrolls sideways when what it holds is wider than the screen (a report sheet,
 * an edit grid, a chart kept at reading size). While it overflows it is a named, focusable
 * region, so it can be scrolled from the keyboard (WCAG 2.1.1); when everything fits it is
 * a plain box and adds no tab stop.
 */
export function ScrollRegion({ label, className = 'table-scroll', children }: { label: string; className?: string; children: ReactNode }) {
	const ref = useRef<HTMLDivElement>(null)
	const [overflows, setOverflows] = useState(false)
	useEffect(() => {
		const element = ref.current
		if (!element) return
		const measure = () => setOverflows(element.scrollWidth > element.clientWidth + 1)
		measure()
		const resized = new ResizeObserver(measure)
		resized.observe(element)
		if (element.firstElementChild) resized.observe(element.firstElementChild)
		return () => resized.disconnect()
	}, [])
	return (
		<div ref={ref} className={className} {...(overflows ? { role: 'region', 'aria-label': label, tabIndex: 0 } : {})}>
			{children}
		</div>
	)
}
