import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { type ReadableStream as NodeReadableStream } from 'node:stream/web'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { z } from 'zod'
import { databaseUrl, dataDirectory, type Db, engineOf } from '~/db.server'
import { newUserSchema } from '~/domain/auth/user-schema'
import { seedDaySchema } from '~/domain/demo/sample-dates'
import { parseExportFile } from '~/domain/export/table-export'
import { newRegionSchema } from '~/domain/region/region-schema'
import { chainTemplateSchema } from '~/domain/seed/seed-files'
import { i18nFor, DEFAULT_LOCALE, isLocale } from '~/i18n/i18n'
import { BackupError, postgresBackupAdvice, restoreBackupSet, writeBackupSet } from '~/models/backup.server'
import { ChainTemplateError, exportChainTemplate, importChainTemplate } from '~/models/chain-template.server'
import { flushCompanySearch, rebuildCompanySearch } from '~/models/company-search.server'
import { copySqliteToPostgres, DatabaseCopyError, redactedUrl } from '~/models/database-copy.server'
import { streamList } from '~/models/export.server'
import { createRegion, createUnit, installationHomeRegion, listRegionSummary, loadRegionScope, RegionError, setUserRegion } from '~/models/region.server'
import { seedDatabase } from '~/models/seed.server'
import { disableFromConsole, PasswordRuleError, setPasswordFromConsole, UnknownUsernameError } from '~/models/user-credentials.server'
import { createUser } from '~/models/user.server'
import { todayInChina } from '~/utils/today'
import { analysisYear } from '~/utils/url-period'
import { UserError } from '~/utils/user-error'
import { gapsReport } from './gaps.server'
import { readNewSecret, SecretInputError } from './read-secret.server'

export class UsageError extends Error {}

/** `exitCode`: when the command ran but its outcome is an error for the caller (a cron job, a script). */
type Result = { data: unknown; text: string; exitCode?: number }
type Command = { name: string; usage: string; summary: string; run: (db: Db, args: string[]) => Promise<Result> }

export const COMMANDS: Command[] = [
	{
		name: 'seed',
		usage: 'seed [--today YYYY-MM-DD]',
		summary: 'load seeds/ into an empty database (no-op when data exists); sample records are dated relative to today (or --today)',
		async run(db, args) {
			const { values } = parse(args, { today: { type: 'string' } })
			const today = values.today ?? todayInChina()
			if (!seedDaySchema.safeParse(today).success) throw new UsageError(`--today must be a date YYYY-MM-DD: ${today}`)
			const result = await seedDatabase(db, 'seeds', today)
			const text = result.seeded
				? `Seeded: ${Object.entries(result.counts)
						.map(([k, v]) => `${k} ${v}`)
						.join(', ')}`
				: 'Database already has data; nothing seeded.'
			return { data: result, text }
		},
	},
	{
		name: 'demo:generate',
		usage: 'demo:generate --companies N [--leads M] [--projects P] [--seed S]',
		summary: 'add generated sample companies (“（示例）…”, isSample) with chain figures, leads and projects; N ≤ 1,000,000',
		async run(db, args) {
			const { values } = parse(args, { companies: { type: 'string' }, leads: { type: 'string' }, projects: { type: 'string' }, seed: { type: 'string' } })
			// Loaded on demand: only this command needs the generator.
			const { parseDemoOptions } = await import('~/domain/demo/demo-data')
			const { DemoDataError, generateDemoData } = await import('~/models/demo-data.server')
			const parsed = parseDemoOptions(values, Math.floor(Math.random() * 2 ** 32))
			if (!parsed.ok) throw new UsageError(parsed.error)
			try {
				const r = await generateDemoData(databaseUrl(), parsed.options)
				const indexing = performance.now()
				await flushCompanySearch(db)
				const indexMs = performance.now() - indexing
				const n = (value: number) => value.toLocaleString('en')
				const text =
					`Generated ${n(r.companies)} sample companies (${n(r.shortNames)} short names, ${n(r.tags)} tags, ${n(r.figures)} chain figures), ` +
					`${n(r.leads)} leads (${n(r.overdueLeads)} overdue) and ${n(r.projects)} projects in ${(r.ms / 1000).toFixed(1)} s (seed ${r.seed}); ` +
					`search index ${(indexMs / 1000).toFixed(1)} s`
				return { data: r, text }
			} catch (error) {
				throw error instanceof DemoDataError ? new UsageError(error.message) : error
			}
		},
	},
	{
		name: 'users:create',
		usage: 'users:create --username U --name N --role R --password P [--unit 单位] [--region code]',
		summary: "create a user (role: staff | manager | admin) who sees --region and every region under it (default: the installation's region)",
		async run(db, args) {
			const { values } = parse(args, {
				username: { type: 'string' },
				name: { type: 'string' },
				role: { type: 'string' },
				password: { type: 'string' },
				unit: { type: 'string' },
				region: { type: 'string' },
			})
			let unitId: string | undefined
			if (values.unit) {
				const unit = await db.unit.findUnique({ where: { name: values.unit }, select: { id: true } })
				if (!unit) throw new UsageError(`unknown unit: ${values.unit}`)
				unitId = unit.id
			}
			let regionId = (await installationHomeRegion(db)) ?? undefined
			if (values.region) {
				const region = await db.region.findUnique({ where: { code: values.region }, select: { id: true } })
				if (!region) throw new UsageError(`unknown region: ${values.region}`)
				regionId = region.id
			}
			const parsed = newUserSchema.safeParse({ ...values, unitId, regionId })
			if (!parsed.success) throw new UsageError(z.prettifyError(parsed.error))
			const user = await asUsageError(createUser(db, parsed.data, null))
			return { data: user, text: `Created ${user.role} ${user.username} (${user.id})` }
		},
	},
	{
		name: 'users:set-region',
		usage: 'users:set-region --username U (--region code | --none)',
		summary: 'give an account the region it works for: it sees that region and every region under it (--none: only records without a region)',
		async run(db, args) {
			const { values } = parse(args, { username: { type: 'string' }, region: { type: 'string' }, none: { type: 'boolean' } })
			if (!values.username || (!values.region && !values.none)) throw new UsageError('users:set-region needs --username and --region (or --none)')
			const result = await asUsageError(setUserRegion(db, values.username, values.none ? null : values.region!))
			return { data: result, text: `${result.username}: region ${values.none ? 'none' : values.region}${result.changed ? '' : ' (unchanged)'}` }
		},
	},
	{
		name: 'regions:add',
		usage: 'regions:add --code C --name 名称 --name-en N --kind province|city|county|park [--parent code]',
		summary: 'add a region (a county under its city, a park under its county); regions:list shows the tree',
		async run(db, args) {
			const { values } = parse(args, {
				code: { type: 'string' },
				name: { type: 'string' },
				'name-en': { type: 'string' },
				kind: { type: 'string' },
				parent: { type: 'string' },
			})
			const parsed = newRegionSchema.safeParse({ code: values.code, name: values.name, nameEn: values['name-en'], kind: values.kind })
			if (!parsed.success) throw new UsageError(z.prettifyError(parsed.error))
			const region = await asUsageError(createRegion(db, { ...parsed.data, parentCode: values.parent ?? null }))
			return { data: region, text: `Added ${region.kind} ${region.name} (${region.code})` }
		},
	},
	{
		name: 'regions:list',
		usage: 'regions:list',
		summary: "the region tree with each region's code, kind, units and users",
		async run(db) {
			const regions = await listRegionSummary(db)
			return {
				data: regions,
				text: regions.map((r) => `${'  '.repeat(r.depth)}${r.code}  ${r.name} (${r.kind}) · units ${r.units} · users ${r.users}`).join('\n'),
			}
		},
	},
	{
		name: 'units:add',
		usage: 'units:add --name 单位 --name-en N --region code',
		summary: 'add a 责任单位 in a region (the 商务局 of a county)',
		async run(db, args) {
			const { values } = parse(args, { name: { type: 'string' }, 'name-en': { type: 'string' }, region: { type: 'string' } })
			if (!values.name?.trim() || !values['name-en']?.trim() || !values.region) throw new UsageError('units:add needs --name, --name-en and --region')
			const unit = await asUsageError(createUnit(db, { name: values.name.trim(), nameEn: values['name-en'].trim(), regionCode: values.region }))
			return { data: unit, text: `Added unit ${unit.name} (${unit.id})` }
		},
	},
	{
		name: 'users:set-password',
		usage: 'users:set-password --username U',
		summary: 'give an account a new password (typed twice, or piped on stdin); ends its sessions',
		async run(db, args) {
			const { values } = parse(args, { username: { type: 'string' } })
			if (!values.username) throw new UsageError('users:set-password needs --username')
			try {
				const password = await readNewSecret(`New password for ${values.username}: `, 'Again: ')
				const result = await setPasswordFromConsole(db, values.username, password)
				return { data: result, text: `Password of ${result.username} set; ${result.sessionsEnded} session(s) ended.` }
			} catch (error) {
				if (error instanceof PasswordRuleError) throw new UsageError(i18nFor('en').t(error.message))
				if (error instanceof UnknownUsernameError || error instanceof SecretInputError) throw new UsageError(error.message)
				throw error
			}
		},
	},
	{
		name: 'users:disable',
		usage: 'users:disable --username U',
		summary: 'disable an account: it can no longer sign in, and its sessions end now',
		async run(db, args) {
			const { values } = parse(args, { username: { type: 'string' } })
			if (!values.username) throw new UsageError('users:disable needs --username')
			try {
				const result = await disableFromConsole(db, values.username)
				return { data: result, text: `Disabled ${result.username}; ${result.sessionsEnded} session(s) ended.` }
			} catch (error) {
				throw error instanceof UnknownUsernameError ? new UsageError(error.message) : error
			}
		},
	},
	{
		name: 'backup',
		usage: 'backup <folder> | backup <file.db> [--force]',
		summary: 'backup set in a new <folder>: database, 核验 evidence files, session secret, manifest (a <file.db>: the database only)',
		async run(_db, args) {
			const { values, positionals } = parse(args, { force: { type: 'boolean' } })
			const target = positionals[0]
			if (engineOf() === 'postgresql') throw new UsageError(postgresBackupAdvice(dataDirectory()))
			if (!target) throw new UsageError('backup needs a target folder (or a .db file)')
			const source = path.resolve(databaseUrl().replace(/^file:/, ''))
			if (!fs.existsSync(source)) throw new UsageError(`database not found: ${source}`)
			if (!target.endsWith('.db')) {
				const folder = path.resolve(target)
				const manifest = await asUsageError(writeBackupSet({ databaseFile: source, dataDir: dataDirectory() }, folder))
				const data = { folder, ...manifest }
				return {
					data,
					text: `Backed up ${source} → ${folder} (database ${manifest.database.bytes} bytes, ${manifest.evidenceFiles} evidence files${manifest.sessionSecret ? ', session secret' : ''})`,
				}
			}
			const destination = outputFile(target, values.force)
			fs.mkdirSync(path.dirname(destination), { recursive: true })
			// SQLite's online backup API: consistent copy while the app keeps writing.
			const sqlite = new Database(source, { readonly: true, fileMustExist: true })
			try {
				const { totalPages } = await sqlite.backup(destination)
				const bytes = fs.statSync(destination).size
				return { data: { file: destination, pages: totalPages, bytes }, text: `Backed up ${source} → ${destination} (${bytes} bytes; the database only)` }
			} finally {
				sqlite.close()
			}
		},
	},
	{
		name: 'db:copy-to-postgres',
		usage: 'db:copy-to-postgres [postgresql://…] [--from file.db] [--from-data-dir folder] [--data-dir folder]',
		summary:
			'copy every row of the SQLite database into a new, empty PostgreSQL database (COPY_TO_DATABASE_URL, or the URL given), check every table, copy the 核验 evidence files',
		async run(_db, args) {
			const { values, positionals } = parse(args, { from: { type: 'string' }, 'from-data-dir': { type: 'string' }, 'data-dir': { type: 'string' } })
			// From the environment by preference: a password on the command line shows in `ps` and the shell's history.
			const postgresUrl = positionals[0] ?? process.env.COPY_TO_DATABASE_URL
			if (!postgresUrl) throw new UsageError('db:copy-to-postgres needs the PostgreSQL URL of a new, empty database (COPY_TO_DATABASE_URL)')
			const from = values.from ?? databaseUrl()
			if (engineOf(from) !== 'sqlite') throw new UsageError(`the source must be a SQLite file (--from data/chainlead.db): ${redactedUrl(from)}`)
			// The PostgreSQL installation keeps its files in DATA_DIR, or data/ (ADR 0023).
			const targetDataDir = path.resolve(values['data-dir'] || process.env.DATA_DIR || 'data')
			const result = await asUsageError(
				copySqliteToPostgres({
					sqliteFile: from.replace(/^file:/, ''),
					postgresUrl,
					sourceDataDir: values['from-data-dir'] ? path.resolve(values['from-data-dir']) : undefined,
					targetDataDir,
					onTable: (model, rows) => console.error(`  ${model}: ${rows}`),
				}),
			)
			const rows = Object.values(result.tables).reduce((a, b) => a + b, 0)
			const missing = result.evidenceFiles.missing.length > 0 ? `; ${result.evidenceFiles.missing.length} evidence files were missing in the source folder` : ''
			return {
				data: result,
				text: `Copied ${rows} rows in ${Object.keys(result.tables).length} tables; all ${result.verified} tables equal the source row for row. ${result.evidenceFiles.copied} evidence files copied to ${targetDataDir}${missing}. Start ChainLead with DATABASE_URL set to the PostgreSQL URL.`,
			}
		},
	},
	{
		name: 'restore',
		usage: 'restore <folder> [--force]',
		summary: 'restore a backup set (stop ChainLead first): checks it, keeps the replaced database under data/backups/',
		async run(_db, args) {
			const { values, positionals } = parse(args, { force: { type: 'boolean' } })
			const folder = positionals[0]
			if (engineOf() === 'postgresql') throw new UsageError(postgresBackupAdvice(dataDirectory()))
			if (!folder) throw new UsageError('restore needs a backup folder')
			const databaseFile = path.resolve(databaseUrl().replace(/^file:/, ''))
			const result = await asUsageError(restoreBackupSet({ databaseFile, dataDir: dataDirectory() }, path.resolve(folder), { force: values.force }))
			const kept = result.replacedDatabase ? `; the replaced database is kept as ${result.replacedDatabase}` : ''
			return {
				data: result,
				text: `Restored the backup of ${result.manifest.createdAt} (${result.evidenceCopied} evidence files added${result.sessionSecretRestored ? ', session secret' : ''})${kept}. Start ChainLead again: npm start applies any newer migrations.`,
			}
		},
	},
	{
		name: 'chain:export',
		usage: 'chain:export <id|slug> <file.json> [--force]',
		summary: 'write a chain as a template file (the seeds/chains format)',
		async run(db, args) {
			const { values, positionals } = parse(args, { force: { type: 'boolean' } })
			const [chain, target] = positionals
			if (!chain || !target) throw new UsageError('chain:export needs a chain id or slug and a target file')
			const destination = outputFile(target, values.force)
			const template = await asUsageError(exportChainTemplate(db, chain))
			fs.mkdirSync(path.dirname(destination), { recursive: true })
			fs.writeFileSync(destination, `${JSON.stringify(template, null, 2)}\n`, 'utf8')
			const data = { file: destination, slug: template.slug, links: template.links.length, edges: template.edges.length }
			return { data, text: `Exported ${data.slug} → ${destination} (${data.links} links, ${data.edges} edges)` }
		},
	},
	{
		name: 'chain:import',
		usage: 'chain:import <file.json> [--slug new-slug]',
		summary: 'create a chain from a template file (refuses a slug in use)',
		async run(db, args) {
			const { values, positionals } = parse(args, { slug: { type: 'string' } })
			const file = positionals[0]
			if (!file) throw new UsageError('chain:import needs a template file')
			const source = path.resolve(file)
			if (!fs.existsSync(source)) throw new UsageError(`file not found: ${source}`)
			let json: unknown
			try {
				// Editors on Windows may save UTF-8 with a byte-order mark.
				json = JSON.parse(fs.readFileSync(source, 'utf8').replace(/^\uFEFF/, ''))
			} catch (error) {
				throw new UsageError(`${source} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`)
			}
			const parsed = chainTemplateSchema.safeParse(json)
			if (!parsed.success) throw new UsageError(`${source} is not a valid chain template:\n${z.prettifyError(parsed.error)}`)
			const chain = await asUsageError(importChainTemplate(db, parsed.data, { slug: values.slug, userId: null }))
			return { data: chain, text: `Imported ${chain.slug} (${chain.id}): ${chain.links} links, ${chain.edges} edges` }
		},
	},
	{
		name: 'export',
		usage:
			'export <leads|companies|projects> --format xlsx|csv --out <file> [--query "stage=new&…"] [--columns a,b] [--as username] [--lang zh-CN|en] [--force]',
		summary: 'export a list (filtered like its page) to XLSX or CSV, streamed',
		async run(db, args) {
			const { values, positionals } = parse(args, {
				format: { type: 'string' },
				out: { type: 'string' },
				query: { type: 'string' },
				columns: { type: 'string' },
				lang: { type: 'string' },
				as: { type: 'string' },
				force: { type: 'boolean' },
			})
			const file = parseExportFile(`${positionals[0] ?? ''}.${values.format ?? ''}`)
			if (!file) throw new UsageError('export needs a list (leads, companies or projects) and --format xlsx or csv')
			if (!values.out) throw new UsageError('export needs --out <file>')
			const locale = values.lang ?? DEFAULT_LOCALE
			if (!isLocale(locale)) throw new UsageError(`--lang must be zh-CN or en, not "${locale}"`)
			const destination = outputFile(values.out, values.force)
			const requested = values.columns ? values.columns.split(',') : []
			// "owner=me" in a lead query means the user named by --as.
			const user = values.as ? await db.user.findUnique({ where: { username: values.as }, select: { id: true, role: true, regionId: true } }) : null
			if (values.as && !user) throw new UsageError(`unknown user: ${values.as}`)
			// Leads and projects as that user sees them (their regions, ADR 0026); without --as, everything.
			const viewer = { id: user?.id ?? '', scope: user ? await loadRegionScope(db, user) : ({ kind: 'all' } as const) }
			const query = new URLSearchParams(values.query ?? '')
			const stream = streamList(db, file.list, file.format, query, {
				t: i18nFor(locale).t,
				locale,
				requested,
				viewer,
				// The machine's operator; --as names whose view of the list it is.
				audit: { userId: user?.id ?? null, ip: 'cli' },
			})
			await pipeline(Readable.fromWeb(stream as NodeReadableStream<Uint8Array>), fs.createWriteStream(destination))
			const bytes = fs.statSync(destination).size
			return { data: { file: destination, list: file.list, format: file.format, bytes }, text: `Exported ${file.list} → ${destination} (${bytes} bytes)` }
		},
	},
	{
		name: 'targets',
		usage: 'targets extract <file.txt|.docx|.pdf|.html>',
		summary: 'the quantitative targets of a policy document (.txt in UTF-8 or GBK, .docx, .pdf with a text layer, .html), as the review page reads them',
		async run(_db, args) {
			// Loaded on demand: the module imports UsageError from here, and a static import would be a cycle.
			const { runTargetsExtract } = await import('./targets.server')
			return runTargetsExtract(args)
		},
	},
	{
		name: 'report',
		usage: 'report <monthly|quarterly|annual> --year Y [--month M|--quarter Q] --out f.xlsx [--lang en] [--live] [--force]',
		summary: '月调度表 / 季通报 / 年考核 as the XLSX the report pages download (an issued period: the file kept at issue)',
		async run(db, args) {
			const { runReportCommand } = await import('./report.server')
			return runReportCommand(db, args)
		},
	},
	{
		name: 'gaps',
		usage: 'gaps --chain <id|slug> [--year Y] [--lang zh-CN|en]',
		summary: 'gap analysis: every link with supply, demand, coverage and flags with reasons',
		async run(db, args) {
			const { values } = parse(args, { chain: { type: 'string' }, year: { type: 'string' }, lang: { type: 'string' } })
			if (!values.chain) throw new UsageError('gaps needs --chain <id|slug>')
			if (values.year !== undefined && !/^\d{4}$/.test(values.year)) throw new UsageError(`--year must be a year such as 2025, not "${values.year}"`)
			const locale = values.lang ?? DEFAULT_LOCALE
			if (!isLocale(locale)) throw new UsageError(`--lang must be zh-CN or en, not "${locale}"`)
			const report = await gapsReport(db, { chain: values.chain, year: analysisYear(values.year ?? null), locale })
			if (!report) throw new UsageError(`no chain with id or slug "${values.chain}"`)
			return report
		},
	},
	{
		name: 'funnel',
		usage: 'funnel <chain-slug> [--year Y] [--quarter Q | --month M] [--as username] [--lang zh-CN|en]',
		summary: '链上转化: targets → leads → visits → 洽谈 → 签约 → 开工 → 投产 per link, unit and owner, with conversion and median days',
		async run(db, args) {
			const { values, positionals } = parse(args, {
				year: { type: 'string' },
				quarter: { type: 'string' },
				month: { type: 'string' },
				as: { type: 'string' },
				lang: { type: 'string' },
			})
			const chain = positionals[0]
			if (!chain || positionals.length > 1) throw new UsageError('funnel needs one chain: funnel <chain-slug> [--year Y] [--quarter Q | --month M]')
			const locale = values.lang ?? DEFAULT_LOCALE
			if (!isLocale(locale)) throw new UsageError(`--lang must be zh-CN or en, not "${locale}"`)
			// Loaded on demand: the module imports UsageError from here, and a static import would be a cycle.
			const { funnelReport } = await import('./funnel.server')
			const report = await funnelReport(db, { chain, year: values.year, quarter: values.quarter, month: values.month, as: values.as, locale })
			if (!report) throw new UsageError(`no chain with id or slug "${chain}"`)
			return report
		},
	},
	{
		name: 'scenario',
		usage:
			'scenario <chain-slug> [--id ID | --name N] [--stop company[@link]] [--cut company[@link]=N] [--capacity link=±N] [--factor from>to=V] [--external link=N] [--planned lead|project:ID[@year]] [--year Y] [--as username] [--lang zh-CN|en]',
		summary:
			"情景推演: a saved or ad-hoc what-if run against today's chain (per link before/after, links turning red/green or losing input, quotas hit); no scenario: list saved ones",
		async run(db, args) {
			const multiple = { type: 'string', multiple: true } as const
			const { values, positionals } = parse(args, {
				id: { type: 'string' },
				name: { type: 'string' },
				stop: multiple,
				cut: multiple,
				capacity: multiple,
				factor: multiple,
				external: multiple,
				planned: multiple,
				year: { type: 'string' },
				as: { type: 'string' },
				lang: { type: 'string' },
			})
			const chain = positionals[0]
			if (!chain || positionals.length > 1) throw new UsageError('scenario needs one chain: scenario <chain-slug> [--id ID | --stop company …]')
			if (values.year !== undefined && !/^\d{4}$/.test(values.year)) throw new UsageError(`--year must be a year such as 2025, not "${values.year}"`)
			const locale = values.lang ?? DEFAULT_LOCALE
			if (!isLocale(locale)) throw new UsageError(`--lang must be zh-CN or en, not "${locale}"`)
			// Loaded on demand: the module imports UsageError from here, and a static import would be a cycle.
			const { scenarioReport } = await import('./scenario.server')
			const report = await scenarioReport(db, {
				chain,
				id: values.id,
				name: values.name,
				stop: values.stop ?? [],
				cut: values.cut ?? [],
				capacity: values.capacity ?? [],
				factor: values.factor ?? [],
				external: values.external ?? [],
				planned: values.planned ?? [],
				year: values.year,
				as: values.as,
				locale,
			})
			if (!report) throw new UsageError(`no chain with id or slug "${chain}"`)
			return report
		},
	},
	{
		name: 'notify:digest',
		usage: 'notify:digest [--day YYYY-MM-DD] [--lang zh-CN|en]',
		summary:
			"the daily digest: every account's notification centre brought up to date, one message per unit chat channel; once per account and channel a day (a second run sends nothing)",
		async run(db, args) {
			const { values, positionals } = parse(args, { day: { type: 'string' }, lang: { type: 'string' } })
			if (positionals.length > 0) throw new UsageError('notify:digest takes no arguments but --day and --lang')
			const day = values.day ?? todayInChina()
			if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
				throw new UsageError(`--day must be a day such as 2026-12-07, not "${day}"`)
			const locale = values.lang ?? DEFAULT_LOCALE
			if (!isLocale(locale)) throw new UsageError(`--lang must be zh-CN or en, not "${locale}"`)
			const { runDailyDigest } = await import('~/models/notify-digest.server')
			const summary = await runDailyDigest(db, { day, locale })
			const lines = [
				`Digest of ${summary.day}: ${summary.users.digested} accounts digested (${summary.users.withNews} with news), ${summary.users.alreadyDone} already done today.`,
				...summary.channels.map(
					(c) =>
						`  ${c.unit} · ${c.channel}: ${c.outcome}${c.attempts ? ` after ${c.attempts} ${c.attempts === 1 ? 'try' : 'tries'}` : ''}${c.error ? ` (${c.error})` : ''}`,
				),
			]
			// A channel that failed or refused is an error for cron: exit 1, the next run tries it again.
			const failed = summary.channels.some((c) => c.outcome === 'failed' || c.outcome === 'rejected')
			return { data: summary, text: lines.join('\n'), ...(failed ? { exitCode: 1 } : {}) }
		},
	},
	{
		name: 'search:reindex',
		usage: 'search:reindex [--full]',
		summary: 'bring the company search index up to date (the server does it at start and after imports); --full rebuilds it',
		async run(db, args) {
			const { values } = parse(args, { full: { type: 'boolean' } })
			const started = performance.now()
			const reindexed = values.full ? await rebuildCompanySearch(db) : await flushCompanySearch(db)
			const seconds = (performance.now() - started) / 1000
			return { data: { reindexed, seconds }, text: `Re-indexed ${reindexed.toLocaleString('en')} companies for search in ${seconds.toFixed(1)} s.` }
		},
	},
	{
		name: 'import',
		usage:
			'import <companies|leads|projects> <file> [--mapping m.json] [--on-duplicate skip|update] [--create-missing-companies] [--dry-run] [--lang zh-CN|en]',
		summary: 'import a CSV/XLSX file, all or nothing: any row error is reported, exits 64 and writes nothing',
		async run(db, args) {
			const { values, positionals } = parse(args, {
				mapping: { type: 'string' },
				'on-duplicate': { type: 'string' },
				'create-missing-companies': { type: 'boolean' },
				'dry-run': { type: 'boolean' },
				lang: { type: 'string' },
			})
			// Loaded on demand: only this command needs exceljs and the import code.
			const { importFile, ImportUsageError } = await import('./import.server')
			try {
				const result = await importFile(db, {
					kind: positionals[0],
					file: positionals[1],
					mappingFile: values.mapping,
					onDuplicate: values['on-duplicate'],
					createMissingCompanies: values['create-missing-companies'] ?? false,
					dryRun: values['dry-run'] ?? false,
					lang: values.lang,
				})
				// The report is printed either way; rows with errors make it a usage error (nothing was written).
				return result.data.errors.length > 0 ? { ...result, exitCode: 64 } : result
			} catch (error) {
				throw error instanceof ImportUsageError ? new UsageError(error.message) : error
			}
		},
	},
]

export async function runCommand(db: Db, name: string, args: string[]): Promise<Result> {
	// `chain export …` is also `chain:export …`: a command name may be spelled with a space.
	const spaced = args.length > 0 ? COMMANDS.find((c) => c.name === `${name}:${args[0]}`) : undefined
	if (spaced) return spaced.run(db, args.slice(1))
	const command = COMMANDS.find((c) => c.name === name)
	if (!command) throw new UsageError(`unknown command: ${name} (try: help)`)
	return command.run(db, args)
}

/** Resolves a file the command will write; an existing file needs --force. */
function outputFile(target: string, force: boolean | undefined) {
	const destination = path.resolve(target)
	if (fs.existsSync(destination) && !force) throw new UsageError(`${destination} exists; pass --force to overwrite`)
	return destination
}

/** Model errors about the user's input become usage errors (exit code 64). */
async function asUsageError<T>(work: Promise<T>) {
	try {
		return await work
	} catch (error) {
		// A refusal a page would show under a field reads the same here, in English.
		if (error instanceof UserError) throw new UsageError(i18nFor('en').t(error.messageKey, error.params))
		throw error instanceof ChainTemplateError || error instanceof BackupError || error instanceof DatabaseCopyError || error instanceof RegionError
			? new UsageError(error.message)
			: error
	}
}

function parse<T extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(args: string[], options: T) {
	try {
		return parseArgs({ args, options, allowPositionals: true, strict: true })
	} catch (error) {
		throw new UsageError(error instanceof Error ? error.message : String(error))
	}
}
