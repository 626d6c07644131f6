/**
 * Many rows as a few text parameters, one per column, which a statement reads back with
 * `unnest`: a breach at shared infrastructure writes 20,000 rows per table in one statement.
 * One joined text is cheap on both sides, where JSON repeats every key in every row (and
 * Postgres parses it again), and a JS array makes pg escape it element by element.
 */

/** Empty stands for null, so no value may be empty; nor may it hold the separator. */
const SEPARATOR = ',';

/**
 * Ids, or words from a closed set (a kind, a status), joined for `columnSql`: null as the
 * empty string. Throws on a value the column could not give back as it was. A column of
 * one null joins to the empty text, which reads back as no element at all; `unnest` over
 * several arrays pads the shorter ones with null, so that row still gets its null.
 */
export function joinedColumn(values: readonly (string | null)[]): string {
  const text = values.map((value) => value ?? '').join(SEPARATOR);
  // One separator between each two values, and an empty value only where one was null: checked on the joined text, in one pass.
  let separators = 0;
  for (let at = text.indexOf(SEPARATOR); at !== -1; at = text.indexOf(SEPARATOR, at + 1)) separators++;
  if (separators !== values.length - 1 && values.length > 0) throw new Error(`not values for a joined column: one holds '${SEPARATOR}'`);
  const empty = values.find((value) => value === '');
  if (empty !== undefined) throw new Error('not a value for a joined column: the empty string, which reads back as null');
  return text;
}

/** Instants joined as milliseconds since the epoch, for `instantColumnSql`: exact to the millisecond, as JavaScript keeps them. */
export function joinedInstants(values: readonly Date[]): string {
  return values.map((value) => value.getTime()).join(SEPARATOR);
}

/**
 * The `unnest` arguments of `rows`' columns: `parameter` adds a joined column to the caller's
 * statement and answers its placeholder; `column` reads ids or words back as `type[]`,
 * `instants` reads instants back as `bigint[]` (turn each element into a timestamptz with `instantSql`).
 */
export function unnestColumns<R>(rows: readonly R[], parameter: (joined: string) => string) {
  return {
    column: (type: 'uuid' | 'text', pick: (row: R) => string | null) => columnSql(parameter(joinedColumn(rows.map(pick))), type),
    instants: (pick: (row: R) => Date) => instantColumnSql(parameter(joinedInstants(rows.map(pick)))),
  };
}

/** The array `joinedColumn` joined into `parameter`, as `type[]`, for `unnest`. */
function columnSql(parameter: string, type: 'uuid' | 'text'): string {
  return `string_to_array(${parameter}, '${SEPARATOR}', '')::${type}[]`;
}

/** The instants `joinedInstants` joined, as `bigint[]` for `unnest`; `instantSql` turns each back into a timestamptz. */
function instantColumnSql(parameter: string): string {
  return `string_to_array(${parameter}, '${SEPARATOR}')::bigint[]`;
}

/**
 * One element of an `instantColumnSql` array as a timestamptz. Exact: the interval is scaled
 * in float8, which holds every whole number of microseconds below 2^53 (the year 2255).
 */
export function instantSql(milliseconds: string): string {
  return `(timestamptz 'epoch' + ${milliseconds} * interval '1 millisecond')`;
}
