import { type Db } from '~/db.server'
import { type ColumnMapping, type ImportKind } from '~/domain/import/fields'

// The import history (the batches, newest first) and the saved column mappings of the import pages.

export function listImportBatches(db: Db, take = 50) {
	return db.importBatch.findMany({
		orderBy: { createdAt: 'desc' },
		take,
		select: {
			id: true,
			kind: true,
			fileName: true,
			rowCount: true,
			created: true,
			updated: true,
			skipped: true,
			createdAt: true,
			undoneAt: true,
			user: { select: { name: true } },
		},
	})
}

export function listImportMappings(db: Db, kind: ImportKind) {
	return db.importMapping.findMany({ where: { kind }, orderBy: { name: 'asc' }, select: { id: true, name: true, mapping: true } })
}

/** Saves (or replaces) a named mapping for the next file of the same kind. */
export function saveImportMapping(db: Db, input: { kind: ImportKind; name: string; mapping: ColumnMapping }) {
	const mapping = JSON.stringify(input.mapping)
	return db.importMapping.upsert({
		where: { kind_name: { kind: input.kind, name: input.name } },
		create: { kind: input.kind, name: input.name, mapping },
		update: { mapping },
		select: { id: true, name: true },
	})
}
