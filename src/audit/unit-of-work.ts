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
}

/**
 * Runs a change in one transaction and flushes what it collected in the order that keeps
 * the service honest and fast: the outbox (events) and the jobs to add after commit, then
 * the audit entries last — the audit chain's lock serialises every audited write, so it is
 * taken just before the commit and held as briefly as possible (the commit does not wait
 * for the disk under it; `run` returns only once it is on disk). A rejected change leaves
 * nothing: no row, no event, no audit entry, no job.
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
    try {
      const result = await runner.manager.transaction(async (manager) => {
        const change = new Change(manager, actor);
        const result = await work(change);
        await this.events.publishAll(manager, change.events);
        await this.afterCommit.add(manager, change.jobs);
        recorded = await this.audit.record(manager, actor, change.auditRecords);
        published = change.events;
        return result;
      });
      if (recorded === 'entries') await this.audit.flushed(runner.manager);
      this.events.committed(published);
      return result;
    } finally {
      await runner.release();
    }
  }
}
