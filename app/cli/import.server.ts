import fs from 'node:fs'
import path from 'node:path'
import { type Db } from '~/db.server'
import { columnMappingSchema, fieldsOf, importKindSchema, isImportField, resolveMapping } from '~/domain/import/fields'
import { ImportFileError } from '~/domain/import/file-error'
import { checkFileSize, readImportFile } from '~/domain/import/read-file'
import { duplicateActionSchema } from '~/domain/import/validate'
import { i18nFor, DEFAULT_LOCALE, isLocale } from '~/i18n/i18n'
import { runImport } from '~/models/import-commit.server'

/** A problem with the command line or the file itself (exit code 64). */
export class ImportUsageError extends Error {}

type Args = {
	kind: string | undefined
	file: string | undefined
	mappingFile: string | undefined
	onDuplicate: string | undefined
	createMissingCompanies: boolean
	dryRun: boolean
	lang: string | undefined
}

/** header → field from --mapping: the same JSON the web page saves as a mapping. */
function readMapping(file: string, kind: Parameters<typeof fieldsOf>[0]) {
	let json: unknown
	try {
		json = JSON.parse(fs.readFileSync(path.resolve(file), 'utf8').replace(/^\uFEFF/, ''))
	} catch (error) {
		throw new ImportUsageError(`--mapping ${file} is not readable JSON: ${error instanceof Error ? error.message : String(error)}`)
	}
	const parsed = columnMappingSchema.safeParse(json)
	if (!parsed.success) throw new ImportUsageError(`--mapping must be a JSON object of "header": "field"`)
	const unknown = Object.values(parsed.data).filter((field) => field !== '' && !isImportField(kind, field))
	if (unknown.length > 0) throw new ImportUsageError(`unknown ${kind} field(s) in --mapping: ${unknown.join(', ')} (fields: ${fieldsOf(kind).join(', ')})`)
	return parsed.data
}

/**
 * `import <kind> <file>`: reads the file with the web page's reader, validates
 * and commits with the same runImport, all or nothing. Rows with errors are
 * reported (translated) and nothing is written.
 */
export async function importFile(db: Db, args: Args) {
	const kind = importKindSchema.safeParse(args.kind)
	if (!kind.success || !args.file) throw new ImportUsageError('import needs a kind (companies | leads | projects) and a file')
	const duplicateAction = duplicateActionSchema.safeParse(args.onDuplicate ?? 'skip')
	if (!duplicateAction.success) throw new ImportUsageError(`--on-duplicate must be skip or update, not "${args.onDuplicate}"`)
	const locale = args.lang ?? DEFAULT_LOCALE
	if (!isLocale(locale)) throw new ImportUsageError(`--lang must be zh-CN or en, not "${locale}"`)
	const { t } = i18nFor(locale)
	const source = path.resolve(args.file)
	if (!fs.existsSync(source)) throw new ImportUsageError(`file not found: ${source}`)
	const chosen = args.mappingFile ? readMapping(args.mappingFile, kind.data) : {}

	let sheet
	try {
		checkFileSize(fs.statSync(source).size)
		sheet = await readImportFile(fs.readFileSync(source), path.basename(source))
	} catch (error) {
		if (error instanceof ImportFileError) throw new ImportUsageError(t(error.messageKey, error.params))
		throw error
	}
	const outcome = await runImport(
		db,
		{
			kind: kind.data,
			sheet,
			fileName: path.basename(source),
			userId: null,
			options: {
				mapping: resolveMapping(kind.data, sheet.headers, chosen),
				overrides: {},
				actions: {},
				duplicateAction: duplicateAction.data,
				createMissingCompanies: args.createMissingCompanies,
				defaultOwnerId: null,
				importer: null,
			},
		},
		{ dryRun: args.dryRun },
	)
	const errors = outcome.errors.map((e) => ({ row: e.row, column: e.column, message: t(e.messageKey, e.params) }))
	const data = {
		rows: outcome.rows,
		created: outcome.created,
		updated: outcome.updated,
		skipped: outcome.skipped,
		errors,
		encoding: sheet.encoding,
		dryRun: args.dryRun,
		batchId: outcome.batchId,
	}
	const summary = `${args.dryRun ? 'Dry run' : 'Imported'} ${source}: ${data.rows} rows, ${data.created} created, ${data.updated} updated, ${data.skipped} skipped`
	const text =
		errors.length > 0
			? `Nothing imported: ${errors.length} error(s)\n${errors.map((e) => `  row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.message}`).join('\n')}`
			: summary
	return { data, text }
}
