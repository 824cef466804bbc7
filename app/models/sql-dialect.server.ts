// The few SQL forms that differ between SQLite and PostgreSQL (ADR 0023), as Prisma.sql
// fragments for the raw statements that need them; everything else in the raw SQL is
// written once, in SQL both engines read. Bound JSON is how a statement takes a whole
// chunk of rows in one parameter: SQLite reads it with json_each, PostgreSQL with
// jsonb_array_elements_text / jsonb_to_recordset.
import { engineOf } from '~/db.server'
import { Prisma } from '~/generated/prisma/client'

const onPostgres = () => engineOf() === 'postgresql'

/** How a field of bound JSON rows is read: as text, a whole number, an amount, yes/no, a number or a DateTime. */
export type JsonField = 'text' | 'integer' | 'bigint' | 'boolean' | 'float' | 'date'

const POSTGRES_TYPES: Record<JsonField, string> = {
	text: 'text',
	integer: 'integer',
	bigint: 'bigint',
	boolean: 'boolean',
	float: 'double precision',
	date: 'timestamp(3)',
}

const quoted = (name: string) => {
	if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`not a column or alias name: ${name}`)
	return `"${name}"`
}

/**
 * The strings of a bound JSON array as a one-column subquery, for `IN (…)`.
 */
export function jsonStrings(json: string) {
	return onPostgres() ? Prisma.sql`SELECT jsonb_array_elements_text(${json}::jsonb)` : Prisma.sql`SELECT value FROM json_each(${json})`
}

/**
 * The objects of a bound JSON array as a table `alias` with these typed columns, for FROM.
 * Values travel as the SQLite code writes them: amounts as text, yes/no as 1/0, DateTimes as ISO text.
 */
export function jsonRows(json: string, fields: Readonly<Record<string, JsonField>>, alias: string) {
	const names = Object.keys(fields)
	if (onPostgres()) {
		const columns = names.map((name) => `${quoted(name)} ${POSTGRES_TYPES[fields[name]!]}`).join(', ')
		return Prisma.sql`jsonb_to_recordset(${json}::jsonb) AS ${Prisma.raw(`${quoted(alias)}(${columns})`)}`
	}
	const columns = names.map((name) => {
		const value = `value ->> '${name}'`
		const kind = fields[name]!
		return `${kind === 'integer' || kind === 'bigint' ? `CAST(${value} AS INTEGER)` : value} AS ${quoted(name)}`
	})
	return Prisma.sql`(SELECT ${Prisma.raw(columns.join(', '))} FROM json_each(${json})) AS ${Prisma.raw(quoted(alias))}`
}

/**
 * An aggregate: a JSON array of one value per row, in `orderBy` order when given; `value` is a
 * column or a JSON value expression (jsonObject, jsonArray). '[]' when there are no rows, as
 * SQLite's json_group_array gives. For a value inside another JSON value; a result column is
 * jsonArrayText.
 */
export function jsonArrayAgg(value: Prisma.Sql, orderBy?: Prisma.Sql) {
	const order = orderBy ? Prisma.sql` ORDER BY ${orderBy}` : Prisma.empty
	return onPostgres() ? Prisma.sql`coalesce(json_agg(${value}${order}), '[]'::json)` : Prisma.sql`json_group_array(${value}${order})`
}

/** jsonArrayAgg as text, for a result column the caller JSON.parses (PostgreSQL would return json parsed). */
export function jsonArrayText(value: Prisma.Sql, orderBy?: Prisma.Sql) {
	return onPostgres() ? Prisma.sql`${jsonArrayAgg(value, orderBy)}::text` : jsonArrayAgg(value, orderBy)
}

/** A JSON array of these SQL values (for jsonArrayText). */
export function jsonArray(values: readonly Prisma.Sql[]) {
	return onPostgres() ? Prisma.sql`json_build_array(${Prisma.join(values, ', ')})` : Prisma.sql`json_array(${Prisma.join(values, ', ')})`
}

/**
 * The entries of a bound JSON object as a table `alias`(key, value): its keys, and its values
 * as numbers (NULL for null).
 */
export function jsonNumberEntries(json: string, alias: string) {
	return onPostgres()
		? Prisma.sql`(SELECT key, (value #>> '{}')::double precision AS value FROM jsonb_each(${json}::jsonb)) AS ${Prisma.raw(quoted(alias))}`
		: Prisma.sql`json_each(${json}) AS ${Prisma.raw(quoted(alias))}`
}

/** The keys of a bound JSON object as a one-column subquery, for `IN (…)`. */
export function jsonKeys(json: string) {
	return onPostgres() ? Prisma.sql`SELECT jsonb_object_keys(${json}::jsonb)` : Prisma.sql`SELECT key FROM json_each(${json})`
}

/**
 * The UTC day ('YYYY-MM-DD') of a DateTime column (a code constant): the first ten characters
 * of the ISO text SQLite stores, the formatted `timestamp(3)` on PostgreSQL (which holds UTC).
 */
export function utcDayText(column: string) {
	return Prisma.raw(onPostgres() ? `to_char(${column}, 'YYYY-MM-DD')` : `substr(${column}, 1, 10)`)
}

/**
 * A DateTime column (a code constant) as the ISO text SQLite stores ("2026-12-06T10:00:00.123+00:00"),
 * for values built into JSON: PostgreSQL's `timestamp(3)` holds UTC without a zone, which JSON would
 * write without one (read back as local time).
 */
export function utcTimestampText(column: string) {
	return Prisma.raw(onPostgres() ? `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"+00:00"')` : column)
}

/** utcTimestampText of an expression (a subquery's earliest timestamp) rather than a column. */
export function utcTimestampTextOf(expression: Prisma.Sql) {
	return onPostgres() ? Prisma.sql`to_char(${expression}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"+00:00"')` : expression
}

/**
 * A column that the query planner should not use an index for: SQLite's unary `+` (it would
 * otherwise probe the index once per listed value); PostgreSQL plans such lists well as they are.
 */
export function unindexed(column: string) {
	return Prisma.raw(onPostgres() ? column : `+${column}`)
}

/**
 * Rows in the order they were written, for tables without a column saying so: SQLite's rowid;
 * PostgreSQL's physical order (ctid), which only approximates it: an updated row moves, and new
 * rows may fill space that deleted ones left. Use it for a stable order, not a meaningful one.
 */
export const writtenOrder = () => Prisma.raw(onPostgres() ? 'ctid' : 'rowid')

/** A JSON object of these keys and SQL values (for jsonArrayText). */
export function jsonObject(entries: Readonly<Record<string, Prisma.Sql>>) {
	const pairs = Object.entries(entries).map(([key, value]) => Prisma.sql`${Prisma.raw(`'${quoted(key).slice(1, -1)}'`)}, ${value}`)
	return onPostgres() ? Prisma.sql`json_build_object(${Prisma.join(pairs, ', ')})` : Prisma.sql`json_object(${Prisma.join(pairs, ', ')})`
}
