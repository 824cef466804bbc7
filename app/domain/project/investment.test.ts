import { expect, test } from 'vitest'
import { countedInvestmentCNY } from './investment'

test('a 增资 counts only its increment; other types their whole investment', () => {
	expect(countedInvestmentCNY({ type: 'capital_increase', investmentCNY: 500_000_000, incrementCNY: 200_000_000 })).toBe(200_000_000)
	expect(countedInvestmentCNY({ type: 'capital_increase', investmentCNY: 500_000_000, incrementCNY: null })).toBe(0)
	expect(countedInvestmentCNY({ type: 'expansion', investmentCNY: 500_000_000, incrementCNY: null })).toBe(500_000_000)
})
