import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/actor';
import { DomainEventBase, DomainEventMap, DomainEventName, DomainEvents, MailAudience, PublishedEvent } from '../common/domain-events';
import { AfterCommitJobs } from '../jobs/after-commit-jobs';
import { JobRequest } from '../jobs/job-definition';
import { AuditRecord, AuditService, Recorded } from './audit.service';

/**
 * One change as it is being made: its writes go through `manager`; what it announces,
 * audits and schedules is collected here and written by the unit of work in a fixed order.
 */
export class Change {
  readonly events: PublishedEvent[] = [];
  readonly auditRecords: AuditRecord[] = [];
  readonly jobs: JobRequest[] = [];

  constructor(
    readonly manager: EntityManager,
    readonly actor: Actor,
  ) {}

  // Arrow properties, so a change can be destructured: `async ({ manager, audit }) => …`.
  readonly publish = <E extends DomainEventName>(event: E, data: DomainEventMap[E] & DomainEventBase, mail: MailAudience = 'none'): void => {
    this.events.push({ event, data, mail });
  };

  readonly audit = (record: AuditRecord): void => {
    this.auditRecords.push(record);
  };

  readonly schedule = (jobs: JobRequest[]): void => {
    this.jobs.push(...jobs);
  };

  /** Statements the work sent without waiting for them (see `sending`). */
  private readonly sent: Promise<unknown>[] = [];

  /**
   * A statement the work does not wait for: what comes after it (the answer, the events, the
   * audit payloads) is made while Postgres runs it. The unit of work waits for it before the
   * change commits, and if it fails, that failure is the change's, whatever failed after it
   * (every later statement of the transaction fails only because it did).
   */
  readonly sending = (statement: Promise<unknown>): void => {
    // Awaited by `written` or `firstFailure`; until then a failure must not count as unhandled.
    statement.catch(() => undefined);
    this.sent.push(statement);
  };

  /** Once every statement sent without waiting has run; rejects with the first that failed. */
  async written(): Promise<void> {
    for (const statement of this.sent) await statement;
  }

  /** What failed first: a statement sent without waiting, if one did, else `error`. */
  async firstFailure(error: unknown): Promise<unknown> {
    for (const outcome of await Promise.allSettled(this.sent)) if (outcome.status === 'rejected') return outcome.reason;
    return error;
  }
}

/**
 * Runs a change in one transaction and flushes what it collected in the order that keeps
 * the service honest and fast: the outbox (events) and the jobs to add after commit, then
 * the audit entries last — the audit chain's lock serialises every audited write, so it is
 * taken just before the commit and held as briefly as possible (the commit does not wait
 * for the disk under it; `run` returns only once it is on disk, and the jobs go out after
 * that, behind the caller's answer). A rejected change leaves nothing: no row, no event, no
 * audit entry, no job.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly afterCommit: AfterCommitJobs,
  ) {}

  async run<T>(actor: Actor, work: (change: Change) => Promise<T>): Promise<T> {
    let published: PublishedEvent[] = [];
    let recorded = 'nothing' as Recorded;
    // One connection for the transaction and, after its commit, the wait for the flush.
    const runner = this.dataSource.createQueryRunner();
    this.afterCommit.holdUntilReleased(runner);
    try {
      const result = await runner.manager.transaction(async (manager) => {
        const change = new Change(manager, actor);
        try {
          const result = await work(change);
          // Made while what the work sent without waiting is still being written.
          const entries = this.audit.prepare(change.auditRecords);
          await this.events.publishAll(manager, change.events);
          await this.afterCommit.add(manager, change.jobs);
          await change.written();
          recorded = await this.audit.record(manager, actor, entries);
          published = change.events;
          return result;
        } catch (error) {
          throw await change.firstFailure(error);
        }
      });
      if (recorded === 'entries') await this.audit.flushed(runner.manager);
      this.events.committed(published);
      return result;
    } finally {
      this.afterCommit.released(runner);
      await runner.release();
    }
  }
}
