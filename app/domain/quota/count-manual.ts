import { type CountResult, type CountWindow } from './count-window'
import { type QuotaItem } from './progress'

export type ManualEntryFacts = { id: string; year: number; value: number; evidence: string; date: string; createdAt: string; userName: string }

/**
 * A manual quota's figure is reported, not counted: each entry holds the
 * cumulative (or level) figure as of its date — 研发投入强度 3.2 %, 绿色工厂 1 家 so
 * far — never an increment. The actual is the latest entry of the year dated on
 * or before asOf (a later correction of the same date wins); every such entry is
 * listed as an item with its evidence, in date order.
 */
export function countManual(entries: ManualEntryFacts[], window: CountWindow): CountResult & { actual: number } {
	const valid = entries
		.filter((e) => e.year === window.year && e.date <= window.asOf)
		.sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt))
	const items: QuotaItem[] = valid.map((e) => ({
		type: 'manual',
		id: e.id,
		label: e.evidence,
		companyId: null,
		companyName: null,
		date: e.date,
		amount: e.value,
		unitId: null,
		unitName: null,
		unitNameEn: null,
		isSample: false,
		detail: `${e.evidence}（${e.userName}）`,
	}))
	return { items, awaiting: [], excluded: [], pipeline: [], problems: [], actual: valid.at(-1)?.value ?? 0 }
}
