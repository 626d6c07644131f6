import { DataSource, EntityManager, ObjectLiteral, QueryRunner, SelectQueryBuilder } from 'typeorm';

/**
 * A stalled reader must not hold a snapshot and a pooled connection for ever: Postgres ends
 * the session when the transaction waits this long between two fetches, and the stream fails.
 */
const IDLE_LIMIT = '5min';

/**
 * One read-only REPEATABLE READ transaction on its own connection, for a download that may
 * span a whole table: every query and every batch comes from the same snapshot, and the big
 * reads go through server-side cursors, so no more than one batch is ever in memory.
 * `release()` ends it however the download ends (read to the end, failed, or dropped).
 */
export class ReadSnapshot {
  private cursors = 0;
  private released = false;

  private constructor(private readonly runner: QueryRunner) {}

  static async open(dataSource: DataSource): Promise<ReadSnapshot> {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await runner.query(`SET LOCAL idle_in_transaction_session_timeout = '${IDLE_LIMIT}'`);
      // A cursor is planned for its first 10 % by default (fast-start nested loops over aggregates); a download reads it all.
      await runner.query('SET LOCAL cursor_tuple_fraction = 1.0');
      return new ReadSnapshot(runner);
    } catch (error) {
      await runner.release();
      throw error;
    }
  }

  /** For reads through another module's query class, inside this snapshot. */
  get manager(): EntityManager {
    return this.runner.manager;
  }

  query<T>(sql: string, params: unknown[] = []): Promise<T> {
    return this.runner.manager.query<T>(sql, params);
  }

  /**
   * The rows of `sql` in batches of `perFetch`, from a cursor named `<name>_<n>`. The next
   * FETCH runs only when the consumer asks for the next batch: a reader that pulls (a
   * `Readable.from` piped to a socket) gets backpressure for free. A batch is lent: it is
   * emptied when the next one is asked for.
   *
   * Choose `perFetch` for about 50 kB of output per batch. A batch alive across two of V8's
   * young collections is promoted to the old generation, which V8 lets grow to several times
   * what is alive before it collects (hundreds of MB in this service) — a larger batch lives
   * longer, and above 128 kB its text is a large object, promoted the first time it survives.
   */
  async *batches<T>(name: string, sql: string, params: unknown[], perFetch: number): AsyncGenerator<T[]> {
    const cursor = `${name}_${++this.cursors}`;
    await this.runner.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, params);
    try {
      for (;;) {
        // The client went away while the last batch was read: the connection is back in the pool.
        if (this.released) return;
        const rows = await this.runner.manager.query<T[]>(`FETCH ${perFetch} FROM ${cursor}`);
        const fetched = rows.length;
        if (fetched > 0) {
          yield rows;
          // pg's result array can sit in V8's old generation (pretenured, or promoted while its batch was read); dead there,
          // it still keeps the batch's rows alive through every young collection until a full one, so they are promoted
          // and the old generation grows by the whole export before V8 collects it. Emptied, it holds nothing.
          rows.length = 0;
        }
        if (fetched < perFetch) return;
      }
    } finally {
      if (!this.released) await this.runner.query(`CLOSE ${cursor}`).catch(() => undefined);
    }
  }

  /** The rows of a query builder's query, as `batches` reads them. */
  batchesOf<T>(name: string, qb: SelectQueryBuilder<ObjectLiteral>, perFetch: number): AsyncGenerator<T[]> {
    const [sql, params] = qb.getQueryAndParameters();
    return this.batches<T>(name, sql, params, perFetch);
  }

  /** Ends the snapshot and returns the connection; a connection the server ended is dropped by the pool. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    try {
      await this.runner.query('ROLLBACK');
    } catch {
      // The session is gone (the idle limit, a cut connection): there is nothing to roll back.
    } finally {
      await this.runner.release();
    }
  }
}

/** Selects the main entity's properties, each under its own name: rows read raw (from a cursor) then look like the entity. */
export function selectProperties<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, properties: string[]): SelectQueryBuilder<T> {
  const metadata = qb.expressionMap.mainAlias!.metadata;
  qb.select([]);
  for (const property of properties) qb.addSelect(`${qb.alias}.${metadata.findColumnWithPropertyName(property)!.databaseName}`, property);
  return qb;
}
