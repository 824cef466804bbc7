// Issuing (签发) a report (ADR 0011): the figures are built once, laid out in
// both languages, written as XLSX once, and kept: the page shows the kept
// tables and every download serves the kept bytes.
import crypto from 'node:crypto'
import { type Db } from '~/db.server'
import { type Actor, isManager } from '~/domain/auth/record-access'
import { type RegionScope } from '~/domain/region/scope'
import { periodEnded } from '~/domain/report/closed-periods'
import { layoutReport, type ReportDocument } from '~/domain/report/layout'
import { periodKey, reportKindSchema, type ReportPeriod } from '~/domain/report/period'
import { Prisma } from '~/generated/prisma/client'
import { i18nFor, type Locale, LOCALES } from '~/i18n/i18n'
import { formatDateTime } from '~/utils/format'
import { reportWorkbook } from '~/utils/report-xlsx.server'
import { todayInChina } from '~/utils/today'
import { UserError } from '~/utils/user-error'
import { recordAudit } from './audit.server'
import { loadReport, type ReportAudience } from './report.server'

/** The tables as issued, in each language. */
export type IssuedSnapshot = Record<Locale, ReportDocument>

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex')

async function alreadyIssued(db: Db, key: string, regionKey: string) {
	const issued = await db.issuedReport.findUnique({
		where: { periodKey_regionKey: { periodKey: key, regionKey } },
		select: { issuedAt: true, issuedBy: { select: { name: true } } },
	})
	return issued
		? new UserError('reports.issue.alreadyIssued', { status: 409, params: { date: formatDateTime(issued.issuedAt), name: issued.issuedBy.name } })
		: null
}

/**
 * Issues the report of an ended period for an audience (a region, ADR 0029): a
 * manager's act, once per period and region. Refused (a UserError, its message under reports.issue) for staff,
 * for an audience that has no issued reports, for a period not yet ended on
 * `today` and for a period already issued.
 */
export async function issueReport(
	db: Db,
	actor: Actor,
	period: ReportPeriod,
	audience: ReportAudience,
	{ today = todayInChina(), now = new Date(), ip = null as string | null } = {},
) {
	if (!isManager(actor)) throw new UserError('reports.issue.managersOnly', { status: 403 })
	if (audience.key === null) throw new UserError('reports.issue.noRegion', { status: 403 })
	if (!periodEnded(period, today)) throw new UserError('reports.issue.notEnded', { params: { end: period.end } })
	const key = periodKey(period)
	const regionKey = audience.key
	const taken = await alreadyIssued(db, key, regionKey)
	if (taken) throw taken

	const report = await loadReport(db, period, audience, now)
	const snapshot = Object.fromEntries(LOCALES.map((locale) => [locale, layoutReport(report, i18nFor(locale).t, locale)])) as IssuedSnapshot
	const [zh, en] = await Promise.all([reportWorkbook(snapshot['zh-CN']), reportWorkbook(snapshot.en)])
	const files = { xlsxZh: zh, xlsxZhSha256: sha256(zh), xlsxEn: en, xlsxEnSha256: sha256(en) }
	try {
		return await db.$transaction(async (tx) => {
			const { id } = await tx.issuedReport.create({
				data: {
					kind: period.kind,
					year: period.year,
					month: period.month,
					quarter: period.quarter,
					periodKey: key,
					regionId: audience.region?.id ?? null,
					regionKey,
					periodStart: period.start,
					periodEnd: period.end,
					issuedAt: now,
					issuedById: actor.id,
					snapshot: JSON.stringify(snapshot),
					...files,
				},
				select: { id: true },
			})
			await recordAudit(tx, {
				userId: actor.id,
				entity: 'IssuedReport',
				entityId: id,
				action: 'issue',
				after: { periodKey: key, regionId: audience.region?.id ?? null, xlsxZhSha256: files.xlsxZhSha256, xlsxEnSha256: files.xlsxEnSha256 },
				ip,
			})
			return { id, ...files }
		})
	} catch (error) {
		// Issued by someone else between the check and the write.
		if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw (await alreadyIssued(db, key, regionKey)) ?? error
		throw error
	}
}

/**
 * The issued reports the viewer's scope holds, newest first, for the reports
 * index: those of its regions (a 市 sees its 县区'), and the whole
 * installation's for admins. Each names its region.
 */
export async function listIssuedReports(db: Db, scope: RegionScope, take = 36) {
	// Without a region a user reads the reports without one only while the installation has no regions (ReportAudience.key).
	const unassigned = scope.kind === 'unassigned' && (await db.region.count()) === 0 ? { regionId: null } : { regionId: { in: [] } }
	const rows = await db.issuedReport.findMany({
		where: scope.kind === 'all' ? {} : scope.kind === 'regions' ? { regionId: { in: [...scope.regionIds] } } : unassigned,
		orderBy: { issuedAt: 'desc' },
		take,
		select: {
			id: true,
			kind: true,
			year: true,
			month: true,
			quarter: true,
			issuedAt: true,
			issuedBy: { select: { name: true } },
			region: { select: { id: true, name: true, nameEn: true } },
		},
	})
	return rows.map(({ kind, issuedAt, issuedBy, ...row }) => ({
		...row,
		kind: reportKindSchema.parse(kind),
		issuedAt: formatDateTime(issuedAt),
		issuedBy: issuedBy.name,
	}))
}

/** The issued version of a period for the audience's page (the tables in `locale`, who issued it and when), or null. */
export async function findIssuedReport(db: Db, period: ReportPeriod, audience: ReportAudience, locale: Locale) {
	if (audience.key === null) return null
	const row = await db.issuedReport.findUnique({
		where: { periodKey_regionKey: { periodKey: periodKey(period), regionKey: audience.key } },
		select: { issuedAt: true, snapshot: true, issuedBy: { select: { name: true } } },
	})
	if (!row) return null
	const snapshot = JSON.parse(row.snapshot) as IssuedSnapshot
	return { document: snapshot[locale], issuedAt: formatDateTime(row.issuedAt), issuedBy: row.issuedBy.name }
}

/** The XLSX file kept when the period was issued for the audience, in `locale`, with its SHA-256; null when not issued. */
export async function findIssuedWorkbook(db: Db, period: ReportPeriod, audience: ReportAudience, locale: Locale) {
	if (audience.key === null) return null
	const zh = locale === 'zh-CN'
	const row = await db.issuedReport.findUnique({
		where: { periodKey_regionKey: { periodKey: periodKey(period), regionKey: audience.key } },
		select: { snapshot: true, xlsxZh: zh, xlsxZhSha256: zh, xlsxEn: !zh, xlsxEnSha256: !zh },
	})
	if (!row) return null
	const document = (JSON.parse(row.snapshot) as IssuedSnapshot)[locale]
	const bytes = zh ? row.xlsxZh : row.xlsxEn
	const sha = zh ? row.xlsxZhSha256 : row.xlsxEnSha256
	if (!bytes || !sha) throw new Error(`issued report ${periodKey(period)} has no ${locale} file`)
	return { document, bytes, sha256: sha }
}
