import { type Db } from '~/db.server'

export function listUnits(db: Db) {
	return db.unit.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true, nameEn: true } })
}
