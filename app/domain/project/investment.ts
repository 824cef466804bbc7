/**
 * 增资项目只计增量: a capital increase adds only its increment to investment
 * totals and investment thresholds (三明 counting rules, see
 * ../shared/design/feature-anchors.md [C9]); a 增资 without an increment adds 0.
 */
export function countedInvestmentCNY(project: { type: string; investmentCNY: number; incrementCNY: number | null }) {
	return project.type === 'capital_increase' ? (project.incrementCNY ?? 0) : project.investmentCNY
}
