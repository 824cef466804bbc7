import { expect, test } from 'vitest'
import { unitProgress } from './count-units'

const names = new Map([['u9', { unitId: 'u9', unitName: '区招商局', unitNameEn: 'Investment Bureau' }]])

test('listed units come first in listed order with their shares; other credited units follow', () => {
	const listed = [
		{ unitId: 'u2', unitName: '区工信局', unitNameEn: 'MIIT', position: 1, target: 4 },
		{ unitId: 'u1', unitName: '区商务局', unitNameEn: 'Commerce', position: 0, target: null },
	]
	const items = [
		{ unitId: 'u1', amount: 1 },
		{ unitId: 'u9', amount: 1 },
		{ unitId: 'u1', amount: 1 },
		{ unitId: null, amount: 1 },
	]
	expect(unitProgress(listed, items, names)).toEqual([
		{ unitId: 'u1', unitName: '区商务局', unitNameEn: 'Commerce', position: 0, target: null, actual: 2, items: 2 },
		{ unitId: 'u2', unitName: '区工信局', unitNameEn: 'MIIT', position: 1, target: 4, actual: 0, items: 0 },
		{ unitId: 'u9', unitName: '区招商局', unitNameEn: 'Investment Bureau', position: 2, target: null, actual: 1, items: 1 },
	])
})
