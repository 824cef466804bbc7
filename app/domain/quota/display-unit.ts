import { normalizeQuantity } from '~/domain/policy/numbers'
import { type QuotaProgress } from './progress'

/**
 * The unit a quota's figures are shown in: the unit the policy wrote (亿元,
 * 万吨) so actual and target read alike, with its factor to the normalized
 * figures (the extractor's own unit table). A unit that does not normalize to
 * the quota's normalized unit is shown as normalized rather than mislabelled.
 */
export function displayUnit(quota: Pick<QuotaProgress, 'unit' | 'normalizedUnit'>): { unit: string; scale: number } {
	if (quota.unit === quota.normalizedUnit) return { unit: quota.unit, scale: 1 }
	const one = normalizeQuantity(1, quota.unit)
	return one.unit === quota.normalizedUnit ? { unit: quota.unit, scale: one.value } : { unit: quota.normalizedUnit, scale: 1 }
}
