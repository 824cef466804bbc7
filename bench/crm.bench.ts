// CRM at scale: the seed data plus 100,000 companies, 20,000 leads and 5,000
// projects from demo:generate's generator. Times the companies list page and
// search (the loader's `listCompanies`), the streamed XLSX/CSV export (the app's
// `streamList`) and a 50,000-row XLSX import (the CLI's `importFile`), each against
// a floor of raw better-sqlite3 (and exceljs) doing the same reads or writes.
import fs from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import Database from 'better-sqlite3'
import ExcelJS from 'exceljs'
import { importFile } from '~/cli/import.server'
import { createPrisma, type Db } from '~/db.server'
import { parseCompanyListQuery } from '~/domain/company/list-query'
import { searchMatchExpression } from '~/domain/company/search-grams'
import { csvRow, UTF8_BOM } from '~/domain/export/csv'
import { cellText } from '~/domain/import/read-file'
import { nameSortKey } from '~/domain/names/sort-key'
import { COMPANY_TAGS } from '~/domain/seed/seed-files'
import { i18nFor } from '~/i18n/i18n'
import { flushCompanySearch } from '~/models/company-search.server'
import { listCompanies } from '~/models/company.server'
import { COMPANY_INSERT_COLUMNS, generateDemoData } from '~/models/demo-data.server'
import { exportColumns, iterateCompanies, streamList } from '~/models/export.server'
import { seedDatabase } from '~/models/seed.server'
import { prepareInsert } from '~/models/sqlite-bulk.server'
import { type Bench, type Case } from './run'
import { createTempDb } from './temp-db'

const SEED = 20250102
const COMPANIES = 100_000
const LEADS = 20_000
const PROJECTS = 5_000
const IMPORT_ROWS = 50_000
const PAGE_SIZE = 50
const FILTERED = 'local=0&tag=gaoxin&revenue=100m_1b'
const DEEP_PAGE = 1000
/** A 字号 of the generator: a search that finds a few dozen companies by name or short name. */
const SEARCH = '恒源'
const LOCALE = 'zh-CN'
const { t } = i18nFor(LOCALE)

type PageRow = { id: string }

/** Reads a byte stream to its end; returns the bytes and the line feeds in it. */
async function drain(stream: ReadableStream<Uint8Array>) {
	const reader = stream.getReader()
	let bytes = 0
	let lines = 0
	for (;;) {
		const { done, value } = await reader.read()
		if (done) return { bytes, lines }
		bytes += value.byteLength
		for (const byte of value) if (byte === 0x0a) lines++
	}
}

/** The floor of a list page: count and page of `where`, then the page's aliases, tags and links, as the loader shows them. */
function rawListPage(raw: Database.Database, where: string) {
	const count = raw.prepare(`SELECT count(*) FROM "Company" c WHERE ${where}`).pluck()
	// The page first, then its regions: joined before paging, SQLite would join every skipped row too.
	const page = raw.prepare(
		`SELECT c.*, r."name" AS "regionName", r."nameEn" AS "regionNameEn" FROM (
			SELECT c."id", c."name", c."nameSortKey", c."uscc", c."kind", c."isLocal", c."revenueCNY", c."isSample", c."updatedAt", c."regionId"
			FROM "Company" c WHERE ${where} ORDER BY c."nameSortKey", c."id" LIMIT ${PAGE_SIZE} OFFSET ?
		) c LEFT JOIN "Region" r ON r."id" = c."regionId" ORDER BY c."nameSortKey", c."id"`,
	)
	const ofPage = 'IN (SELECT value FROM json_each(?))'
	const aliases = raw.prepare(`SELECT "companyId", "kind", "name" FROM "CompanyAlias" WHERE "companyId" ${ofPage}`)
	const tags = raw.prepare(`SELECT "companyId", "tag" FROM "CompanyTag" WHERE "companyId" ${ofPage}`)
	const links = raw.prepare(
		`SELECT f."companyId", l."id", l."name", l."nameEn" FROM "CompanyLink" f JOIN "ChainLink" l ON l."id" = f."linkId" WHERE f."companyId" ${ofPage}`,
	)
	return (args: unknown[], pageNumber: number) => {
		const total = count.get(...args) as number
		const rows = page.all(...args, (pageNumber - 1) * PAGE_SIZE) as PageRow[]
		const ids = JSON.stringify(rows.map((r) => r.id))
		return { total, rows, aliases: aliases.all(ids), tags: tags.all(ids), links: links.all(ids) }
	}
}

/** The companies export's values (same 18 columns), read in one statement. */
function rawExportRows(raw: Database.Database) {
	return raw.prepare(
		`SELECT c."name", c."uscc",
			(SELECT group_concat(a."name", '、') FROM "CompanyAlias" a WHERE a."companyId" = c."id" AND a."kind" = 'short') AS "shortName",
			(SELECT group_concat(a."name", '、') FROM "CompanyAlias" a WHERE a."companyId" = c."id" AND a."kind" = 'former') AS "formerNames",
			CASE c."isLocal" WHEN 1 THEN '本地' ELSE '外地' END AS "local", r."name" AS "region",
			(SELECT group_concat(DISTINCT l."name") FROM "CompanyLink" f JOIN "ChainLink" l ON l."id" = f."linkId" WHERE f."companyId" = c."id") AS "links",
			(SELECT group_concat(t."tag", '、') FROM "CompanyTag" t WHERE t."companyId" = c."id") AS "tags",
			c."revenueCNY", c."registeredCapitalCNY", c."employees", c."industry", c."contactName", c."contactPhone", c."address",
			c."description", c."source", CASE c."isSample" WHEN 1 THEN '是' ELSE '否' END AS "sample"
		FROM "Company" c LEFT JOIN "Region" r ON r."id" = c."regionId" ORDER BY c."nameSortKey", c."id"`,
	)
}

/**
 * The import file: 50,000 new companies from the generator (names and USCCs unlike
 * any in the bench database) in the app's export columns, saved with a shared-strings
 * table as Excel and WPS save workbooks.
 */
async function writeImportFile(benchFile: string, dir: string) {
	const sourceFile = path.join(dir, 'import-source.db')
	// SQLite's online backup: a consistent copy whatever the journal mode.
	const bench = new Database(benchFile, { readonly: true })
	await bench.backup(sourceFile)
	bench.close()
	const seed = SEED + 1
	await generateDemoData(`file:${sourceFile}`, { companies: IMPORT_ROWS, leads: 0, projects: 0, seed })
	const source = new Database(sourceFile)
	source.exec(`DELETE FROM "Activity"; DELETE FROM "Lead"; DELETE FROM "Project"; DELETE FROM "Company" WHERE "id" NOT LIKE 'demo-${seed}-%'`)
	source.close()
	const prisma = createPrisma(`file:${sourceFile}`)
	try {
		const file = path.join(dir, 'import.xlsx')
		const columns = exportColumns(t, LOCALE).companies
		const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: true })
		const sheet = workbook.addWorksheet(t('export.lists.companies'))
		sheet.addRow(columns.map((c) => c.header)).commit()
		for await (const row of iterateCompanies(prisma)) sheet.addRow(columns.map((c) => c.value(row) ?? null)).commit()
		sheet.commit()
		await workbook.commit()
		return file
	} finally {
		await prisma.$disconnect()
	}
}

export const crmBench: Bench = {
	name: 'CRM at 100,000 companies',
	async run(measure) {
		process.stderr.write('  migrating, seeding and generating data…\n')
		const { dir, file, url, remove } = createTempDb()
		let raw: Database.Database | undefined
		let prisma: Db | undefined
		try {
			prisma = createPrisma(url)
			const db = prisma
			await seedDatabase(db)
			const generated = await generateDemoData(url, { companies: COMPANIES, leads: LEADS, projects: PROJECTS, seed: SEED })
			const indexing = performance.now()
			const indexed = await flushCompanySearch(db)
			const indexMs = performance.now() - indexing
			process.stderr.write('  writing the import file…\n')
			const importXlsx = await writeImportFile(file, dir)
			raw = new Database(file)
			const sql = raw
			const companyCount = sql.prepare('SELECT count(*) FROM "Company"').pluck().get() as number

			// ---------- list page and search ----------
			const all = rawListPage(sql, '1')
			const filtered = rawListPage(
				sql,
				`c."isLocal" = 0 AND EXISTS (SELECT 1 FROM "CompanyTag" t WHERE t."companyId" = c."id" AND t."tag" IN ('gaoxin'))
				AND c."revenueCNY" >= 100000000 AND c."revenueCNY" < 1000000000`,
			)
			// The fastest correct search by hand (ADR 0018): the index's candidates and the dirty
			// companies (none after the flush, but a correct query must read them), confirmed by LIKE.
			const search = rawListPage(
				sql,
				`((c."id" IN (SELECT e."companyId" FROM "CompanySearch" s JOIN "CompanySearchEntry" e ON e."key" = s.rowid WHERE "CompanySearch" MATCH ?
						UNION SELECT "companyId" FROM "CompanySearchDirty")
					AND (c."name" LIKE ? OR EXISTS (SELECT 1 FROM "CompanyAlias" a WHERE a."companyId" = c."id" AND a."name" LIKE ?)))
				OR c."uscc" = ?)`,
			)
			const searchArgs = [searchMatchExpression(SEARCH, 'all'), `%${SEARCH}%`, `%${SEARCH}%`, SEARCH]
			// What every search did before the index: LIKE over every company and its aliases.
			const scan = rawListPage(
				sql,
				`(c."name" LIKE ? OR c."uscc" = ? OR EXISTS (SELECT 1 FROM "CompanyAlias" a WHERE a."companyId" = c."id" AND a."name" LIKE ?))`,
			)
			const scanArgs = [`%${SEARCH}%`, SEARCH, `%${SEARCH}%`]
			const loader = (query: string) => () => listCompanies(db, parseCompanyListQuery(new URLSearchParams(query)))
			const pages = [
				{ name: 'default first page', raw: () => all([], 1), app: loader('') },
				{ name: `filtered page (\`${FILTERED}\`)`, raw: () => filtered([], 1), app: loader(FILTERED) },
				{ name: `page ${DEEP_PAGE}`, raw: () => all([], DEEP_PAGE), app: loader(`page=${DEEP_PAGE}`) },
				{ name: `search \`q=${SEARCH}\``, raw: () => search(searchArgs, 1), app: loader(`q=${SEARCH}`) },
			]
			// Both sides must read the same rows in the same order, or the ratio means nothing.
			const totals: number[] = []
			for (const page of pages) {
				const a = page.raw()
				const b = await page.app()
				if (a.total !== b.total || a.rows.map((r) => r.id).join() !== b.rows.map((r) => r.id).join()) {
					throw new Error(`raw SQL and listCompanies read different rows for the ${page.name}`)
				}
				if (b.rows.length === 0) throw new Error(`the ${page.name} is empty`)
				totals.push(b.total)
			}
			// Cases come in pairs, floor first: a/b, c/d… each ratio divides by its own floor.
			let keys = 0
			const nextKey = () => 'abcdefghijklmnopqrstuvwxyz'[keys++]!
			const pairCases = (pairs: { name: string; raw: () => unknown; app: () => unknown }[], rawLabel: string, appLabel: string): Case[] =>
				pairs.flatMap((p) => {
					const [rawKey, appKey] = [nextKey(), nextKey()]
					return [
						{ key: rawKey, label: `${p.name}: ${rawLabel} (baseline)`, fn: p.raw, baseline: rawKey },
						{ key: appKey, label: `${p.name}: ${appLabel}`, fn: p.app, baseline: rawKey },
					]
				})
			const listCases = pairCases(pages, 'raw SQL count + 50 rows + their aliases, tags, links', '`listCompanies(db, parseCompanyListQuery(params))`')
			// The same search as before the index, for comparison: divided by the indexed floor.
			const before = scan(scanArgs, 1)
			if (
				before.total !== totals[3] ||
				before.rows.map((r) => r.id).join() !==
					search(searchArgs, 1)
						.rows.map((r) => r.id)
						.join()
			) {
				throw new Error('the LIKE scan and the index read different rows')
			}
			const searchFloorKey = listCases.at(-2)!.key
			listCases.push({
				key: nextKey(),
				label: `search \`q=${SEARCH}\`: raw SQL by LIKE over every company, the query before the index`,
				fn: () => scan(scanArgs, 1),
				baseline: searchFloorKey,
			})
			const listTimings = await measure(listCases)

			// ---------- export ----------
			const columns = exportColumns(t, LOCALE).companies
			const exportSql = rawExportRows(sql)
			if (exportSql.columns().length !== columns.length) throw new Error('the raw export reads another number of columns than the app exports')
			const appExport = (format: 'xlsx' | 'csv') => () =>
				drain(
					streamList(db, 'companies', format, new URLSearchParams(), {
						t,
						locale: LOCALE,
						requested: [],
						viewer: { id: '', scope: { kind: 'all' } },
						audit: { userId: null, ip: 'bench' },
					}),
				)
			const floorXlsx = async () => {
				let bytes = 0
				const sink = new Writable({
					write(chunk: Buffer, _encoding, done) {
						bytes += chunk.length
						done()
					},
				})
				const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false })
				const sheet = workbook.addWorksheet('企业')
				sheet.addRow(columns.map((c) => c.header)).commit()
				for (const row of exportSql.raw().iterate() as Iterable<unknown[]>) sheet.addRow(row).commit()
				sheet.commit()
				await workbook.commit()
				return { bytes }
			}
			const floorCsv = () => {
				const encoder = new TextEncoder()
				let bytes = encoder.encode(UTF8_BOM + csvRow(columns.map((c) => c.header))).byteLength
				let lines = 1
				for (const row of exportSql.raw().iterate() as Iterable<(string | number | null)[]>) {
					bytes += encoder.encode(csvRow(row)).byteLength
					lines++
				}
				return { bytes, lines }
			}
			const [xlsxApp, xlsxFloor, csvApp, csvFloor] = [await appExport('xlsx')(), await floorXlsx(), await appExport('csv')(), floorCsv()]
			if (csvApp.lines !== companyCount + 1 || csvFloor.lines !== companyCount + 1) throw new Error('an export did not write every company')
			const exportTimings = await measure(
				pairCases(
					[
						{ name: `XLSX, ${companyCount.toLocaleString('en')} companies`, raw: floorXlsx, app: appExport('xlsx') },
						{ name: `CSV, ${companyCount.toLocaleString('en')} companies`, raw: floorCsv, app: appExport('csv') },
					],
					`raw SQL rows → ${columns.length} columns (XLSX: exceljs WorkbookWriter; CSV: \`csvRow\` strings)`,
					'`streamList(db, "companies", …)` read to its end',
				),
			)

			// ---------- import ----------
			const companyWatermark = sql.prepare('SELECT max(rowid) FROM "Company"').pluck().get() as number
			const auditWatermark = sql.prepare('SELECT coalesce(max(rowid), 0) FROM "AuditLog"').pluck().get() as number
			// Deleting companies with foreign keys on would scan Project (no index on companyId) once per
			// company: the reset deletes the import's rows and their children itself, with the checks off.
			const deleteImported = sql.transaction(() => {
				const imported = 'SELECT "id" FROM "Company" WHERE rowid > ?'
				sql.prepare(`DELETE FROM "CompanyAlias" WHERE "companyId" IN (${imported})`).run(companyWatermark)
				sql.prepare(`DELETE FROM "CompanyTag" WHERE "companyId" IN (${imported})`).run(companyWatermark)
				sql.prepare('DELETE FROM "Company" WHERE rowid > ?').run(companyWatermark)
				sql.prepare('DELETE FROM "ImportRecord"').run()
				sql.prepare('DELETE FROM "ImportBatch"').run()
				sql.prepare('DELETE FROM "AuditLog" WHERE rowid > ?').run(auditWatermark)
			})
			const resetImport = () => {
				sql.pragma('foreign_keys = OFF')
				deleteImported()
				sql.pragma('foreign_keys = ON')
			}
			const appImport = async () => {
				const result = await importFile(db, {
					kind: 'companies',
					file: importXlsx,
					mappingFile: undefined,
					onDuplicate: undefined,
					createMissingCompanies: false,
					dryRun: false,
					lang: LOCALE,
				})
				return result.data
			}
			const regionIds = new Map(sql.prepare('SELECT "name", "id" FROM "Region"').raw().all() as [string, string][])
			const tagCodes = new Map(COMPANY_TAGS.map((tag) => [t(`tags.${tag}`), tag]))
			// The file's columns are the export's, in order; exceljs numbers cells from 1.
			const col = Object.fromEntries(columns.map((c, i) => [c.key, i + 1]))
			const insertCompany = prepareInsert(sql, 'Company', COMPANY_INSERT_COLUMNS)
			const insertAlias = prepareInsert(sql, 'CompanyAlias', ['id', 'companyId', 'kind', 'name'])
			const insertTag = prepareInsert(sql, 'CompanyTag', ['companyId', 'tag'])
			const floorImport = async () => {
				const rows: ExcelJS.CellValue[][] = []
				const reader = new ExcelJS.stream.xlsx.WorkbookReader(importXlsx, {
					sharedStrings: 'cache',
					hyperlinks: 'ignore',
					styles: 'ignore',
					worksheets: 'emit',
				})
				for await (const sheet of reader) for await (const row of sheet) if (row.number > 1) rows.push(row.values as ExcelJS.CellValue[])
				const text = (value: ExcelJS.CellValue) => (value === null || value === undefined ? null : typeof value === 'string' ? value : cellText(value).text)
				const number = (value: ExcelJS.CellValue) => (typeof value === 'number' ? value : null)
				const now = new Date()
				sql.transaction(() => {
					rows.forEach((v, index) => {
						const id = `floor-${index}`
						insertCompany({
							id,
							name: text(v[col.name!]) ?? '',
							nameSortKey: nameSortKey(text(v[col.name!]) ?? ''),
							uscc: text(v[col.uscc!]),
							kind: 'enterprise',
							isLocal: v[col.local!] === '本地',
							regionId: regionIds.get(text(v[col.region!]) ?? '') ?? null,
							revenueCNY: number(v[col.revenue!]),
							employees: number(v[col.employees!]),
							registeredCapitalCNY: number(v[col.registeredCapital!]),
							industry: text(v[col.industry!]),
							contactName: text(v[col.contactName!]),
							contactPhone: text(v[col.contactPhone!]),
							address: text(v[col.address!]),
							description: text(v[col.description!]),
							source: text(v[col.source!]),
							isSample: false,
							createdAt: now,
							updatedAt: now,
						})
						const shortName = text(v[col.shortName!])
						if (shortName) insertAlias({ id: `${id}-short`, companyId: id, kind: 'short', name: shortName })
						for (const label of text(v[col.tags!])?.split('、') ?? []) insertTag({ companyId: id, tag: tagCodes.get(label) ?? label })
					})
				})()
				return rows.length
			}
			const imported = await appImport()
			if (imported.errors.length > 0 || imported.created !== IMPORT_ROWS) {
				const errors = imported.errors.slice(0, 5).map((e) => `row ${e.row}${e.column ? ` ${e.column}` : ''}: ${e.message}`)
				throw new Error(`the import created ${imported.created} of ${IMPORT_ROWS} rows; errors: ${errors.join('; ')}`)
			}
			// exceljs 4.4's streaming reader decoded each inflated chunk on its own (exceljs#2084) until
			// scripts/patch-exceljs.mjs; count companies stored with U+FFFD so a regression shows here.
			const garbled = sql
				.prepare(
					`SELECT count(*) FROM "Company" c WHERE c.rowid > ? AND (
						instr(c."name" || coalesce(c."address", '') || coalesce(c."description", '') || coalesce(c."industry", '')
							|| coalesce(c."contactName", '') || coalesce(c."source", ''), char(65533)) > 0
						OR EXISTS (SELECT 1 FROM "CompanyAlias" a WHERE a."companyId" = c."id" AND instr(a."name", char(65533)) > 0))`,
				)
				.pluck()
				.get(companyWatermark) as number
			resetImport()
			if ((await floorImport()) !== IMPORT_ROWS) throw new Error('the floor import read another number of rows')
			resetImport()
			const importTimings = await measure(
				pairCases(
					[{ name: `import ${IMPORT_ROWS.toLocaleString('en')} companies from XLSX`, raw: floorImport, app: appImport }],
					'exceljs streaming read + raw prepared inserts in one transaction',
					'`importFile` (the CLI `import` command: read, validate, `runImport`)',
				).map((c) => ({ ...c, setup: resetImport })),
			)

			const n = (value: number) => value.toLocaleString('en')
			const kib = (bytes: number) => `${n(Math.round(bytes / 1024))} KiB`
			const [allTotal, filteredTotal, deepTotal, searchTotal] = totals.map(n)
			const deepPages = n(Math.ceil(totals[2]! / PAGE_SIZE))
			const [xlsxSize, xlsxFloorSize, csvSize, csvFloorSize] = [xlsxApp.bytes, xlsxFloor.bytes, csvApp.bytes, csvFloor.bytes].map(kib)
			const importSize = kib(fs.statSync(importXlsx).size)
			const [exportedRows, importRows, created, garbledCount] = [csvApp.lines - 1, IMPORT_ROWS, imported.created, garbled].map(n)
			return {
				title: 'CRM: companies list, search, export and import at 100,000 companies',
				dataset: [
					`The seed data plus \`demo:generate\`'s generator (seed ${SEED}): ${n(generated.companies)} sample companies`,
					`(${n(generated.shortNames)} short names, ${n(generated.tags)} tags, ${n(generated.figures)} chain figures), ${n(generated.leads)} leads`,
					`and ${n(generated.projects)} projects, ${n(companyCount)} companies in all. **Generated in ${n(generated.ms)} ms** through raw prepared`,
					'inserts in one transaction. Each `listCompanies` case runs the loader path with the page’s query string; its floor reads',
					'the same rows with hand-written SQL. Export and import floors do the same reads and writes without the app’s layers.',
				].join(' '),
				timings: [...listTimings, ...exportTimings, ...importTimings],
				baselineKey: 'a',
				showCpu: true,
				notes: [
					`Search index (ADR 0018): \`flushCompanySearch\` indexed the ${n(indexed)} companies the seed and the generator wrote in ${n(Math.round(indexMs))} ms (500 a transaction). The app's import case includes indexing its 50,000 companies after the commit.`,
					`Rows matched, same ids in the same order on both sides: all ${allTotal}, filtered ${filteredTotal}, search “${SEARCH}” ${searchTotal}; page ${DEEP_PAGE} of ${deepPages} (${deepTotal} rows).`,
					`Export sizes: XLSX ${xlsxSize} (floor ${xlsxFloorSize}: tag codes, no labels); CSV ${csvSize} (floor ${csvFloorSize}), ${exportedRows} rows each.`,
					`Import file: ${importRows} new generated companies in the export's columns, saved with a shared-strings table as spreadsheet apps save (${importSize}); \`importFile\` created ${created}. Every run starts from the same database (the previous run's rows deleted, untimed).`,
					`${garbledCount} of the ${importRows} imported companies were stored with U+FFFD (�) in a name or text field. Checked because exceljs 4.4's streaming reader breaks a multi-byte character that straddles a chunk boundary (exceljs#2084); \`scripts/patch-exceljs.mjs\` (run at install) fixes that.`,
				],
			}
		} finally {
			raw?.close()
			await prisma?.$disconnect()
			remove()
		}
	},
}
