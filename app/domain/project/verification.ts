import { z } from 'zod'
import { userText } from '~/domain/text/text-field'
import { type ActionResult } from '~/utils/forms'
import { type CountedFactChange, countedFactChanges, type CountedProjectFacts } from './counted-facts'

/**
 * 核验: the stages quotas count (签约, 开工, 投产) count only once a manager has
 * checked their evidence — a document number and/or an uploaded file — and
 * only while the project still shows the facts the manager verified (the
 * "verify win" step of investment-promotion CRMs such as the UK's Data Hub).
 */
export const VERIFIED_STAGES = ['signed', 'started', 'producing'] as const
export type VerifiedStage = (typeof VERIFIED_STAGES)[number]
export const verifiedStageSchema = z.enum(VERIFIED_STAGES)

/** What is stored on the evidence row. */
export const EVIDENCE_STATUSES = ['pending', 'verified', 'rejected'] as const
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number]

/**
 * Where a reached stage stands, as the counting and the pages read it:
 * - missing: no evidence yet
 * - pending: evidence waits for a manager
 * - verified: counts
 * - rejected: a manager refused the evidence (note says why); new evidence makes it pending again
 * - changed: verified, but a counted fact changed since (investment, date, links…): a manager checks again
 */
export type VerificationState = 'missing' | 'pending' | 'verified' | 'rejected' | 'changed'

/** States that wait for evidence or a manager: shown as "not yet verified" beside the verified figure. */
export const AWAITING_STATES: readonly VerificationState[] = ['missing', 'pending', 'changed']

export type StoredEvidence = { status: string; verifiedFacts: string | null }

/**
 * The counted facts a verification of `stage` answers for: everything quota
 * counting reads except the current stage and the dates of other stages, so
 * moving on from 签约 to 开工 leaves the 签约 verification standing.
 */
export function verifiedFactChanges(stage: VerifiedStage, verified: CountedProjectFacts, current: CountedProjectFacts): CountedFactChange[] {
	return countedFactChanges(verified, current).filter(
		(change) => change.field !== 'stage' && (!change.field.startsWith('dates.') || change.field === `dates.${stage}`),
	)
}

function parseFacts(json: string | null): CountedProjectFacts | null {
	if (json === null) return null
	try {
		return JSON.parse(json) as CountedProjectFacts
	} catch {
		return null
	}
}

/** The state of one reached stage, with the facts that changed since it was verified. */
export function verificationState(
	stage: VerifiedStage,
	evidence: StoredEvidence | null,
	current: CountedProjectFacts,
): { state: VerificationState; changes: CountedFactChange[] } {
	if (evidence === null) return { state: 'missing', changes: [] }
	if (evidence.status === 'rejected') return { state: 'rejected', changes: [] }
	if (evidence.status !== 'verified') return { state: 'pending', changes: [] }
	const verified = parseFacts(evidence.verifiedFacts)
	// A verified row without readable facts cannot vouch for anything: check again.
	if (verified === null) return { state: 'changed', changes: [] }
	const changes = verifiedFactChanges(stage, verified, current)
	return { state: changes.length === 0 ? 'verified' : 'changed', changes }
}

/** The counted stages the project has reached (has a date for), in path order: the ones that carry evidence. */
export function reachedVerifiedStages(facts: Pick<CountedProjectFacts, 'dates'>): VerifiedStage[] {
	return VERIFIED_STAGES.filter((stage) => facts.dates[stage] !== null)
}

// ---------- forms ----------

const V = 'evidence.validation'

export const MAX_DOC_NUMBER_LENGTH = 100
export const MAX_REVIEW_NOTE_LENGTH = 500

/** The evidence form: a 文号 and/or a file (the file itself is checked by evidence-file.ts). */
export const evidenceFormSchema = z.object({
	docNumber: userText()
		.optional()
		.transform((raw) => (raw ?? '').trim())
		.pipe(userText().max(MAX_DOC_NUMBER_LENGTH, `${V}.docNumberTooLong`))
		.transform((text) => (text === '' ? null : text)),
})
export type EvidenceFormData = z.infer<typeof evidenceFormSchema>

/**
 * A manager's decision. `seen` is what the page showed (evidence and facts, see
 * reviewFingerprint): a decision on evidence or facts that changed meanwhile is refused.
 */
export const reviewFormSchema = z
	.object({
		decision: z.enum(['verify', 'reject'], { error: `${V}.decision` }),
		note: userText()
			.optional()
			.transform((raw) => (raw ?? '').trim())
			.pipe(userText().max(MAX_REVIEW_NOTE_LENGTH, `${V}.noteTooLong`)),
		seen: userText().min(1, `${V}.stale`),
	})
	.superRefine((form, ctx) => {
		// A refusal must say why, so the colleague knows what to bring.
		if (form.decision === 'reject' && form.note === '') ctx.addIssue({ code: 'custom', path: ['note'], message: `${V}.noteRequired` })
	})
export type ReviewFormData = z.infer<typeof reviewFormSchema>

// ---------- sample data ----------

/** The note on seeded verifications: sample data, never a real check (shown with the sample badge). */
export const SAMPLE_VERIFICATION_NOTE = '示例数据：演示用，视为已核验'
/** The document number of seeded evidence left awaiting a manager. */
export const SAMPLE_DOC_NUMBER = '（示例）示例文号'

/**
 * Evidence rows for a sample project: every reached counted stage verified as
 * it stands, except those in `awaiting`, which carry a sample document number
 * and wait for a manager (so the demo shows the 核验 workflow).
 */
export function sampleEvidence(facts: CountedProjectFacts, awaiting: readonly VerifiedStage[], now: Date) {
	return reachedVerifiedStages(facts).map((stage) => {
		const waiting = awaiting.includes(stage)
		return {
			stage,
			docNumber: waiting ? SAMPLE_DOC_NUMBER : null,
			submittedAt: now,
			status: waiting ? 'pending' : 'verified',
			reviewedAt: waiting ? null : now,
			reviewNote: waiting ? null : SAMPLE_VERIFICATION_NOTE,
			verifiedFacts: waiting ? null : JSON.stringify(facts),
			isSample: true,
		}
	})
}

/** What the evidence action answers the stage's upload and review forms. */
export type EvidenceActionResult = ActionResult<{ intent: 'submit' | 'review' }, { intent: 'submit' | 'review' }>
