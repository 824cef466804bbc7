import { type Db } from '~/db.server'
import { type SavedViewPage } from '~/domain/saved-view/saved-view-schema'
import { Prisma } from '~/generated/prisma/client'
import { UserError } from '~/utils/user-error'

/** One user's views of one list page, by name. */
export function listSavedViews(db: Db, userId: string, page: SavedViewPage) {
	return db.savedView.findMany({
		where: { userId, page },
		orderBy: { name: 'asc' },
		select: { id: true, name: true, query: true },
	})
}

/** Refuses a name the user already gave a view of the same page, under the name (the unique index decides, so no race). */
export async function createSavedView(db: Db, userId: string, view: { page: SavedViewPage; name: string; query: string }) {
	try {
		return await db.savedView.create({
			data: { userId, page: view.page, name: view.name, query: view.query },
			select: { id: true, name: true, query: true },
		})
	} catch (error) {
		if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
			throw new UserError('savedViews.errors.duplicate', { field: 'name', status: 409 })
		throw error
	}
}

/** Deletes one of the user's own views; false when there is no such view of theirs. */
export async function deleteSavedView(db: Db, userId: string, id: string) {
	const { count } = await db.savedView.deleteMany({ where: { id, userId } })
	return count > 0
}
