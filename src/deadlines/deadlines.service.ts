import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Clock } from '../common/clock';
import { instantSql, unnestColumns } from '../common/sql-columns';
import { Page, PageOrder, paginate, PageQueryDto } from '../common/pagination';
import { deadlinePassed, ruleBroken } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { AfterCommitJobs } from '../jobs/after-commit-jobs';
import { Deadline, DeadlineStatus } from './deadline.entity';
import { DeadlineAbout, DeadlineKinds } from './deadline-kinds';
import { isLate, planDeadlineJobs } from './deadline-plan';

export interface OpenDeadline {
  kind: string;
  subjectType: string;
  subjectId: string;
  controllerId?: string | null;
  startsAt: Date;
  dueAt: Date;
}

/** Deadlines ready to write; see `DeadlinesService.prepare`. */
export interface PreparedDeadlines {
  rows: Deadline[];
  /** The INSERT statement; `parameter` adds each value it reads to the caller's statement and answers its placeholder (`$3`). */
  insert(parameter: (value: unknown) => string): string;
}

/** What a statement writing rows with defaulted stamps answers: the column defaults, once, as they were stored. */
export interface WriteStamp {
  created_at: Date;
  updated_at: Date;
}

/**
 * Every row a transaction writes is stamped with its start time (`now()`), `created_at` to
 * the millisecond the column keeps. The same in every statement of the transaction, so any
 * of them can read it, before the rows are written.
 */
export const WRITE_STAMP_COLUMNS = `now()::timestamptz(3) AS created_at, now() AS updated_at`;
export const WRITE_STAMP_SQL = `SELECT ${WRITE_STAMP_COLUMNS}`;

export type DeadlineOutcome = { status: 'met'; at: Date } | { status: 'met_late'; at: Date; lateReason: string } | { status: 'cancelled'; reason: string };

/** Which deadlines a reader asks for; every field narrows. */
export interface DeadlineFilter {
  ids?: string[];
  kind?: string;
  status?: DeadlineStatus | DeadlineStatus[];
  subjectType?: string;
  subjectIds?: string[];
  controllerId?: string;
  /** due at or after */
  dueFrom?: Date;
  /** due strictly before */
  dueBefore?: Date;
}

export const DEADLINE_SORTS = ['createdAt', 'dueAt'] as const;
export type DeadlineSort = (typeof DEADLINE_SORTS)[number];
const SOONEST_DUE_FIRST: PageOrder<Deadline> = { column: 'due_at', key: 'dueAt', direction: 'ASC' };

/** A deadline as a read that aggregates per subject returns it: what a register line shows. */
export interface SubjectDeadline {
  kind: string;
  status: DeadlineStatus;
  dueAt: Date;
}

/**
 * SQL for the deadlines about the subject whose id `subjectIdSql` names, as a JSON array of
 * `{kind, status, dueAt}`, soonest due first: for a read of many subjects in one statement
 * (an export's cursor) instead of a query per batch. Read the rows with `subjectDeadlines`.
 */
export function subjectDeadlinesSql(subjectType: string, subjectIdSql: string): string {
  if (!/^[a-z_]+$/.test(subjectType)) throw new Error(`not a subject type: ${subjectType}`);
  return `(SELECT coalesce(json_agg(json_build_object('kind', d.kind, 'status', d.status, 'dueAt', d.due_at) ORDER BY d.due_at, d.id), '[]')
             FROM deadlines d WHERE d.subject_type = '${subjectType}' AND d.subject_id = ${subjectIdSql})`;
}

/** What `subjectDeadlinesSql` returned, with its instants as Dates. */
export function subjectDeadlines(json: { kind: string; status: DeadlineStatus; dueAt: string }[]): SubjectDeadline[] {
  return json.map((d) => ({ kind: d.kind, status: d.status, dueAt: new Date(d.dueAt) }));
}

export interface ReadOptions {
  /** Read inside this transaction (default: outside any). */
  manager?: EntityManager;
  /** Lock the rows for update: the caller is about to close one. */
  lock?: boolean;
}

/**
 * The one owner of the `deadlines` table. Features open and close rows inside their
 * transaction and read them through the query API here; the jobs that remind and escalate
 * are added after commit.
 */
@Injectable()
export class DeadlinesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kinds: DeadlineKinds,
    private readonly afterCommit: AfterCommitJobs,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async open(manager: EntityManager, input: OpenDeadline): Promise<Deadline> {
    const [deadline] = await this.openMany(manager, [input]);
    return deadline;
  }

  /**
   * Opens deadlines in one INSERT (one statement and one parameter however many rows: a
   * breach at shared infrastructure opens thousands); their reminder and escalation jobs are
   * added once the caller's transaction commits.
   */
  async openMany(manager: EntityManager, inputs: OpenDeadline[]): Promise<Deadline[]> {
    if (inputs.length === 0) return [];
    const prepared = this.prepare(inputs);
    const parameters: unknown[] = [];
    const insert = prepared.insert((value) => `$${parameters.push(value)}`);
    const [stamp] = await manager.query<WriteStamp[]>(`WITH d AS (${insert}) ${WRITE_STAMP_SQL}`, parameters);
    await this.written(manager, prepared, stamp);
    return prepared.rows;
  }

  /**
   * Deadlines made ready to write, checked against their kinds: complete rows (ids made here,
   * nullable columns set), and the INSERT that writes them from one parameter per column — alone,
   * or as a CTE of a caller's statement that writes its subject in the same round trip. The
   * caller hands them to `written` once the statement has run.
   */
  prepare(inputs: OpenDeadline[]): PreparedDeadlines {
    for (const kind of new Set(inputs.map((input) => input.kind))) {
      const subjectType = this.kinds.get(kind).subjectType;
      const wrong = inputs.find((input) => input.kind === kind && input.subjectType !== subjectType);
      if (wrong) throw new Error(`a ${kind} deadline is about a ${subjectType}, not a ${wrong.subjectType}`);
    }
    // Plain objects of the entity's class: manager.create walks the metadata per row, which a report for 20,000 controllers feels.
    const rows = inputs.map((input) =>
      Object.assign(new Deadline(), {
        id: randomUUID(),
        kind: input.kind,
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        controllerId: input.controllerId ?? null,
        startsAt: input.startsAt,
        dueAt: input.dueAt,
        status: 'pending' as const,
        remindersSent: [],
        metAt: null,
        lateReason: null,
        missedAt: null,
        cancelledReason: null,
        revision: 0,
      }),
    );
    return {
      rows,
      insert: (parameter) => {
        const { column, instants } = unnestColumns(rows, parameter);
        return `INSERT INTO deadlines (id, kind, subject_type, subject_id, controller_id, starts_at, due_at, status)
         SELECT x.id, x.kind, x.subject_type, x.subject_id, x.controller_id, ${instantSql('x.starts_at')}, ${instantSql('x.due_at')}, 'pending'
           FROM unnest(${column('uuid', (d) => d.id)}, ${column('text', (d) => d.kind)}, ${column('text', (d) => d.subjectType)}, ${column('uuid', (d) => d.subjectId)},
                       ${column('uuid', (d) => d.controllerId)}, ${instants((d) => d.startsAt)}, ${instants((d) => d.dueAt)})
             AS x(id, kind, subject_type, subject_id, controller_id, starts_at, due_at)`;
      },
    };
  }

  /** After the statement that wrote prepared deadlines: their stamps, and their jobs planned and added once the transaction commits. */
  async written(manager: EntityManager, prepared: PreparedDeadlines, stamp: WriteStamp): Promise<void> {
    const createdAt = new Date(stamp.created_at);
    const updatedAt = new Date(stamp.updated_at);
    for (const deadline of prepared.rows) {
      deadline.createdAt = createdAt;
      deadline.updatedAt = updatedAt;
    }
    // Planned when the jobs go out, after the answer: the delays are then counted from when they are added.
    await this.afterCommit.add(manager, () => {
      const now = this.clock.now();
      const steps = this.config.deadlineSteps;
      return prepared.rows.flatMap((deadline) => planDeadlineJobs(deadline, steps, now));
    });
  }

  /** Closes a pending (or missed) deadline; a late `met` needs its reason (Art. 33(1)). */
  async close(manager: EntityManager, deadlineId: string, outcome: DeadlineOutcome): Promise<Deadline> {
    const deadline = await manager.findOneOrFail(Deadline, { where: { id: deadlineId }, lock: { mode: 'pessimistic_write' } });
    if (deadline.status !== 'pending' && deadline.status !== 'missed') throw ruleBroken(`this deadline is already ${deadline.status}`);
    if (outcome.status === 'cancelled') {
      deadline.status = 'cancelled';
      deadline.cancelledReason = outcome.reason;
    } else {
      const late = isLate(outcome.at, deadline.dueAt);
      if (late && outcome.status !== 'met_late') throw deadlinePassed('the deadline has passed: give a lateReason');
      deadline.status = late ? 'met_late' : 'met';
      deadline.metAt = outcome.at;
      deadline.lateReason = late && outcome.status === 'met_late' ? outcome.lateReason : null;
    }
    return manager.save(deadline);
  }

  /** Deadlines matching the filter, soonest due first. */
  find(filter: DeadlineFilter, options: ReadOptions = {}): Promise<Deadline[]> {
    const qb = this.query(filter, options.manager).orderBy('d.due_at', 'ASC').addOrderBy('d.id', 'ASC');
    if (options.lock) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  /** Every deadline about one subject (an incident, an agreement), soonest due first. */
  forSubject(subjectType: string, subjectId: string, options: ReadOptions = {}): Promise<Deadline[]> {
    return this.find({ subjectType, subjectIds: [subjectId] }, options);
  }

  /** What falls due in [from, to): the calendar feed and the dashboard's week. */
  dueBetween(from: Date, to: Date, filter: DeadlineFilter = {}): Promise<Deadline[]> {
    return this.find({ ...filter, dueFrom: from, dueBefore: to });
  }

  /** The soonest-due deadline matching the filter for each subject: a register's "next deadline" column, one row per subject however many each has. */
  soonestPerSubject(filter: DeadlineFilter): Promise<Deadline[]> {
    return this.query(filter).distinctOn(['d.subject_id']).orderBy('d.subject_id').addOrderBy('d.due_at', 'ASC').addOrderBy('d.id', 'ASC').getMany();
  }

  /** How many deadlines match: the dashboard's missed count. */
  count(filter: DeadlineFilter): Promise<number> {
    return this.query(filter).getCount();
  }

  /** Of the pending deadlines matching the filter: how many are overdue at `now`, how many fall due from then until `until`, and all of them, in one pass. */
  async pendingTally(filter: DeadlineFilter, now: Date, until: Date): Promise<{ overdue: number; dueSoon: number; total: number }> {
    const row = await this.query({ ...filter, status: 'pending' })
      .select('count(*) FILTER (WHERE d.due_at < :now)::int', 'overdue')
      .addSelect('count(*) FILTER (WHERE d.due_at >= :now AND d.due_at < :until)::int', 'dueSoon')
      .addSelect('count(*)::int', 'total')
      .setParameters({ now, until })
      .getRawOne<{ overdue: number; dueSoon: number; total: number }>();
    return row ?? { overdue: 0, dueSoon: 0, total: 0 };
  }

  /** A page of deadlines, newest first or soonest due first. */
  list(filter: DeadlineFilter, page: PageQueryDto, sort: DeadlineSort = 'createdAt'): Promise<Page<Deadline>> {
    return paginate(this.query(filter), page, sort === 'dueAt' ? SOONEST_DUE_FIRST : undefined);
  }

  /** What each deadline is about in one line, by id, for messages that name a deadline by its id only. */
  async titles(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
    const about = await this.describe(await manager.findBy(Deadline, { id: In(ids) }), manager);
    return new Map([...about].map(([id, { title }]) => [id, title]));
  }

  /** What each deadline is about, asked of the kinds' owners: one query per kind on the list. */
  async describe(deadlines: Deadline[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, DeadlineAbout>> {
    const byKind = new Map<string, Deadline[]>();
    for (const deadline of deadlines) byKind.set(deadline.kind, [...(byKind.get(deadline.kind) ?? []), deadline]);
    const described = await Promise.all([...byKind].map(([kind, ofKind]) => this.kinds.get(kind).describe(manager, ofKind)));
    return new Map(described.flatMap((about) => [...about]));
  }

  private query(filter: DeadlineFilter, manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<Deadline> {
    const qb = manager.createQueryBuilder(Deadline, 'd');
    if (filter.ids) qb.andWhere('d.id = ANY(:ids)', { ids: filter.ids });
    if (filter.kind) qb.andWhere('d.kind = :kind', { kind: filter.kind });
    if (filter.status) qb.andWhere('d.status = ANY(:statuses)', { statuses: Array.isArray(filter.status) ? filter.status : [filter.status] });
    if (filter.subjectType) qb.andWhere('d.subject_type = :subjectType', { subjectType: filter.subjectType });
    if (filter.subjectIds) qb.andWhere('d.subject_id = ANY(:subjectIds)', { subjectIds: filter.subjectIds });
    if (filter.controllerId) qb.andWhere('d.controller_id = :controllerId', { controllerId: filter.controllerId });
    if (filter.dueFrom) qb.andWhere('d.due_at >= :dueFrom', { dueFrom: filter.dueFrom });
    if (filter.dueBefore) qb.andWhere('d.due_at < :dueBefore', { dueBefore: filter.dueBefore });
    return qb;
  }
}
