import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createPrisma, type Db } from '~/db.server'
import { hashPassword } from '~/utils/password-hash.server'
import { demoUser, demoUserNamed } from '../helpers/demo-users'
import { ROUTES_DIR, routeModuleFiles } from '../helpers/route-modules'
import { type ServerProcess, startServer } from '../helpers/server-process'
import { copyTestDatabase, type TestDatabase } from './databases'

/**
 * Every loader and action of every route module, asked over real HTTP against
 * the built server by each kind of caller (ADR 0010). The table below holds the
 * expected answer; a route module without an entry, or an entry for a loader or
 * action the module does not export, fails the test.
 *
 * Answers: 'login' = sent to the login page; 'ok' = let through (2xx, a redirect
 * elsewhere, or the route's own 400/409 for the probe's input); a number = that status.
 */
type Answer = 'login' | 'ok' | 403 | 404 | 405
type Caller = 'anonymous' | 'staffOwn' | 'staffOther' | 'manager' | 'admin'
type Expected = Record<Caller, Answer>
type Ids = Awaited<ReturnType<typeof prepare>>
/** The request a caller makes: `own` is a record of the staff caller's, `other` someone else's. */
type Probe = {
	request: (ids: Ids, record: 'own' | 'other') => { path: string; form?: Record<string, string> }
	expect: Expected
	/** Signs the caller in anew for this request (it ends the session). */
	freshSession?: boolean
	/** Posts the form as multipart/form-data (an upload form) instead of URL-encoded. */
	multipart?: boolean
}

const SIGNED_IN: Expected = { anonymous: 'login', staffOwn: 'ok', staffOther: 'ok', manager: 'ok', admin: 'ok' }
const MANAGERS: Expected = { anonymous: 'login', staffOwn: 403, staffOther: 403, manager: 'ok', admin: 'ok' }
const ADMINS: Expected = { anonymous: 'login', staffOwn: 403, staffOther: 403, manager: 403, admin: 'ok' }
const OWN_ONLY: Expected = { anonymous: 'login', staffOwn: 'ok', staffOther: 403, manager: 'ok', admin: 'ok' }
const GONE: Expected = { anonymous: 404, staffOwn: 404, staffOther: 404, manager: 404, admin: 404 }
const EVERYONE: Expected = { anonymous: 'ok', staffOwn: 'ok', staffOther: 'ok', manager: 'ok', admin: 'ok' }
// An action with an intent no form sends: who gets past the permission check gets the route's 400.
const PROBE = { intent: '__probe__' }
const fixed = (path: string, form?: Record<string, string>) => () => ({ path, form })

/** An action that serves several forms gets a probe per form. */
const ROUTES: Record<string, { loader?: Probe; action?: Probe | Probe[] }> = {
	'$.tsx': { loader: { request: fixed('/no-such-page'), expect: { ...SIGNED_IN, staffOwn: 404, staffOther: 404, manager: 404, admin: 404 } } },
	'_index.tsx': { loader: { request: fixed('/'), expect: SIGNED_IN } },
	'account.tsx': {
		loader: { request: fixed('/account'), expect: SIGNED_IN },
		// Only one's own sessions are found: any other id is unknown.
		action: {
			request: fixed('/account', { intent: 'revoke', sessionId: 'not-a-session' }),
			expect: { ...SIGNED_IN, staffOwn: 404, staffOther: 404, manager: 404, admin: 404 },
		},
	},
	'account_.password.tsx': {
		loader: { request: fixed('/account/password'), expect: SIGNED_IN },
		action: { request: fixed('/account/password', { currentPassword: '', newPassword: '', confirmPassword: '' }), expect: SIGNED_IN },
	},
	'admin.users.tsx': {
		loader: { request: fixed('/admin/users'), expect: ADMINS },
		action: { request: fixed('/admin/users', { username: '' }), expect: ADMINS },
	},
	'admin.users_.$id.tsx': {
		loader: { request: (ids) => ({ path: `/admin/users/${ids.managerId}` }), expect: ADMINS },
		action: { request: (ids) => ({ path: `/admin/users/${ids.managerId}`, form: PROBE }), expect: ADMINS },
	},
	// Units' chat robots (ADR 0038): admins only (a probe intent: the route's 400).
	'admin.channels.tsx': { loader: { request: fixed('/admin/channels'), expect: ADMINS }, action: { request: fixed('/admin/channels', PROBE), expect: ADMINS } },
	'audit.tsx': { loader: { request: fixed('/audit'), expect: MANAGERS } },
	'audit_.export.tsx': { loader: { request: fixed('/audit/export?entity=Company'), expect: MANAGERS } },
	// 日程 (ADR 0039): everyone's own calendar; the iCal feed answers only a valid token, so a probe's unknown one is 404 for everyone.
	'calendar.tsx': { loader: { request: fixed('/calendar?month=2026-12'), expect: SIGNED_IN } },
	'calendar_.feed.$token.tsx': { loader: { request: fixed(`/calendar/feed/${'A'.repeat(43)}.ics`), expect: GONE } },
	'chains.$slug._index.tsx': { loader: { request: fixed('/chains/rare-earth-ganxian'), expect: SIGNED_IN } },
	'chains.$slug.edit/route.tsx': {
		loader: { request: fixed('/chains/rare-earth-ganxian/edit'), expect: MANAGERS },
		action: { request: fixed('/chains/rare-earth-ganxian/edit', PROBE), expect: MANAGERS },
	},
	'chains.$slug.funnel.tsx': { loader: { request: fixed('/chains/rare-earth-ganxian/funnel'), expect: SIGNED_IN } },
	// 情景推演 (ADR 0035): everyone reads the region's scenarios; staff and managers create them (an empty name: the route's 400).
	'chains.$slug.scenarios._index.tsx': {
		loader: { request: fixed('/chains/rare-earth-ganxian/scenarios'), expect: SIGNED_IN },
		action: { request: fixed('/chains/rare-earth-ganxian/scenarios', { name: '', year: '2026' }), expect: SIGNED_IN },
	},
	'chains.$slug.scenarios.$id.tsx': {
		loader: { request: (ids, record) => ({ path: `/chains/rare-earth-ganxian/scenarios/${ids.scenarios[record].id}` }), expect: SIGNED_IN },
		// Only the author or a manager changes a scenario (a change index that does not exist: the route's 400).
		action: {
			request: (ids, record) => ({
				path: `/chains/rare-earth-ganxian/scenarios/${ids.scenarios[record].id}`,
				form: { intent: 'remove', index: '99', version: String(ids.scenarios[record].version) },
			}),
			expect: OWN_ONLY,
		},
	},
	'chains.$slug.scenarios.$id_.xlsx.tsx': {
		loader: { request: (ids) => ({ path: `/chains/rare-earth-ganxian/scenarios/${ids.scenarios.own.id}/xlsx` }), expect: SIGNED_IN },
	},
	'chains.$slug.targets.tsx': {
		loader: { request: fixed('/chains/rare-earth-ganxian/targets'), expect: SIGNED_IN },
		// Leads for someone else: staff may create leads only for themselves.
		action: {
			request: (ids, record) => ({
				path: '/chains/rare-earth-ganxian/targets',
				form: { companyId: ids.proposedCompanyId, ownerId: record === 'own' ? ids.staffId : ids.otherStaffId },
			}),
			expect: OWN_ONLY,
		},
	},
	'chains._index.tsx': { loader: { request: fixed('/chains'), expect: SIGNED_IN } },
	'companies.$id.tsx': { loader: { request: (ids) => ({ path: `/companies/${ids.companyId}` }), expect: SIGNED_IN } },
	'companies.$id_.edit.tsx': {
		loader: { request: (ids) => ({ path: `/companies/${ids.companyId}/edit` }), expect: SIGNED_IN },
		action: { request: (ids) => ({ path: `/companies/${ids.companyId}/edit`, form: { name: '' } }), expect: SIGNED_IN },
	},
	'companies.$id_.delete.tsx': {
		loader: { request: (ids) => ({ path: `/companies/${ids.companyId}/delete` }), expect: MANAGERS },
		// Without a reason: a caller let through gets the route's 400, nothing is deleted.
		action: { request: (ids) => ({ path: `/companies/${ids.companyId}/delete`, form: { reason: '' } }), expect: MANAGERS },
	},
	'companies.$id_.merge.tsx': {
		loader: { request: (ids) => ({ path: `/companies/${ids.companyId}/merge` }), expect: MANAGERS },
		action: { request: (ids) => ({ path: `/companies/${ids.companyId}/merge`, form: PROBE }), expect: MANAGERS },
	},
	'companies.merges.$id.tsx': {
		// No such merge: a caller let through finds none.
		loader: { request: fixed('/companies/merges/no-such-merge'), expect: { ...MANAGERS, manager: 404, admin: 404 } },
		action: { request: fixed('/companies/merges/no-such-merge', {}), expect: { ...MANAGERS, manager: 404, admin: 404 } },
	},
	'companies._index.tsx': { loader: { request: fixed('/companies'), expect: SIGNED_IN } },
	'companies.duplicates.tsx': { loader: { request: fixed('/companies/duplicates?name=%E6%8E%88%E6%9D%83%E6%B5%8B%E8%AF%95'), expect: SIGNED_IN } },
	'companies.new.tsx': {
		loader: { request: fixed('/companies/new'), expect: SIGNED_IN },
		action: { request: fixed('/companies/new', { name: '' }), expect: SIGNED_IN },
	},
	// Where the server sends cross-site writes: a 403 page for everyone (http-server.test.ts).
	'cross-site-refused.tsx': {
		loader: { request: fixed('/cross-site-refused'), expect: { anonymous: 403, staffOwn: 403, staffOther: 403, manager: 403, admin: 403 } },
	},
	'data._index.tsx': { loader: { request: fixed('/data'), expect: SIGNED_IN } },
	'data.export.$file.tsx': { loader: { request: fixed('/data/export/companies.csv?columns=name'), expect: SIGNED_IN } },
	'data.import.$id/route.tsx': {
		// An upload is its uploader's until committed: others do not find it.
		loader: {
			request: (ids, record) => ({ path: `/data/import/${record === 'own' ? ids.staffUploadId : ids.otherUploadId}` }),
			expect: { ...OWN_ONLY, staffOther: 404, manager: 404, admin: 404 },
		},
		action: {
			request: (ids, record) => ({ path: `/data/import/${record === 'own' ? ids.staffUploadId : ids.otherUploadId}`, form: PROBE }),
			expect: { ...OWN_ONLY, staffOther: 404, manager: 404, admin: 404 },
		},
	},
	'data.import._index.tsx': {
		loader: { request: fixed('/data/import'), expect: SIGNED_IN },
		action: {
			request: (ids, record) => ({ path: '/data/import?index', form: { intent: 'undo', batchId: record === 'own' ? ids.staffBatchId : ids.otherBatchId } }),
			expect: OWN_ONLY,
		},
	},
	'data.import.jobs.$jobId.tsx': {
		loader: { request: fixed('/data/import/jobs/no-such-job'), expect: { ...SIGNED_IN, staffOwn: 404, staffOther: 404, manager: 404, admin: 404 } },
	},
	'leads.$id.tsx': {
		loader: { request: (ids, record) => ({ path: `/leads/${record === 'own' ? ids.ownLead.id : ids.otherLead.id}` }), expect: SIGNED_IN },
		action: {
			request: (ids, record) => {
				const lead = record === 'own' ? ids.ownLead : ids.otherLead
				return {
					path: `/leads/${lead.id}`,
					form: {
						intent: 'update',
						ownerId: lead.ownerId,
						unitId: lead.unitId ?? '',
						priority: lead.priority,
						source: lead.source,
						nextActionDate: '',
						notes: '',
					},
				}
			},
			expect: OWN_ONLY,
		},
	},
	'leads._index.tsx': {
		loader: { request: fixed('/leads'), expect: SIGNED_IN },
		action: {
			request: (ids, record) => ({ path: '/leads?index', form: { leadId: record === 'own' ? ids.ownLead.id : ids.otherLead.id, toStage: 'contacted' } }),
			expect: OWN_ONLY,
		},
	},
	// 跟进督办 (ADR 0037): managers see the team, staff their own leads; both within their regions.
	'leads.follow-up.tsx': { loader: { request: fixed('/leads/follow-up'), expect: SIGNED_IN } },
	'leads.bulk.tsx': {
		loader: { request: fixed('/leads/bulk'), expect: { anonymous: 405, staffOwn: 405, staffOther: 405, manager: 405, admin: 405 } },
		// Handing the lead to the owner and unit it has: who may is checked before "nothing to change".
		action: {
			request: (ids, record) => {
				const lead = record === 'own' ? ids.ownLead : ids.otherLead
				return { path: '/leads/bulk', form: { intent: 'reassign', lead: `${lead.id}:0`, ownerId: lead.ownerId, unitId: lead.unitId ?? '' } }
			},
			expect: OWN_ONLY,
		},
	},
	'leads.new.tsx': {
		loader: { request: fixed('/leads/new'), expect: SIGNED_IN },
		action: {
			request: (ids, record) => ({
				path: '/leads/new',
				form: { companyId: ids.targetCompanyId, ownerId: record === 'own' ? ids.staffId : ids.otherStaffId, unitId: '', priority: 'medium', source: 'expo' },
			}),
			expect: OWN_ONLY,
		},
	},
	'login.tsx': {
		loader: { request: fixed('/login'), expect: EVERYONE },
		action: { request: fixed('/login', { username: '', password: '' }), expect: EVERYONE },
	},
	'logout.tsx': {
		loader: { request: fixed('/logout'), expect: EVERYONE },
		action: {
			request: fixed('/logout', {}),
			expect: { anonymous: 'login', staffOwn: 'login', staffOther: 'login', manager: 'login', admin: 'login' },
			freshSession: true,
		},
	},
	// Everyone's own notification centre: another user's notification (any id not one's own) is unknown.
	'notifications.tsx': {
		loader: { request: fixed('/notifications'), expect: SIGNED_IN },
		action: [
			{
				request: fixed('/notifications', { intent: 'read', id: 'not-a-notification' }),
				expect: { ...SIGNED_IN, staffOwn: 404, staffOther: 404, manager: 404, admin: 404 },
			},
			{ request: fixed('/notifications', { intent: 'readAll' }), expect: SIGNED_IN },
		],
	},
	'projects.$id.tsx': {
		loader: { request: (ids, record) => ({ path: `/projects/${record === 'own' ? ids.ownProject.id : ids.otherProject.id}` }), expect: SIGNED_IN },
		action: {
			request: (ids, record) => ({ path: `/projects/${record === 'own' ? ids.ownProject.id : ids.otherProject.id}`, form: ids.projectForm(record) }),
			expect: OWN_ONLY,
		},
	},
	'projects.$id_.evidence.$stage.tsx': {
		// The probe projects have no evidence file: a caller let through finds none.
		loader: {
			request: (ids) => ({ path: `/projects/${ids.ownProject.id}/evidence/signed` }),
			expect: { ...SIGNED_IN, staffOwn: 404, staffOther: 404, manager: 404, admin: 404 },
		},
		action: [
			// Attaching evidence: whoever answers for the project (the probe projects are in 洽谈, so a caller let through gets 409).
			{
				request: (ids, record) => ({
					path: `/projects/${record === 'own' ? ids.ownProject.id : ids.otherProject.id}/evidence/signed`,
					form: { docNumber: '授权测试' },
				}),
				expect: OWN_ONLY,
				multipart: true,
			},
			// Verifying: managers only.
			{
				request: (ids) => ({ path: `/projects/${ids.ownProject.id}/evidence/signed`, form: { intent: 'review', decision: 'verify', note: '', seen: 'probe' } }),
				expect: MANAGERS,
			},
		],
	},
	'projects._index.tsx': { loader: { request: fixed('/projects'), expect: SIGNED_IN } },
	'projects.new.tsx': {
		loader: { request: fixed('/projects/new'), expect: SIGNED_IN },
		action: { request: fixed('/projects/new', { intent: 'create', title: '' }), expect: SIGNED_IN },
	},
	'quotas.$id.tsx': {
		loader: { request: (ids) => ({ path: `/quotas/${ids.quotaId}` }), expect: SIGNED_IN },
		action: { request: (ids) => ({ path: `/quotas/${ids.quotaId}`, form: PROBE }), expect: MANAGERS },
	},
	'quotas._index.tsx': { loader: { request: fixed('/quotas'), expect: SIGNED_IN } },
	'quotas.import.tsx': {
		loader: { request: fixed('/quotas/import'), expect: MANAGERS },
		action: { request: fixed('/quotas/import', PROBE), expect: MANAGERS },
	},
	'reports.$kind.tsx': {
		loader: { request: fixed('/reports/monthly?year=2025&month=12'), expect: SIGNED_IN },
		// Issuing (签发): managers only; the manager issues January, the admin then gets the route's 409.
		action: { request: fixed('/reports/monthly?year=2025&month=1', { intent: 'issue' }), expect: MANAGERS },
	},
	'reports.$kind_.xlsx.tsx': { loader: { request: fixed('/reports/monthly/xlsx?year=2025&month=12'), expect: SIGNED_IN } },
	'reports._index.tsx': { loader: { request: fixed('/reports'), expect: SIGNED_IN } },
	'saved-views.tsx': {
		loader: { request: fixed('/saved-views'), expect: { anonymous: 405, staffOwn: 405, staffOther: 405, manager: 405, admin: 405 } },
		// Only one's own views are found: any other id is unknown.
		action: {
			request: fixed('/saved-views', { intent: 'delete', id: 'not-a-view' }),
			expect: { ...SIGNED_IN, staffOwn: 404, staffOther: 404, manager: 404, admin: 404 },
		},
	},
	// Once an account exists the first-run page is gone, for everyone.
	// Service levels: everyone reads those of their regions; only managers and admins change them.
	'settings.service-levels.tsx': {
		loader: { request: fixed('/settings/service-levels'), expect: SIGNED_IN },
		action: { request: fixed('/settings/service-levels', PROBE), expect: MANAGERS },
	},
	'setup.tsx': { loader: { request: fixed('/setup'), expect: GONE }, action: { request: fixed('/setup', { token: 'guess' }), expect: GONE } },
	'search.tsx': { loader: { request: fixed('/search?q=%E7%A8%80%E5%9C%9F'), expect: SIGNED_IN } },
	'set-language.tsx': {
		loader: { request: fixed('/set-language'), expect: EVERYONE },
		action: { request: fixed('/set-language', { lang: 'zh-CN', redirectTo: '/' }), expect: EVERYONE },
	},
}

/** Which of loader/action each route module exports, read from its source. */
function routeModules() {
	return routeModuleFiles().map((file) => {
		const source = fs.readFileSync(path.join(ROUTES_DIR, file), 'utf8')
		const exports = (name: string) => new RegExp(`^export (async )?function ${name}\\b|^export const ${name}\\b`, 'm').test(source)
		return { file, loader: exports('loader'), action: exports('action') }
	})
}

// A server of its own on a copy of the seeded data: the probes write (leads moved, batches undone).
let database: TestDatabase
let server: ServerProcess
let baseUrl: string
let db: Db

const signIn = (role: 'staff' | 'manager' | 'admin') => signInAs(demoUser(role).username)

async function signInAs(username: string, password = demoUserNamed(username).password) {
	const response = await fetch(`${baseUrl}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
		body: new URLSearchParams({ username, password, redirectTo: '/' }),
	})
	const cookie = response.headers.get('Set-Cookie')?.split(';')[0]
	if (!cookie) throw new Error(`${username} could not sign in (${response.status})`)
	return cookie
}

async function upload(cookie: string, name: string) {
	const form = new FormData()
	form.set('kind', 'companies')
	form.set('file', new File([`企业名称\n${name}\n`], `${name}.csv`))
	const response = await fetch(`${baseUrl}/data/import?index`, { method: 'POST', body: form, redirect: 'manual', headers: { Cookie: cookie, Origin: baseUrl } })
	const location = response.headers.get('Location')
	if (response.status !== 302 || !location) throw new Error(`upload refused: ${response.status}`)
	return location.split('/').pop()!
}

/** Records to ask about: the staff caller's own and someone else's (another unit's). */
async function prepare(cookies: Record<'staff' | 'manager' | 'admin', string>) {
	const user = (username: string) => db.user.findUniqueOrThrow({ where: { username }, select: { id: true, unitId: true } })
	const staff = await user(demoUser('staff').username)
	const manager = await user(demoUser('manager').username)
	const other = await db.user.findFirstOrThrow({ where: { role: 'staff', unitId: { not: staff.unitId } }, select: { id: true, unitId: true } })
	const company = async (name: string) => db.company.create({ data: { name, isLocal: false, isSample: true }, select: { id: true } })
	// The records belong to the demo county, as the app's own would (ADR 0026).
	const regionId = (await db.region.findUniqueOrThrow({ where: { code: 'jx-gz-gx' }, select: { id: true } })).id
	const lead = async (owner: { id: string; unitId: string | null }, name: string) =>
		db.lead.create({
			data: { companyId: (await company(name)).id, ownerId: owner.id, unitId: owner.unitId, regionId, source: 'expo', priority: 'medium' },
			select: { id: true, ownerId: true, unitId: true, priority: true, source: true },
		})
	const project = async (owner: { id: string; unitId: string | null }, title: string) =>
		db.project.create({
			data: {
				title,
				companyId: (await company(`${title}企业`)).id,
				type: 'new',
				investmentCNY: 10_000_000n,
				stage: 'negotiating',
				negotiatingDate: new Date('2026-10-01'),
				ownerId: owner.id,
				responsibleUnitId: owner.unitId,
				regionId,
			},
			select: { id: true, title: true, companyId: true, responsibleUnitId: true },
		})
	const ownProject = await project(staff, '授权测试·本人项目')
	const otherProject = await project(other, '授权测试·他人项目')
	const batch = (userId: string) =>
		db.importBatch.create({ data: { kind: 'companies', fileName: 'probe.csv', userId, rowCount: 0, created: 0, updated: 0, skipped: 0 }, select: { id: true } })
	const otherUsername = (await db.user.findUniqueOrThrow({ where: { id: other.id }, select: { username: true } })).username
	const otherCookie = await signInAs(otherUsername)
	// A company the gap finder proposes, as the targets page lists it.
	const chainId = (await db.chain.findUniqueOrThrow({ where: { slug: 'rare-earth-ganxian' }, select: { id: true } })).id
	const scenario = (authorId: string, name: string) =>
		db.scenario.create({ data: { chainId, name, year: 2026, authorId, regionId }, select: { id: true, version: true } })
	const scenarios = { own: await scenario(staff.id, '授权测试·本人情景'), other: await scenario(other.id, '授权测试·他人情景') }
	const prospectsPage = await (await fetch(`${baseUrl}/chains/rare-earth-ganxian/targets`, { headers: { Cookie: cookies.staff } })).text()
	const proposedCompanyId = /<input type="checkbox" name="companyId"[^>]* value="([^"]+)"/.exec(prospectsPage)?.[1]
	if (!proposedCompanyId) throw new Error('the targets page proposes no company')
	return {
		staffId: staff.id,
		managerId: manager.id,
		otherStaffId: other.id,
		ownLead: await lead(staff, '授权测试·本人线索企业'),
		otherLead: await lead(other, '授权测试·他人线索企业'),
		ownProject,
		otherProject,
		projectForm: (record: 'own' | 'other') => {
			const p = record === 'own' ? ownProject : otherProject
			return {
				intent: 'update',
				title: p.title,
				companyId: p.companyId,
				type: 'new',
				investmentWan: '1000',
				incrementWan: '',
				stage: 'negotiating',
				negotiatingDate: '2026-10-01',
				signedDate: '',
				startedDate: '',
				producingDate: '',
				terminatedDate: '',
				responsibleUnitId: p.responsibleUnitId ?? '',
				notes: '',
				source: '',
			}
		},
		proposedCompanyId,
		scenarios,
		targetCompanyId: (await company('授权测试·目标企业')).id,
		companyId: (await company('授权测试·企业')).id,
		quotaId: (await db.quota.findFirstOrThrow({ select: { id: true } })).id,
		staffUploadId: await upload(cookies.staff, '授权测试上传甲'),
		otherUploadId: await upload(otherCookie, '授权测试上传乙'),
		staffBatchId: (await batch(staff.id)).id,
		otherBatchId: (await batch(other.id)).id,
	}
}

/** What a caller got: an Answer of the table, or another status (which no entry expects, so the test fails). */
function answerOf(response: Response): 'login' | 'ok' | number {
	const location = response.headers.get('Location') ?? ''
	if (response.status >= 300 && response.status < 400) return new URL(location, baseUrl).pathname === '/login' ? 'login' : 'ok'
	if ([400, 409, 413].includes(response.status) || (response.status >= 200 && response.status < 300)) return 'ok'
	return response.status
}

let cookies: Record<'staff' | 'manager' | 'admin', string>
let ids: Ids
/** A manager of the neighbouring county (under the same 赣州市): every right, none of 赣县区's records (ADR 0026). */
let outsider: string
const OUTSIDER_PASSWORD = 'neighbour-county-2026'

async function neighbourManager() {
	const city = await db.region.findUniqueOrThrow({ where: { code: 'jx-gz' }, select: { id: true } })
	const region = await db.region.create({
		data: { code: 'jx-gz-probe', name: '授权测试邻县', nameEn: 'Probe County', kind: 'county', parentId: city.id },
		select: { id: true },
	})
	await db.user.create({
		data: {
			username: 'neighbour.manager',
			name: '邻县领导',
			role: 'manager',
			regionId: region.id,
			password: { create: { hash: await hashPassword(OUTSIDER_PASSWORD) } },
		},
		select: { id: true },
	})
	return signInAs('neighbour.manager', OUTSIDER_PASSWORD)
}

beforeAll(async () => {
	database = await copyTestDatabase()
	server = await startServer(database.env)
	baseUrl = server.baseUrl
	db = createPrisma(database.url)
	cookies = { staff: await signIn('staff'), manager: await signIn('manager'), admin: await signIn('admin') }
	ids = await prepare(cookies)
	outsider = await neighbourManager()
})

afterAll(async () => {
	await db?.$disconnect()
	await server?.stop()
	await database?.remove()
})

test('every route module has an entry, and every entry matches what the module exports', () => {
	const modules = routeModules()
	const missing = modules.filter((m) => !(m.file in ROUTES)).map((m) => m.file)
	expect(missing, 'route modules without an authorization entry').toEqual([])
	const stale = Object.keys(ROUTES).filter((file) => !modules.some((m) => m.file === file))
	expect(stale, 'entries for route modules that no longer exist').toEqual([])
	for (const m of modules) {
		expect({ file: m.file, loader: !!ROUTES[m.file]?.loader, action: !!ROUTES[m.file]?.action }).toEqual(m)
	}
})

function multipartBody(fields: Record<string, string>) {
	const body = new FormData()
	for (const [name, value] of Object.entries(fields)) body.set(name, value)
	return body
}

const CALLERS: Caller[] = ['anonymous', 'staffOwn', 'staffOther', 'manager', 'admin']
const cookieOf = (caller: Caller) => (caller === 'anonymous' ? undefined : cookies[caller === 'staffOwn' || caller === 'staffOther' ? 'staff' : caller])

describe.each(Object.entries(ROUTES))('%s', (file, entry) => {
	const probes = [...(entry.loader ? [['loader', entry.loader] as const] : []), ...[entry.action ?? []].flat().map((probe) => ['action', probe] as const)]
	for (const [index, [kind, probe]] of probes.entries()) {
		test.each(CALLERS)(`${kind} ${index} answers %s as expected`, async (caller) => {
			const { path: target, form } = probe.request(ids, caller === 'staffOther' ? 'other' : 'own')
			const cookie =
				probe.freshSession && caller !== 'anonymous' ? await signIn(caller === 'manager' || caller === 'admin' ? caller : 'staff') : cookieOf(caller)
			const headers: Record<string, string> = { ...(cookie ? { Cookie: cookie } : {}) }
			const response =
				kind === 'loader'
					? await fetch(`${baseUrl}${target}`, { redirect: 'manual', headers })
					: await fetch(`${baseUrl}${target}`, {
							method: 'POST',
							redirect: 'manual',
							headers: { ...headers, ...(probe.multipart ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' }), Origin: baseUrl },
							body: probe.multipart ? multipartBody(form ?? {}) : new URLSearchParams(form ?? {}),
						})
			await response.arrayBuffer()
			expect(response.status, `${kind} ${target} as ${caller}`).toBeLessThan(500)
			expect(answerOf(response), `${kind} ${target} as ${caller}`).toBe(probe.expect[caller])
		})
	}
})

/**
 * Another county's records (ADR 0026): a manager of the neighbouring county has every right a
 * manager has, but 赣县区's leads and projects do not exist for them: each record route answers 404,
 * and no list, export or page shows them.
 */
const OUT_OF_SCOPE: { name: string; request: (ids: Ids) => { path: string; form?: Record<string, string>; multipart?: boolean } }[] = [
	{ name: 'lead page', request: (ids) => ({ path: `/leads/${ids.ownLead.id}` }) },
	{
		name: 'lead edit',
		request: (ids) => ({
			path: `/leads/${ids.ownLead.id}`,
			form: { intent: 'update', ownerId: ids.ownLead.ownerId, unitId: '', priority: 'low', source: 'expo', nextActionDate: '', notes: '' },
		}),
	},
	{ name: 'lead activity', request: (ids) => ({ path: `/leads/${ids.ownLead.id}`, form: { intent: 'logActivity', kind: 'call' } }) },
	{ name: 'lead conversion', request: (ids) => ({ path: `/leads/${ids.ownLead.id}`, form: { intent: 'convert' } }) },
	{ name: 'board move', request: (ids) => ({ path: '/leads?index', form: { leadId: ids.ownLead.id, toStage: 'contacted' } }) },
	{ name: 'bulk action', request: (ids) => ({ path: '/leads/bulk', form: { intent: 'move', toStage: 'dropped', lead: `${ids.ownLead.id}:1` } }) },
	{ name: 'project page', request: (ids) => ({ path: `/projects/${ids.ownProject.id}` }) },
	{ name: 'project edit', request: (ids) => ({ path: `/projects/${ids.ownProject.id}`, form: ids.projectForm('own') }) },
	{
		name: 'project stage move',
		request: (ids) => ({ path: `/projects/${ids.ownProject.id}`, form: { intent: 'advance', toStage: 'signed', date: '2026-11-01' } }),
	},
	{ name: 'evidence file', request: (ids) => ({ path: `/projects/${ids.ownProject.id}/evidence/signed` }) },
	{ name: 'evidence upload', request: (ids) => ({ path: `/projects/${ids.ownProject.id}/evidence/signed`, form: { docNumber: '邻县' }, multipart: true }) },
	{
		name: 'evidence review',
		request: (ids) => ({ path: `/projects/${ids.ownProject.id}/evidence/signed`, form: { intent: 'review', decision: 'verify', note: '', seen: 'probe' } }),
	},
	{ name: 'scenario page', request: (ids) => ({ path: `/chains/rare-earth-ganxian/scenarios/${ids.scenarios.own.id}` }) },
	{ name: 'scenario export', request: (ids) => ({ path: `/chains/rare-earth-ganxian/scenarios/${ids.scenarios.own.id}/xlsx` }) },
	{
		name: 'scenario delete',
		request: (ids) => ({
			path: `/chains/rare-earth-ganxian/scenarios/${ids.scenarios.own.id}`,
			form: { intent: 'delete', version: String(ids.scenarios.own.version) },
		}),
	},
]

describe('another county’s records', () => {
	test.each(OUT_OF_SCOPE.map((probe) => [probe.name, probe] as const))('%s answers 404', async (_name, probe) => {
		const { path: target, form, multipart } = probe.request(ids)
		const headers = { Cookie: outsider }
		const response = form
			? await fetch(`${baseUrl}${target}`, {
					method: 'POST',
					redirect: 'manual',
					headers: { ...headers, ...(multipart ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' }), Origin: baseUrl },
					body: multipart ? multipartBody(form) : new URLSearchParams(form),
				})
			: await fetch(`${baseUrl}${target}`, { redirect: 'manual', headers })
		await response.arrayBuffer()
		expect(response.status, `${target} as the neighbouring county's manager`).toBe(404)
	})

	test('no list, board, export, home figure or company page shows them', async () => {
		const lead = await db.lead.findUniqueOrThrow({ where: { id: ids.ownLead.id }, select: { company: { select: { id: true, name: true } } } })
		const read = async (target: string) => {
			const response = await fetch(`${baseUrl}${target}`, { headers: { Cookie: outsider } })
			expect(response.status, target).toBe(200)
			return response.text()
		}
		for (const target of ['/leads?view=table', '/leads?view=board', '/data/export/leads.csv', '/']) {
			expect(await read(target), target).not.toContain(lead.company.name)
		}
		for (const target of ['/projects', '/data/export/projects.csv', '/']) expect(await read(target), target).not.toContain(ids.ownProject.title)
		// The register is shared: the company page opens, without 赣县区's lead on it.
		const companyPage = await read(`/companies/${lead.company.id}`)
		expect(companyPage).toContain(lead.company.name)
		expect(companyPage).not.toContain(`/leads/${ids.ownLead.id}`)
		// The same pages as 赣县区's staff member: the records are there.
		const own = await (await fetch(`${baseUrl}/leads?view=table`, { headers: { Cookie: cookies.staff } })).text()
		expect(own).toContain(lead.company.name)
	})
})
