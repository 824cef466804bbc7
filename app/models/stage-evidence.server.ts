// Evidence for 签约/开工/投产 and its 核验 by a manager (ADR 0012). Files live
// under the data folder by their SHA-256, written before the row that names
// them, and are checked against that hash whenever they are served.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { dataDirectory, type Db } from '~/db.server'
import { type AccessProblem, type Actor, evidenceReviewProblem, evidenceSubmitProblem } from '~/domain/auth/record-access'
import { type CountedProjectFacts } from '~/domain/project/counted-facts'
import { evidenceFileName, evidenceFileProblem, type EvidenceType, sniffEvidenceType } from '~/domain/project/evidence-file'
import { type EvidenceFormData, type ReviewFormData, sampleEvidence, type VerifiedStage, verificationState } from '~/domain/project/verification'
import { type RegionScope } from '~/domain/region/scope'
import { type Prisma } from '~/generated/prisma/client'
import { UserError } from '~/utils/user-error'
import { recordAudit } from './audit.server'
import { closedReportsReadingDate, COUNTED_FACTS_SELECT, countedFactsOfRow, recordPeriodAdjustment } from './closed-period.server'
import { BUMP_VERSION } from './concurrency.server'
import { regionWhere } from './region.server'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/**
 * Evidence and its 核验 decide whether the project's stages count: a project
 * form opened before them would, once saved, change the facts the manager saw
 * without its author knowing, so they move the project's version on (ADR 0015).
 */
function bumpProject(tx: Tx, projectId: string) {
	return tx.project.update({ where: { id: projectId }, data: BUMP_VERSION, select: { id: true } })
}

function refuse(problem: AccessProblem | null) {
	if (problem) throw new UserError(problem, { status: 403 })
}

const EVIDENCE_SELECT = {
	id: true,
	stage: true,
	docNumber: true,
	fileName: true,
	fileType: true,
	fileBytes: true,
	fileSha256: true,
	submittedAt: true,
	status: true,
	reviewedAt: true,
	reviewNote: true,
	verifiedFacts: true,
	isSample: true,
	submittedBy: { select: { name: true } },
	reviewedBy: { select: { name: true } },
} as const satisfies Prisma.StageEvidenceSelect

/** The project facts evidence is checked against, with who answers for it. */
const PROJECT_FACTS_SELECT = { id: true, title: true, ownerId: true, ...COUNTED_FACTS_SELECT } as const satisfies Prisma.ProjectSelect

/** The project's counted facts; a project outside the actor's regions does not exist (ADR 0026). */
async function projectFacts(tx: Tx, projectId: string, scope: RegionScope) {
	const row = await tx.project.findFirst({ where: { id: projectId, ...regionWhere(scope) }, select: PROJECT_FACTS_SELECT })
	if (!row) throw new UserError('projects.errors.notFound', { status: 404 })
	return { row, facts: countedFactsOfRow(row) }
}

/** What the manager saw when deciding: the evidence as submitted and the project's counted facts. */
export function reviewFingerprint(evidence: { submittedAt: Date; docNumber: string | null; fileSha256: string | null }, facts: CountedProjectFacts) {
	const seen = JSON.stringify([evidence.submittedAt.toISOString(), evidence.docNumber, evidence.fileSha256, facts])
	return crypto.createHash('sha256').update(seen).digest('hex')
}

/** Seeds the evidence of a sample project (see sampleEvidence). */
export async function seedSampleEvidence(tx: Tx, projectId: string, awaiting: readonly VerifiedStage[]) {
	const { facts } = await projectFacts(tx, projectId, { kind: 'all' })
	const rows = sampleEvidence(facts, awaiting, new Date())
	if (rows.length > 0) await tx.stageEvidence.createMany({ data: rows.map((row) => ({ ...row, projectId })) })
}

// ---------- files ----------

const evidenceDirectory = () => path.join(dataDirectory(), 'evidence')
const storedPath = (sha256: string) => path.join(evidenceDirectory(), sha256.slice(0, 2), sha256)

export type UploadedEvidence = { name: string; bytes: Uint8Array }
type StoredFile = { fileName: string; fileType: EvidenceType; fileBytes: number; fileSha256: string }

/**
 * Checks and stores an upload; the same bytes uploaded twice are one file.
 * Written to a temporary name and renamed, so a crash never leaves half a file
 * under its hash.
 */
export async function storeEvidenceFile(upload: UploadedEvidence): Promise<StoredFile> {
	const problem = evidenceFileProblem(upload.bytes)
	if (problem) throw new UserError(`evidence.fileErrors.${problem}`, { status: problem === 'tooLarge' ? 413 : 400, field: 'file' })
	const type = sniffEvidenceType(upload.bytes)!
	const sha256 = crypto.createHash('sha256').update(upload.bytes).digest('hex')
	const target = storedPath(sha256)
	if (!fs.existsSync(target)) {
		await fs.promises.mkdir(path.dirname(target), { recursive: true })
		const temporary = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`
		await fs.promises.writeFile(temporary, upload.bytes, { flag: 'wx' })
		await fs.promises.rename(temporary, target)
	}
	return { fileName: evidenceFileName(upload.name, type), fileType: type, fileBytes: upload.bytes.length, fileSha256: sha256 }
}

/**
 * The evidence file of a stage for download, read back and checked against its
 * SHA-256; null when the stage has none. A file that no longer matches its hash
 * is an error, never served.
 */
export async function readEvidenceFile(db: Db, projectId: string, stage: VerifiedStage, scope: RegionScope) {
	const evidence = await db.stageEvidence.findFirst({
		where: { projectId, stage, project: regionWhere(scope) },
		select: { fileName: true, fileType: true, fileSha256: true },
	})
	if (!evidence?.fileSha256 || !evidence.fileName || !evidence.fileType) return null
	const bytes = await fs.promises.readFile(storedPath(evidence.fileSha256))
	const actual = crypto.createHash('sha256').update(bytes).digest('hex')
	if (actual !== evidence.fileSha256) throw new Error(`evidence file ${evidence.fileSha256} no longer matches its SHA-256 (${actual})`)
	return { name: evidence.fileName, type: evidence.fileType, sha256: evidence.fileSha256, bytes }
}

// ---------- reads ----------

/** Each reached 签约/开工/投产 of a project with its evidence and state, for the project page. */
export async function listStageEvidence(db: Db, projectId: string) {
	const [project, rows] = await Promise.all([
		db.project.findUnique({ where: { id: projectId }, select: PROJECT_FACTS_SELECT }),
		db.stageEvidence.findMany({ where: { projectId }, select: EVIDENCE_SELECT }),
	])
	if (!project) return []
	const facts = countedFactsOfRow(project)
	const byStage = new Map(rows.map((row) => [row.stage, row]))
	return (['signed', 'started', 'producing'] as const)
		.filter((stage) => facts.dates[stage] !== null)
		.map((stage) => {
			const evidence = byStage.get(stage) ?? null
			const { state, changes } = verificationState(stage, evidence, facts)
			const { verifiedFacts: _verifiedFacts, ...shown } = evidence ?? { verifiedFacts: null }
			return {
				stage,
				date: facts.dates[stage]!,
				state,
				changes,
				evidence: evidence ? (shown as Omit<NonNullable<typeof evidence>, 'verifiedFacts'>) : null,
				seen: evidence ? reviewFingerprint(evidence, facts) : null,
			}
		})
}

// ---------- writes (each in one transaction with its audit row) ----------

const auditView = (row: { docNumber: string | null; fileName: string | null; fileSha256: string | null; status: string; reviewNote: string | null } | null) =>
	row && { docNumber: row.docNumber, fileName: row.fileName, fileSha256: row.fileSha256, status: row.status, reviewNote: row.reviewNote }

/**
 * Attaches a 文号 and/or a file to a reached stage. The new evidence waits for
 * a manager again, whatever was decided before; a file left out keeps the one
 * already attached. Refused when nothing would be left to check.
 */
export async function submitEvidence(
	db: Db,
	actor: Actor & { address?: string | null },
	projectId: string,
	stage: VerifiedStage,
	form: EvidenceFormData,
	upload: UploadedEvidence | null,
) {
	// The file goes to disk first: a row never names a file that is not there. A refused write leaves an unnamed file, harmless by its hash.
	const file = upload ? await storeEvidenceFile(upload) : null
	return db.$transaction(async (tx) => {
		const { row, facts } = await projectFacts(tx, projectId, actor.scope)
		refuse(evidenceSubmitProblem(actor, row))
		if (facts.dates[stage] === null) throw new UserError('evidence.errors.stageNotReached', { status: 409 })
		const before = await tx.stageEvidence.findUnique({ where: { projectId_stage: { projectId, stage } }, select: EVIDENCE_SELECT })
		// New evidence puts a verified stage back before a manager, so it stops counting: not where an issued report counted it (ADR 0011).
		const counted = verificationState(stage, before, facts).state === 'verified'
		if (counted && (await closedReportsReadingDate(tx, row.regionId, facts.dates[stage])).length > 0)
			throw new UserError('closedPeriods.evidenceLocked', { status: 409, field: 'docNumber' })
		const kept =
			file ?? (before?.fileSha256 ? { fileName: before.fileName, fileType: before.fileType, fileBytes: before.fileBytes, fileSha256: before.fileSha256 } : null)
		if (form.docNumber === null && kept === null) throw new UserError('evidence.errors.nothingToCheck', { field: 'docNumber' })
		const fields = {
			docNumber: form.docNumber,
			fileName: kept?.fileName ?? null,
			fileType: kept?.fileType ?? null,
			fileBytes: kept?.fileBytes ?? null,
			fileSha256: kept?.fileSha256 ?? null,
			submittedById: actor.id,
			submittedAt: new Date(),
			status: 'pending',
			reviewedById: null,
			reviewedAt: null,
			reviewNote: null,
			verifiedFacts: null,
			isSample: false,
		}
		const after = await tx.stageEvidence.upsert({
			where: { projectId_stage: { projectId, stage } },
			create: { projectId, stage, ...fields },
			update: fields,
			select: EVIDENCE_SELECT,
		})
		await bumpProject(tx, projectId)
		await recordAudit(tx, {
			userId: actor.id,
			entity: 'StageEvidence',
			entityId: after.id,
			action: before ? 'update' : 'create',
			before: before ? { projectId, stage, ...auditView(before) } : undefined,
			after: { projectId, stage, ...auditView(after) },
			ip: actor.address ?? null,
		})
		return { id: after.id }
	})
}

/**
 * A manager verifies or rejects the evidence of a stage. Verifying records the
 * project's counted facts as they stand: a later change to any of them puts the
 * stage back before a manager. `seen` must match what the page showed.
 */
export function reviewEvidence(db: Db, actor: Actor & { address?: string | null }, projectId: string, stage: VerifiedStage, form: ReviewFormData) {
	return db.$transaction(async (tx) => {
		refuse(evidenceReviewProblem(actor))
		const { row, facts } = await projectFacts(tx, projectId, actor.scope)
		if (facts.dates[stage] === null) throw new UserError('evidence.errors.stageNotReached', { status: 409 })
		const before = await tx.stageEvidence.findUnique({ where: { projectId_stage: { projectId, stage } }, select: EVIDENCE_SELECT })
		if (!before || (before.docNumber === null && before.fileSha256 === null)) throw new UserError('evidence.errors.nothingToCheck', { status: 409 })
		if (reviewFingerprint(before, facts) !== form.seen) throw new UserError('evidence.errors.changedMeanwhile', { status: 409 })
		const verify = form.decision === 'verify'
		// Whether the stage counts changes where an issued report read it: a correction, its reason the note (ADR 0011).
		const state = verificationState(stage, before, facts).state
		const closed = (state === 'verified') === verify ? [] : await closedReportsReadingDate(tx, row.regionId, facts.dates[stage])
		if (closed.length > 0 && form.note === '') throw new UserError('closedPeriods.reviewNoteRequired', { field: 'note' })
		const after = await tx.stageEvidence.update({
			where: { id: before.id },
			data: {
				status: verify ? 'verified' : 'rejected',
				reviewedById: actor.id,
				reviewedAt: new Date(),
				reviewNote: form.note === '' ? null : form.note,
				verifiedFacts: verify ? JSON.stringify(facts) : null,
			},
			select: EVIDENCE_SELECT,
		})
		await bumpProject(tx, projectId)
		if (closed.length > 0) {
			const changes = [{ field: `verification.${stage}`, before: state, after: after.status }]
			await recordPeriodAdjustment(tx, { projectId, projectTitle: row.title, changes, reason: form.note, userId: actor.id, reports: closed })
		}
		await recordAudit(tx, {
			userId: actor.id,
			entity: 'StageEvidence',
			entityId: after.id,
			action: verify ? 'verify' : 'reject',
			before: { projectId, stage, ...auditView(before) },
			after: { projectId, stage, ...auditView(after), verifiedFacts: verify ? facts : null },
			ip: actor.address ?? null,
		})
		return { status: after.status }
	})
}
