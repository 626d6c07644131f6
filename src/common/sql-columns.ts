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
 * empty string. Throws on a value the column could not give back as it was.
 */
export function joinedColumn(values: readonly (string | null)[]): string {
  for (const value of values) {
    if (value !== null && (value === '' || value.includes(SEPARATOR))) throw new Error(`not a value for a joined column: ${JSON.stringify(value)}`);
  }
  return values.map((value) => value ?? '').join(SEPARATOR);
}

/** Instants joined as milliseconds since the epoch, for `instantColumnSql`: exact to the millisecond, as JavaScript keeps them. */
export function joinedInstants(values: readonly Date[]): string {
  return values.map((value) => value.getTime()).join(SEPARATOR);
}

/** The array `joinedColumn` joined into `parameter`, as `type[]`, for `unnest`. */
export function columnSql(parameter: string, type: 'uuid' | 'text'): string {
  return `string_to_array(${parameter}, '${SEPARATOR}', '')::${type}[]`;
}

/** The instants `joinedInstants` joined, as `bigint[]` for `unnest`; `instantSql` turns each back into a timestamptz. */
export function instantColumnSql(parameter: string): string {
  return `string_to_array(${parameter}, '${SEPARATOR}')::bigint[]`;
}

/**
 * One element of an `instantColumnSql` array as a timestamptz. Exact: the interval is scaled
 * in float8, which holds every whole number of microseconds below 2^53 (the year 2255).
 */
export function instantSql(milliseconds: string): string {
  return `(timestamptz 'epoch' + ${milliseconds} * interval '1 millisecond')`;
}
