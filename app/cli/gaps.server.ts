// `cli -- gaps --chain <id|slug> [--year Y] [--lang zh-CN|en] --json`: every link
// with its figures and flags, the reasons worded as on the map.
import { type Db } from '~/db.server'
import { describeLinkFlags, formatQuantity } from '~/domain/chain/describe-flag'
import { DEFAULT_GAP_SETTINGS } from '~/domain/chain/gap-analysis'
import { i18nFor, type Locale } from '~/i18n/i18n'
import { loadChainFirms, loadGapAnalysis, localFirmRows } from '~/models/chain-analysis.server'

/** Null when no chain has that id or slug. */
export async function gapsReport(db: Db, options: { chain: string; year: number; locale: Locale }) {
	const { locale, year } = options
	const gap = await loadGapAnalysis(db, options.chain, year)
	if (!gap) return null

	const { chain, analysis } = gap
	// The report lists every link's local firms.
	const firms = (await loadChainFirms(db, gap)).filter((f) => f.isLocal)
	const t = i18nFor(locale).t
	const linkById = new Map(chain.links.map((l) => [l.id, l]))
	const companyName = new Map(firms.map((f) => [f.companyId, f.name]))
	const linkName = (id: string) => (locale === 'en' ? linkById.get(id)?.nameEn : linkById.get(id)?.name) ?? id
	const names = { link: linkName, company: (id: string) => companyName.get(id) ?? id, unit: (id: string) => linkById.get(id)?.unit ?? '' }

	const links = analysis.links.map((la) => {
		const link = linkById.get(la.linkId)!
		return {
			key: link.key,
			name: link.name,
			nameEn: link.nameEn,
			stage: link.stage,
			unit: link.unit,
			supply: la.supply,
			supplyComplete: la.supplyComplete,
			demand: la.demand,
			demandComplete: la.demandComplete,
			factorUnknownFor: la.unknownFactorLinks.map((id) => linkById.get(id)!.key),
			balance: la.balance,
			coverage: la.coverage,
			localFirms: localFirmRows(gap, la.linkId, firms).map((f) => ({ name: f.name, quantity: f.quantity, share: f.share, isLeader: f.isLeader })),
			externalFirms: la.externalFirmCount,
			hhi: la.hhi,
			topShare: la.topShare,
			leaders: la.leaderCount,
			health: la.health,
			flags: describeLinkFlags(la, (key, opts) => t(key, opts), names, locale),
		}
	})
	const data = { chain: { id: chain.id, slug: chain.slug, name: chain.name, nameEn: chain.nameEn }, year, settings: DEFAULT_GAP_SETTINGS, links }

	const text = [
		`${locale === 'en' ? chain.nameEn : chain.name} · ${year}`,
		...links.map((l) => {
			const head = `${(locale === 'en' ? l.nameEn : l.name).padEnd(14)} ${t(`gaps.health.${l.health}`).padEnd(8)} ${t('gaps.supply')} ${l.supply === null ? '—' : formatQuantity(l.supply, l.unit, locale)} · ${t('gaps.demand')} ${l.demand > 0 ? formatQuantity(l.demand, l.unit, locale) : '—'}${l.demandComplete ? '' : ` (${t('chains.factorUnknown')})`}`
			return [head, ...l.flags.map((f) => `    [${f.label}] ${f.reason}`)].join('\n')
		}),
	].join('\n')
	return { data, text }
}
