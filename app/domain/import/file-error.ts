export type ImportFileErrorParams = Record<string, string | number>

/** Why an uploaded file is refused: an i18n key under importer.file and its parameters. */
export class ImportFileError extends Error {
	constructor(
		readonly messageKey: string,
		readonly params: ImportFileErrorParams = {},
	) {
		super(messageKey)
		this.name = 'ImportFileError'
	}
}
