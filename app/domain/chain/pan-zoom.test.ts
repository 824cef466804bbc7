import { expect, test } from 'vitest'
import { fitScale, IDENTITY, panBy, pinch, reveal, transformOf, zoomAt } from './pan-zoom'

test('zooming keeps the point under the pointer where it is, within the allowed scales', () => {
	const zoomed = zoomAt(IDENTITY, 2, { x: 100, y: 50 })
	expect(zoomed).toEqual({ k: 2, x: -100, y: -50 })
	// The drawing point (100, 50) is still drawn at (100, 50).
	expect(zoomed.x + 100 * zoomed.k).toBe(100)
	expect(zoomAt(IDENTITY, 100, { x: 0, y: 0 }).k).toBe(4)
	expect(zoomAt(IDENTITY, 0.01, { x: 0, y: 0 }).k).toBe(0.4)
	// A map that needs less than 0.4 to fit may go that far out.
	expect(zoomAt(IDENTITY, 0.01, { x: 0, y: 0 }, 0.25).k).toBe(0.25)
})

test('a drag pans; a pinch scales by the fingers’ spread about their midpoint and pans by its move', () => {
	expect(panBy({ x: 10, y: 20, k: 2 }, -30, 5)).toEqual({ x: -20, y: 25, k: 2 })
	const spread = pinch(
		IDENTITY,
		[
			{ x: 90, y: 100 },
			{ x: 110, y: 100 },
		],
		[
			{ x: 80, y: 100 },
			{ x: 120, y: 100 },
		],
	)
	expect(spread.k).toBe(2)
	expect(spread.x + 100 * spread.k).toBe(100)
	const moved = pinch(
		IDENTITY,
		[
			{ x: 0, y: 0 },
			{ x: 10, y: 0 },
		],
		[
			{ x: 20, y: 5 },
			{ x: 30, y: 5 },
		],
	)
	expect(moved).toEqual({ k: 1, x: 20, y: 5 })
})

test('a focused node out of sight is brought to the middle of the frame; one in sight stays put', () => {
	const frame = { width: 390, height: 500 }
	const node = { x: 800, y: 300, width: 160, height: 60 }
	expect(reveal(IDENTITY, node, frame)).toEqual({ k: 1, x: 195 - 880, y: 250 - 330 })
	const shown = { x: -700, y: 0, k: 1 }
	expect(reveal(shown, node, frame)).toBe(shown)
	expect(fitScale({ width: 1340, height: 680 }, frame)).toBeCloseTo(390 / 1340)
	expect(fitScale({ width: 100, height: 100 }, frame)).toBe(1)
	expect(transformOf({ x: 1, y: 2, k: 3 })).toBe('translate(1,2) scale(3)')
})
