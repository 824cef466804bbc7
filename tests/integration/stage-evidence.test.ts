import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { dataDirectory, prisma } from '~/db.server'
import { MAX_EVIDENCE_BYTES } from '~/domain/project/evidence-file'
import { loadQuotaProgress } from '~/models/quota-progress.server'
import { action as projectAction, loader as projectLoader } from '~/routes/projects.$id'
import { action as evidenceAction, loader as evidenceLoader } from '~/routes/projects.$id_.evidence.$stage'
import { demoCountyId, WHOLE_INSTALLATION } from '../helpers/actors'
import { demoUser } from '../helpers/demo-users'
import { formRequest, getRequest, jsonAnswer, loginAs, thrown, unwrap } from '../helpers/requests'

/** The demo county: records made here belong to it, as the app's own would (ADR 0026). */
const county = await demoCountyId()

// 核验 (ADR 0012): evidence on 签约/开工/投产, a manager's decision, and quotas
// that count a stage only once verified — through the real loaders and actions.

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const yearEnd2025 = { year: 2025, asOf: '2025-12-31' }

/** A 2025 rare-earth project in 洽谈 owned by the demo staff member, as (六)16 would count it once signed. */
async function staffProject(title: string) {
	const staff = await prisma.user.findUniqueOrThrow({ where: { username: demoUser('staff').username }, select: { id: true, unitId: true } })
	const link = await prisma.chainLink.findFirstOrThrow({ where: { chain: { slug: 'rare-earth-ganxian' }, key: 'ndfeb_magnet' }, select: { id: true } })
	const company = await prisma.company.create({ data: { name: `${title}企业`, isLocal: false, isSample: true }, select: { id: true } })
	return prisma.project.create({
		data: {
			regionId: county,
			title,
			companyId: company.id,
			type: 'new',
			investmentCNY: 200_000_000n,
			stage: 'negotiating',
			negotiatingDate: new Date('2025-02-01T00:00:00Z'),
			ownerId: staff.id,
			responsibleUnitId: staff.unitId,
			links: { create: { linkId: link.id } },
		},
		select: { id: true },
	})
}

async function clause16() {
	const quota = await prisma.quota.findFirstOrThrow({ where: { section: '（六）16' }, select: { id: true } })
	const [progress] = await loadQuotaProgress(prisma, { scope: WHOLE_INSTALLATION, ...yearEnd2025, quotaIds: [quota.id] })
	return progress!
}

function evidenceRequest(projectId: string, cookie: string, fields: { docNumber?: string; file?: File }) {
	const form = new FormData()
	if (fields.docNumber !== undefined) form.set('docNumber', fields.docNumber)
	if (fields.file) form.set('file', fields.file)
	return new Request(`http://localhost:3000/projects/${projectId}/evidence/signed`, { method: 'POST', body: form, headers: { Cookie: cookie } })
}

type EvidenceAnswer = { ok: boolean; errors?: Record<string, string>; formError?: { key: string } | null }

const submit = async (projectId: string, cookie: string, fields: { docNumber?: string; file?: File }) =>
	jsonAnswer<EvidenceAnswer>(await evidenceAction(args(evidenceRequest(projectId, cookie, fields), { id: projectId, stage: 'signed' })))

const review = async (projectId: string, cookie: string, fields: Record<string, string>) =>
	jsonAnswer<EvidenceAnswer>(
		await evidenceAction(
			args(formRequest(`/projects/${projectId}/evidence/signed`, { intent: 'review', ...fields }, { Cookie: cookie }), { id: projectId, stage: 'signed' }),
		),
	)

async function signedCard(projectId: string, cookie: string) {
	const page = await projectLoader(args(getRequest(`/projects/${projectId}`, cookie), { id: projectId }))
	return { page, card: page.evidence.find((e) => e.stage === 'signed') }
}

test('a 签约 counts only once a manager verified its uploaded evidence; staff attach it but cannot verify', async () => {
	const staff = await loginAs('staff')
	const manager = await loginAs('manager')
	const project = await staffProject('核验测试·磁材项目')
	const before = await clause16()

	// The manager records the signing: it qualifies, but waits for evidence.
	const advanced = unwrap(
		await projectAction(
			args(formRequest(`/projects/${project.id}`, { intent: 'advance', toStage: 'signed', date: '2025-05-20' }, { Cookie: manager }), { id: project.id }),
		),
	)
	expect(advanced).toMatchObject({ status: 200, body: { ok: true, stage: 'signed' } })
	const signed = await clause16()
	expect(signed.actual).toBe(before.actual)
	expect(signed.awaitingActual).toBe(before.awaitingActual + 1)
	expect(signed.awaiting.find((i) => i.id === project.id)?.verification).toBe('missing')
	expect((await signedCard(project.id, staff)).card).toMatchObject({ state: 'missing', evidence: null })

	// The staff member who answers for the project attaches the contract.
	expect(
		await submit(project.id, staff, { docNumber: '赣县商务〔2025〕18号', file: new File([PDF], '签约合同.pdf', { type: 'application/pdf' }) }),
	).toMatchObject({
		status: 200,
		body: { ok: true },
	})
	const { page: staffPage, card: pending } = await signedCard(project.id, staff)
	expect(staffPage.canReviewEvidence).toBe(false)
	expect(pending).toMatchObject({ state: 'pending', evidence: { docNumber: '赣县商务〔2025〕18号', fileName: '签约合同.pdf', fileBytes: PDF.length } })
	const sha256 = crypto.createHash('sha256').update(PDF).digest('hex')
	expect(pending!.evidence!.fileSha256).toBe(sha256)
	expect(fs.readFileSync(path.join(dataDirectory(), 'evidence', sha256.slice(0, 2), sha256))).toEqual(Buffer.from(PDF))
	expect((await clause16()).actual).toBe(before.actual)

	// Staff cannot verify, even their own project.
	expect(await review(project.id, staff, { decision: 'verify', note: '', seen: pending!.seen! })).toMatchObject({
		status: 403,
		body: { formError: { key: 'access.verifyIsManagers' } },
	})
	// A manager's decision on what they did not see (stale page) is refused.
	expect(await review(project.id, manager, { decision: 'verify', note: '', seen: 'an-old-page' })).toMatchObject({
		status: 409,
		body: { formError: { key: 'evidence.errors.changedMeanwhile' } },
	})
	expect((await clause16()).actual).toBe(before.actual)

	const { page: managerPage, card } = await signedCard(project.id, manager)
	expect(managerPage.canReviewEvidence).toBe(true)
	expect(await review(project.id, manager, { decision: 'verify', note: '合同原件已核', seen: card!.seen! })).toMatchObject({ status: 200, body: { ok: true } })
	const verified = await clause16()
	expect(verified.actual).toBe(before.actual + 1)
	expect(verified.awaitingActual).toBe(before.awaitingActual)
	expect(verified.items.some((i) => i.id === project.id)).toBe(true)

	const audits = await prisma.auditLog.findMany({
		where: { entity: 'StageEvidence' },
		orderBy: { at: 'asc' },
		select: { action: true, userId: true, after: true },
	})
	expect(audits.map((a) => a.action)).toEqual(['create', 'verify'])
	expect(JSON.parse(audits[1]!.after!)).toMatchObject({
		status: 'verified',
		reviewNote: '合同原件已核',
		fileSha256: sha256,
		verifiedFacts: { investmentCNY: '200000000' },
	})

	// A counted fact changed after verification puts the stage back before a manager.
	const form = {
		intent: 'update',
		title: '核验测试·磁材项目',
		companyId: '',
		type: 'new',
		investmentWan: '60000',
		incrementWan: '',
		stage: 'signed',
		negotiatingDate: '2025-02-01',
		signedDate: '2025-05-20',
		startedDate: '',
		producingDate: '',
		terminatedDate: '',
		notes: '',
		source: '',
	}
	const stored = await prisma.project.findUniqueOrThrow({
		where: { id: project.id },
		select: { companyId: true, responsibleUnitId: true, version: true, links: { select: { linkId: true } } },
	})
	const fields = new URLSearchParams({
		...form,
		companyId: stored.companyId,
		responsibleUnitId: stored.responsibleUnitId ?? '',
		version: String(stored.version),
	})
	for (const link of stored.links) fields.append('linkIds', link.linkId)
	const edited = unwrap(
		await projectAction(
			args(
				new Request(`http://localhost:3000/projects/${project.id}`, {
					method: 'POST',
					body: fields,
					headers: { Cookie: manager, 'Content-Type': 'application/x-www-form-urlencoded' },
				}),
				{
					id: project.id,
				},
			),
		),
	)
	expect(edited).toMatchObject({ status: 200, body: { ok: true, changed: true } })
	const { card: changed } = await signedCard(project.id, manager)
	expect(changed).toMatchObject({ state: 'changed', changes: [{ field: 'investmentCNY', before: '200000000', after: '600000000' }] })
	const after = await clause16()
	expect(after.actual).toBe(before.actual)
	expect(after.awaiting.find((i) => i.id === project.id)?.verification).toBe('changed')
})

test('the evidence file goes to signed-in users only, byte for byte, as a sandboxed attachment', async () => {
	const staff = await loginAs('staff')
	const manager = await loginAs('manager')
	const project = await staffProject('核验测试·下载')
	await projectAction(
		args(formRequest(`/projects/${project.id}`, { intent: 'advance', toStage: 'signed', date: '2025-06-01' }, { Cookie: manager }), { id: project.id }),
	)
	const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])
	expect(await submit(project.id, staff, { file: new File([png], '../开工照片.PNG') })).toMatchObject({ status: 200 })

	const response = await evidenceLoader(args(getRequest(`/projects/${project.id}/evidence/signed`, staff), { id: project.id, stage: 'signed' }))
	expect(new Uint8Array(await response.arrayBuffer())).toEqual(png)
	expect(response.headers.get('Content-Type')).toBe('image/png')
	expect(response.headers.get('Content-Disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('开工照片.png')}`)
	expect(response.headers.get('Content-Disposition')).toMatch(/^attachment;/)
	expect(response.headers.get('Content-Security-Policy')).toContain('sandbox')

	const anonymous = await thrown(() => evidenceLoader(args(getRequest(`/projects/${project.id}/evidence/signed`), { id: project.id, stage: 'signed' })))
	expect((anonymous as Response).headers.get('Location')).toMatch(/^\/login/)
	const unknownStage = await thrown(() =>
		evidenceLoader(args(getRequest(`/projects/${project.id}/evidence/negotiating`, staff), { id: project.id, stage: 'negotiating' })),
	)
	expect((unknownStage as Response).status).toBe(404)

	// A file changed on disk behind the app's back is never served.
	const sha256 = crypto.createHash('sha256').update(png).digest('hex')
	fs.writeFileSync(path.join(dataDirectory(), 'evidence', sha256.slice(0, 2), sha256), 'tampered')
	await expect(evidenceLoader(args(getRequest(`/projects/${project.id}/evidence/signed`, staff), { id: project.id, stage: 'signed' }))).rejects.toThrow(
		/no longer matches/,
	)
})

test('hostile or empty uploads are refused with a message and write nothing', async () => {
	const staff = await loginAs('staff')
	const manager = await loginAs('manager')
	const project = await staffProject('核验测试·恶意文件')
	await projectAction(
		args(formRequest(`/projects/${project.id}`, { intent: 'advance', toStage: 'signed', date: '2025-07-01' }, { Cookie: manager }), { id: project.id }),
	)
	const audits = await prisma.auditLog.count()

	const html = new File(['<html><script>fetch("/admin/users")</script></html>'], '合同.pdf', { type: 'application/pdf' })
	expect(await submit(project.id, staff, { file: html })).toMatchObject({ status: 400, body: { ok: false, errors: { file: 'evidence.fileErrors.wrongType' } } })
	expect(await submit(project.id, staff, { docNumber: '   ' })).toMatchObject({
		status: 400,
		body: { errors: { docNumber: 'evidence.errors.nothingToCheck' } },
	})
	const huge = new Uint8Array(MAX_EVIDENCE_BYTES + 1)
	huge.set(PDF)
	expect(await submit(project.id, staff, { file: new File([huge], 'big.pdf') })).toMatchObject({
		status: 413,
		body: { errors: { file: 'evidence.fileErrors.tooLarge' } },
	})
	expect(await submit(project.id, staff, { docNumber: 'x'.repeat(101) })).toMatchObject({
		status: 400,
		body: { errors: { docNumber: 'evidence.validation.docNumberTooLong' } },
	})

	expect(await prisma.stageEvidence.count({ where: { projectId: project.id } })).toBe(0)
	expect(await prisma.auditLog.count()).toBe(audits)
})

test('only those who answer for a project attach evidence; a rejection needs a reason and keeps the stage out of the count', async () => {
	const manager = await loginAs('manager')
	const staff = await loginAs('staff')
	const me = await prisma.user.findUniqueOrThrow({ where: { username: demoUser('staff').username }, select: { unitId: true } })
	const other = await prisma.user.findFirstOrThrow({ where: { role: 'staff', unitId: { not: me.unitId } }, select: { id: true, unitId: true } })
	const project = await staffProject('核验测试·他人项目')
	await prisma.project.update({ where: { id: project.id }, data: { ownerId: other.id, responsibleUnitId: other.unitId } })
	await projectAction(
		args(formRequest(`/projects/${project.id}`, { intent: 'advance', toStage: 'signed', date: '2025-08-01' }, { Cookie: manager }), { id: project.id }),
	)

	expect(await submit(project.id, staff, { docNumber: '赣县〔2025〕1号' })).toMatchObject({ status: 403, body: { formError: { key: 'access.notYours' } } })
	expect((await signedCard(project.id, staff)).page.canSubmitEvidence).toBe(false)
	expect(await submit(project.id, manager, { docNumber: '赣县〔2025〕1号' })).toMatchObject({ status: 200 })

	const { card } = await signedCard(project.id, manager)
	expect(await review(project.id, manager, { decision: 'reject', note: ' ', seen: card!.seen! })).toMatchObject({
		status: 400,
		body: { errors: { note: 'evidence.validation.noteRequired' } },
	})
	expect(await review(project.id, manager, { decision: 'reject', note: '文号查无此件', seen: card!.seen! })).toMatchObject({ status: 200 })
	const progress = await clause16()
	expect(progress.excluded.find((i) => i.id === project.id)?.reason).toBe('evidence_rejected')
	expect(progress.awaiting.some((i) => i.id === project.id)).toBe(false)

	// New evidence puts it before a manager again.
	expect(await submit(project.id, manager, { docNumber: '赣县〔2025〕2号' })).toMatchObject({ status: 200 })
	expect((await signedCard(project.id, manager)).card).toMatchObject({ state: 'pending', evidence: { docNumber: '赣县〔2025〕2号', reviewNote: null } })
})

test('a stage not reached has nothing to attach evidence to', async () => {
	const staff = await loginAs('staff')
	const project = await staffProject('核验测试·洽谈中')
	expect(await submit(project.id, staff, { docNumber: '赣县〔2025〕3号' })).toMatchObject({
		status: 409,
		body: { formError: { key: 'evidence.errors.stageNotReached' } },
	})
})
