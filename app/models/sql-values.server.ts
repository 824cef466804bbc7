// Cells of raw query rows. The engines type them differently: PostgreSQL returns COUNT as bigint and NUMERIC
// as Decimal, SQLite returns numbers; text columns are strings on both.

/** A numeric cell, 0 when NULL. */
export const sqlNumber = (value: unknown) => (value === null || value === undefined ? 0 : Number(value))

/** A numeric cell, kept NULL. */
export const sqlNumberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value))

/** A text cell (an id, a name, a code), kept NULL. Anything but a string is a query written wrong. */
export function sqlTextOrNull(value: unknown): string | null {
	if (value === null || value === undefined) return null
	if (typeof value !== 'string') throw new TypeError(`a text column returned ${typeof value}`)
	return value
}
