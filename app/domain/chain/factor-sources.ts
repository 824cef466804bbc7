// Readable names for where a conversion factor comes from. Edges carry the row
// code of shared/design/chain-reference.csv ("RE13") and a free-text source;
// staff read the name ("磁材加工良率，himagnet"), the code stays in a tooltip
// for whoever checks the reference table. Names are short forms of that
// table's source column.
import { type Locale } from '~/i18n/i18n'

type Name = { zh: string; en: string }

const REFERENCES: Record<string, Name> = {
	RE01: { zh: '离子吸附型矿品位（SEG 专著）', en: 'Ion-adsorption ore grade (SEG monograph)' },
	RE02: { zh: '工信部稀土行业规范条件（2016）采收率', en: 'MIIT rare-earth industry conditions 2016, recovery' },
	RE03: { zh: '工信部规范条件（2016）分离收率（离子型）', en: 'MIIT conditions 2016, separation recovery (ionic)' },
	RE04: { zh: '工信部规范条件（2016）分离收率（氟碳铈矿）', en: 'MIIT conditions 2016, separation recovery (bastnäsite)' },
	RE05: { zh: '镨钕配分（随矿种而异，未找到）', en: 'PrNd share of REO (ore-specific, not found)' },
	RE06: { zh: '化学计量（氧化物→金属）', en: 'Stoichiometry (oxide to metal)' },
	RE07: { zh: '化学计量（氧化镝→镝）', en: 'Stoichiometry (Dy oxide to metal)' },
	RE08: { zh: '化学计量（氧化铽→铽）', en: 'Stoichiometry (Tb oxide to metal)' },
	RE09: { zh: '磁体镨钕含量（厂商资料、报废样品）', en: 'PrNd content of magnets (maker data, end-of-life sample)' },
	RE10: { zh: '高温磁体镝铽含量（厂商资料）', en: 'DyTb in high-temperature magnets (maker data)' },
	RE11: { zh: '晶界扩散磁体镝含量（论文、专利）', en: 'Dy in grain-boundary-diffused magnets (papers, patent)' },
	RE12: { zh: '磁体镨钕氧化物含量（行业文章）', en: 'PrNd oxide per magnet (industry article)' },
	RE13: { zh: '磁材加工良率 60–80%（himagnet）', en: 'Magnet machining yield 60–80% (himagnet)' },
	RE14: { zh: '磁材生产废料率（Metals 2023）', en: 'Magnet production scrap rate (Metals 2023)' },
	RE15: { zh: '磁材废料稀土回收率（企业资料、NIMS）', en: 'RE recovery from magnet scrap (company data, NIMS)' },
	RE16: { zh: '报废磁体回收率（英国政策委员会、Jiang 2024）', en: 'End-of-life magnet recycling rate (UK Policy Commission, Jiang 2024)' },
	RE17: { zh: '纯电车驱动电机用磁量（Edison、民生证券）', en: 'Magnet per BEV traction motor (Edison, Minsheng Securities)' },
	RE18: { zh: '电驱用磁量（每 100 kW，厂商资料）', en: 'Magnet per 100 kW of EV drive (maker data)' },
	RE19: { zh: '混动车驱动用磁量（Edison）', en: 'Magnet per HEV drive (Edison)' },
	RE20: { zh: '整车电机用磁量（行业文章）', en: 'Magnet per vehicle, all motors (industry article)' },
	RE21: { zh: '直驱风机用磁量（Moss 2013、Jiang 2024）', en: 'Magnet per MW, direct-drive wind (Moss 2013, Jiang 2024)' },
	RE22: { zh: '直驱风机用钕量（CAwindMFA）', en: 'Nd per MW, direct-drive wind (CAwindMFA)' },
	RE23: { zh: '半直驱风机用磁量（推算）', en: 'Magnet per MW, geared wind (derived)' },
	RE24: { zh: '半直驱风机用钕量（CAwindMFA）', en: 'Nd per MW, geared wind (CAwindMFA)' },
	RE25: { zh: '变频压缩机用磁量（行业文章，假设值）', en: 'Magnet per inverter compressor (industry article, assumption)' },
	RE26: { zh: '工业机器人用磁量（长江有色金属网）', en: 'Magnet per industrial robot (CCMN)' },
	RE27: { zh: '伺服电机用磁量（未找到）', en: 'Magnet per servo motor (not found)' },
	RE28: { zh: '人形机器人用磁量（民生证券等）', en: 'Magnet per humanoid robot (Minsheng Securities et al.)' },
	LI01: { zh: '锂云母单耗（上海有色网江西调研）', en: 'Lepidolite per t LCE (SMM Jiangxi survey)' },
	LI02: { zh: '锂辉石单耗（推算）', en: 'Spodumene per t LCE (derived)' },
	LI03: { zh: '化学计量（碳酸锂→氢氧化锂）', en: 'Stoichiometry (carbonate to hydroxide)' },
	LI04: { zh: '磷酸铁锂含锂量（化学计量）', en: 'Lithium in LFP cathode (stoichiometry)' },
	LI05: { zh: 'NMC811 含锂量（化学计量）', en: 'Lithium in NMC811 cathode (stoichiometry)' },
	LI06: { zh: '磷酸铁锂正极单耗（BatPaC）', en: 'LFP cathode per kWh (BatPaC)' },
	LI07: { zh: 'NMC811 正极单耗（BatPaC）', en: 'NMC811 cathode per kWh (BatPaC)' },
	LI08: { zh: 'NMC622 正极单耗（BatPaC）', en: 'NMC622 cathode per kWh (BatPaC)' },
	LI09: { zh: '磷酸铁锂电池用锂量（BatPaC）', en: 'Lithium per kWh, LFP (BatPaC)' },
	LI10: { zh: 'NMC811 电池用锂量（BatPaC）', en: 'Lithium per kWh, NMC811 (BatPaC)' },
	LI11: { zh: '电池用锂量含损耗（ANL 等，低可信）', en: 'Lithium per kWh with losses (ANL et al., low confidence)' },
	LI12: { zh: '中国新能源车单车带电量（2024）', en: 'Battery per EV, China 2024' },
	LI13: { zh: '全球新能源车单车带电量（2024）', en: 'Battery per EV, world 2024' },
	LI14: { zh: '电池包质量（BatPaC）', en: 'Battery pack mass (BatPaC)' },
	LI15: { zh: '废电池锂回收率（工信部规范条件）', en: 'Lithium recovery from spent batteries (MIIT conditions)' },
	LI16: { zh: '废电池镍钴锰回收率（工信部 2024）', en: 'NiCoMn recovery from spent batteries (MIIT 2024)' },
	LI17: { zh: '废电池电极粉回收率（工信部 2024）', en: 'Electrode powder recovery (MIIT 2024)' },
}

const SHORT = 48

/**
 * The name staff read for an edge's factor source: the reference table's name
 * for a known code, else the first clause of the edge's own source text
 * (without a leading "file CODE:"), or null when the edge has no source.
 */
export function factorSourceName(edge: { referenceId: string | null; source: string | null }, locale: Locale): string | null {
	const known = edge.referenceId ? REFERENCES[edge.referenceId.trim().toUpperCase()] : undefined
	if (known) return locale === 'en' ? known.en : known.zh
	const text = factorSourceDetail(edge.source)
	if (!text) return null
	const clause = text.split(/[;；(（]/u)[0]!.trim()
	return clause.length > SHORT ? `${clause.slice(0, SHORT - 1)}…` : clause
}

/** An edge's source text without the leading "file CODE:" (the code is shown in the tooltip). */
export function factorSourceDetail(source: string | null): string {
	return (source ?? '').replace(/^[^:：]*\b[A-Z]{2}\d{2}\s*[:：]\s*/u, '').trim()
}
