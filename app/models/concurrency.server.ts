import { VersionConflict } from '~/domain/concurrency/conflict'

/** Data of every write to a versioned record (ADR 0015): the version moves on, so forms opened before it are stale. */
export const BUMP_VERSION = { version: { increment: 1 } } as const

/**
 * The outcome of a compare-and-set, `UPDATE … SET …, version = version + 1
 * WHERE id = ? AND version = ?` (an updateMany with the version in its where):
 * no row touched means another write came first, and the save is refused.
 */
export async function compareAndSet(update: Promise<{ count: number }>) {
	if ((await update).count === 0) throw new VersionConflict()
}
