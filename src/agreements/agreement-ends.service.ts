import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Change, UnitOfWork } from '../audit/unit-of-work';
import { SYSTEM_ACTOR } from '../common/actor';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { JobRequest } from '../jobs/job-definition';
import { JobReconciler } from '../jobs/job-reconciler';
import { OnJob } from '../jobs/on-job.decorator';
import { AgreementEndJob, AnnounceAgreementEnding, ReachAgreementEnd } from './agreement-end.queue';
import { EndOfTerm, endingNoticeAt, planAgreementEndJobs } from './agreement-end-plan';
import { ProcessingAgreement } from './processing-agreement.entity';

/** What happens when an agreement reaches its endsAt; contract-end/ contributes it, in the job's change. */
export type AgreementEndHandler = (change: Change, agreement: ProcessingAgreement) => Promise<void>;

const RECONCILE_BATCH = 5_000;

/**
 * An agreement's end of term. A job at endsAt hands the agreement to the contract-end flow
 * (which contract-end/ registers here, so this folder needs none of it), and a job
 * AGREEMENT_ENDING_NOTICE_DAYS before sends `agreement.ending` once. Both are planned
 * from the row when an agreement gets or moves its endsAt, and the reconciler plans them
 * again from Postgres, so a Redis that lost them loses nothing.
 */
@Injectable()
export class AgreementEnds implements OnModuleInit {
  private onEnd?: AgreementEndHandler;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly reconciler: JobReconciler,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.reconciler.addSource('agreement-ends', () => this.openEnds());
  }

  whenEndReached(handler: AgreementEndHandler): void {
    if (this.onEnd) throw new Error('the end of an agreement already has a handler');
    this.onEnd = handler;
  }

  jobs(agreement: EndOfTerm): JobRequest[] {
    return planAgreementEndJobs(agreement, this.config.AGREEMENT_ENDING_NOTICE_DAYS, this.clock.now());
  }

  @OnJob(ReachAgreementEnd)
  reach(job: AgreementEndJob): Promise<string> {
    return this.unitOfWork.run(SYSTEM_ACTOR, async (change) => {
      const agreement = await this.lockPlanned(change, job);
      if (typeof agreement === 'string') return agreement;
      if (agreement.endReachedAt) return 'already reached';
      const now = this.clock.now();
      // Early by this service's clock: throwing makes BullMQ try again later.
      if (now.getTime() < agreement.endsAt!.getTime()) throw new Error(`agreement ${agreement.id} ends at ${job.endsAt}`);
      if (!this.onEnd) throw new Error('nothing handles the end of an agreement');
      await this.onEnd(change, agreement);
      await change.manager.update(ProcessingAgreement, { id: agreement.id }, { endReachedAt: now });
      change.audit({ action: 'agreement.end_reached', entityType: 'agreement', entityId: agreement.id, before: { endReachedAt: null }, after: { endsAt: agreement.endsAt, endReachedAt: now } });
      return 'reached';
    });
  }

  @OnJob(AnnounceAgreementEnding)
  announce(job: AgreementEndJob): Promise<string> {
    return this.unitOfWork.run(SYSTEM_ACTOR, async (change) => {
      const agreement = await this.lockPlanned(change, job);
      if (typeof agreement === 'string') return agreement;
      const endsAt = agreement.endsAt!;
      if (agreement.endingNoticeFor?.getTime() === endsAt.getTime()) return 'already announced';
      const days = this.config.AGREEMENT_ENDING_NOTICE_DAYS;
      const now = this.clock.now();
      if (days === 0) return 'notices are off';
      if (now.getTime() >= endsAt.getTime()) return 'ended before its notice';
      if (now.getTime() < endingNoticeAt(endsAt, days).getTime()) throw new Error(`the notice for agreement ${agreement.id} is due ${days} days before ${job.endsAt}`);
      await change.manager.update(ProcessingAgreement, { id: agreement.id }, { endingNoticeFor: endsAt });
      const data = {
        agreementId: agreement.id,
        reference: agreement.reference,
        processorId: agreement.processorId,
        controllerId: agreement.controllerId,
        controllerIds: [agreement.controllerId],
        endsAt: job.endsAt,
        endOfContract: { action: agreement.endOfContractAction, withinDays: agreement.endOfContractWithinDays },
      };
      change.publish('agreement.ending', data, 'officer_and_controllers');
      change.audit({ action: 'agreement.ending_announced', entityType: 'agreement', entityId: agreement.id, before: { endingNoticeFor: agreement.endingNoticeFor }, after: { endingNoticeFor: endsAt } });
      return 'announced';
    });
  }

  /** The agreement as the job planned it, locked; or why the job has nothing to do. */
  private async lockPlanned(change: Change, job: AgreementEndJob): Promise<ProcessingAgreement | string> {
    const agreement = await change.manager.findOne(ProcessingAgreement, { where: { id: job.agreementId }, lock: { mode: 'pessimistic_write' } });
    if (!agreement) return 'gone';
    if (agreement.endsAt?.toISOString() !== job.endsAt) return 'endsAt moved';
    // A termination starts the contract-end flow itself, and its own date is the one announced.
    if (agreement.terminatedAt) return 'terminated';
    return agreement;
  }

  /** Agreements whose end of term has not been handled yet, in pages. */
  private async *openEnds(): AsyncGenerator<JobRequest[]> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.dataSource.query<{ id: string; ends_at: Date; ending_notice_for: Date | null }[]>(
        `SELECT id, ends_at, ending_notice_for FROM processing_agreements
          WHERE ends_at IS NOT NULL AND terminated_at IS NULL AND end_reached_at IS NULL AND id > $1
          ORDER BY id LIMIT ${RECONCILE_BATCH}`,
        [after],
      );
      if (rows.length === 0) return;
      after = rows[rows.length - 1].id;
      yield rows.flatMap((row) => this.jobs({ id: row.id, endsAt: row.ends_at, terminatedAt: null, endReachedAt: null, endingNoticeFor: row.ending_notice_for }));
      if (rows.length < RECONCILE_BATCH) return;
    }
  }
}
