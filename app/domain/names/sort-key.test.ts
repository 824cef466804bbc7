import { expect, test } from 'vitest'
import { MAX_SORT_KEY_LENGTH, nameSortKey } from './sort-key'

/** Names in the order their keys give, as SQLite (BINARY) and PostgreSQL ("C") sort the stored keys. */
const byKey = (names: readonly string[]) =>
	[...names].sort((a, b) => {
		const [ka, kb] = [nameSortKey(a), nameSortKey(b)]
		return ka < kb ? -1 : ka > kb ? 1 : 0
	})

test('Chinese names sort by 拼音, not by character code', () => {
	// By code point 白 (U+767D) < 赣 (U+8D63) < 阿 (U+963F) < 陈 (U+9648).
	expect(byKey(['陈氏稀土', '赣州永磁', '阿坝锂业', '白云矿业'])).toEqual(['阿坝锂业', '白云矿业', '陈氏稀土', '赣州永磁'])
})

test('a syllable sorts before its longer neighbours whatever the tones, and a name before its continuations', () => {
	expect(byKey(['安远稀土', '爱邦磁业', '阿里巴巴', '阿里'])).toEqual(['阿里', '阿里巴巴', '爱邦磁业', '安远稀土'])
	expect(byKey(['律师事务所', '吕梁钢铁', '路桥建设'])).toEqual(['路桥建设', '吕梁钢铁', '律师事务所'])
})

test('readings come from the whole name: 重庆 chóng, 长沙 cháng, 银行 háng', () => {
	expect(nameSortKey('重庆钢铁').startsWith('chong2重 qing4庆 ')).toBe(true)
	expect(nameSortKey('重型机械').startsWith('zhong4重 ')).toBe(true)
	expect(byKey(['中钨高新', '重庆钢铁', '长沙矿冶', '赤峰黄金', '厦门钨业', '大厦物业'])).toEqual([
		'长沙矿冶',
		'赤峰黄金',
		'重庆钢铁',
		'大厦物业',
		'厦门钨业',
		'中钨高新',
	])
	expect(nameSortKey('工商银行')).toContain('hang2行')
})

test('a name that starts with a polyphonic surname and 氏 reads it as a surname', () => {
	expect(nameSortKey('曾氏集团').startsWith('zeng1曾 ')).toBe(true)
	expect(nameSortKey('单氏化工').startsWith('shan4单 ')).toBe(true)
	expect(nameSortKey('解氏商贸').startsWith('xie4解 ')).toBe(true)
	// 曾氏 files under Z (zēng, before 赵 zhào), not beside 岑 cén; 曾经 stays céng.
	expect(byKey(['曾氏集团', '赵氏建材', '岑氏五金', '杨氏'])).toEqual(['岑氏五金', '杨氏', '曾氏集团', '赵氏建材'])
	expect(nameSortKey('曾经沧海').startsWith('ceng2曾 ')).toBe(true)
	// Other names keep their readings in context: 乐山 lè, 区域 qū, 行业 háng.
	expect(nameSortKey('乐山电力').startsWith('le4乐 ')).toBe(true)
	expect(nameSortKey('区域物流').startsWith('qu1区 ')).toBe(true)
	expect(nameSortKey('行业协会').startsWith('hang2行 ')).toBe(true)
})

test('classes follow Intl.Collator zh-CN: punctuation, digits, Chinese, Latin letters', () => {
	const names = ['ABC新材料', '（示例）恒源', '陈氏', '3M中国', 'zeta稀土', '阿坝']
	const intl = [...names].sort(new Intl.Collator('zh-CN').compare)
	expect(byKey(names)).toEqual(intl)
	expect(byKey(names)).toEqual(['（示例）恒源', '3M中国', '阿坝', '陈氏', 'ABC新材料', 'zeta稀土'])
})

test('agrees with Intl.Collator zh-CN on names whose characters have one reading each', () => {
	const names = [
		'赣州稀土',
		'江西铜业',
		'北方稀土',
		'洛阳钼业',
		'包头钢铁',
		'宁德时代',
		'比亚迪',
		'金力永磁',
		'中科三环',
		'正海磁材',
		'英洛华',
		'宁波韵升',
		'安泰科技',
		'盛和资源',
		'广晟有色',
	]
	expect(byKey(names)).toEqual([...names].sort(new Intl.Collator('zh-CN').compare))
})

test('full-width letters and digits sort as half-width ones; case and spaces do not count', () => {
	expect(nameSortKey('ＡＢＣ１')).toBe(nameSortKey('abc1'))
	expect(nameSortKey('A B C')).toBe(nameSortKey('abc'))
})

test('a long name is cut to a bounded key', () => {
	expect(nameSortKey('稀'.repeat(500)).length).toBe(MAX_SORT_KEY_LENGTH)
	expect(nameSortKey('')).toBe('')
})
