// Likely duplicates of a company being registered or renamed (#13 §6). Two companies are likely
// the same when their names agree once written the same way: full-width and half-width forms
// (Ｂ/B, （/( ), spaces and case do not count, nor the company-form suffix (有限公司, 有限责任公司,
// 股份有限公司…), so "赣州恒源科技有限公司" and "赣州恒源科技 股份有限公司" are one name key, "赣州恒源科技".
// A 简称/曾用名 counts like a name. The USCC identifies a company outright.
import { normalizeUscc } from './uscc'

/** Company-form endings, longest first: the first that ends a name is dropped. */
const FORM_SUFFIXES = ['股份有限公司', '有限责任公司', '有限公司', '股份公司', '公司'] as const

/**
 * A name as compared for duplicates: NFKC (full-width → half-width, ideographic space → space),
 * ASCII case folded, whitespace and control characters removed, one company-form suffix dropped
 * unless nothing else is left. '' for a blank name.
 */
export function companyNameKey(name: string) {
	const plain = name
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[\s\p{Cc}\p{Cf}]/gu, '')
	const suffix = FORM_SUFFIXES.find((s) => plain.endsWith(s) && plain.length > s.length)
	return suffix ? plain.slice(0, -suffix.length) : plain
}

export const DUPLICATE_REASONS = ['uscc', 'sameName', 'alias', 'similarName'] as const
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number]

/** A registered company the form warns of, with why and what hangs on it. */
export type LikelyDuplicate = {
	id: string
	name: string
	uscc: string | null
	aliases: { kind: string; name: string }[]
	reasons: DuplicateReason[]
	leads: number
	projects: number
}

/** What a form proposes: its name, 简称, 曾用名 and USCC. */
export type DuplicateProbe = { name: string; aliases: readonly string[]; uscc: string | null }
/** A registered company as compared. */
export type DuplicateCandidate = { name: string; aliases: readonly string[]; uscc: string | null }

/** The name keys a probe looks for in the index: its name's and its aliases', each once. */
export function probeKeys(probe: Pick<DuplicateProbe, 'name' | 'aliases'>) {
	return [...new Set([probe.name, ...probe.aliases].map(companyNameKey).filter((key) => key !== ''))]
}

/**
 * Why `candidate` is likely the company `probe` describes, strongest first; [] when it is not:
 * the same USCC; the very same name; a name or alias of one equal (as keys) to an alias of the
 * other; or names equal as keys.
 */
export function duplicateReasons(probe: DuplicateProbe, candidate: DuplicateCandidate): DuplicateReason[] {
	const reasons: DuplicateReason[] = []
	const uscc = probe.uscc ? normalizeUscc(probe.uscc) : null
	if (uscc && candidate.uscc === uscc) reasons.push('uscc')
	const name = probe.name.trim()
	if (name !== '' && candidate.name.trim() === name) reasons.push('sameName')
	const probeName = companyNameKey(probe.name)
	const candidateName = companyNameKey(candidate.name)
	const probeAliases = new Set(probe.aliases.map(companyNameKey).filter(Boolean))
	const candidateAliases = new Set(candidate.aliases.map(companyNameKey).filter(Boolean))
	const aliasMatch =
		(probeName !== '' && candidateAliases.has(probeName)) || [...probeAliases].some((key) => key === candidateName || candidateAliases.has(key))
	if (aliasMatch) reasons.push('alias')
	if (!reasons.includes('sameName') && probeName !== '' && probeName === candidateName) reasons.push('similarName')
	return reasons
}
