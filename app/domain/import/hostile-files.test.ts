import { describe, expect, test } from 'vitest'
import { i18nFor } from '~/i18n/i18n'
import { en } from '~/i18n/locales/en'
import { zhCN } from '~/i18n/locales/zh-CN'
import { hostileFiles } from '../../../tests/fixtures/hostile/corpus'
import { ImportFileError } from './file-error'
import { readImportFile } from './read-file'

const message = (messages: unknown, key: string) =>
	key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages)

const zh = i18nFor('zh-CN')
const english = i18nFor('en')

describe('hostile files (tests/fixtures/hostile/corpus.ts) end as the corpus says', () => {
	for (const file of hostileFiles()) {
		test(`${file.name}: ${file.what}`, { timeout: 60_000 }, async () => {
			const bytes = await file.build()
			const outcome = await readImportFile(bytes, file.name).catch((error: unknown) => {
				if (error instanceof ImportFileError) return error
				throw error
			})
			const { expected } = file
			if ('refused' in expected) {
				expect(outcome).toBeInstanceOf(ImportFileError)
				const error = outcome as ImportFileError
				expect(error.messageKey).toBe(expected.refused)
				if (expected.params) expect(error.params).toEqual(expected.params)
				// The page shows it in either language, every placeholder filled.
				for (const [messages, i18n] of [
					[zhCN, zh],
					[en, english],
				] as const) {
					expect(typeof message(messages, error.messageKey)).toBe('string')
					expect(i18n.t(error.messageKey, error.params)).not.toMatch(/\{\{/)
				}
			} else {
				expect(outcome).not.toBeInstanceOf(ImportFileError)
				expect(outcome).toMatchObject({ encoding: expected.encoding, headers: expected.headers, rows: expected.rows })
				expect((outcome as { rows: unknown[] }).rows).toHaveLength(expected.rows.length)
			}
		})
	}

	test('the wide header is refused with a message that says how wide the file is and what is allowed', async () => {
		const wide = hostileFiles().find((f) => f.name === 'wide-header.csv')!
		const error = await readImportFile(await wide.build(), wide.name).catch((e: ImportFileError) => e)
		expect(zh.t((error as ImportFileError).messageKey, (error as ImportFileError).params)).toBe(
			'文件第 1 行有 200000 列，最多 200 列。请删去多余的列后再导入。',
		)
		expect(english.t((error as ImportFileError).messageKey, (error as ImportFileError).params)).toBe(
			'Row 1 of the file has 200000 columns; at most 200 are allowed. Remove the extra columns and upload again.',
		)
	})
})
