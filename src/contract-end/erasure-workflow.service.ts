import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { AgreementDataStore } from '../agreements/agreement-data-store.entity';
import { ProcessingAgreement } from '../agreements/processing-agreement.entity';
import { Change, UnitOfWork } from '../audit/unit-of-work';
import { SYSTEM_ACTOR } from '../common/actor';
import { Clock } from '../common/clock';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlineKinds, DueOutcome } from '../deadlines/deadline-kinds';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { JobRequest } from '../jobs/job-definition';
import { JobReconciler } from '../jobs/job-reconciler';
import { OnJob } from '../jobs/on-job.decorator';
import { completion } from './contract-end-rules';
import { erasureRequestJob, RequestDataStoreErasure } from './contract-end.queue';
import { DataExportService } from './data-export.service';
import { DeletionTask } from './deletion-task.entity';
import { ErasureRequestClient } from './erasure-request.client';

/** The date by which every data store must have confirmed erasure after the contract ends. */
export const CONTRACT_END_DELETION = 'contract_end_deletion';

/**
 * End of contract (Art. 28(3)(g)). Timing, as a compliance officer reads a DPA clause
 * "within N days after the end": erasure is requested from every data store the moment
 * the termination takes effect, and the agreement's `contract_end_deletion` deadline at
 * effectiveAt + N calendar days is the date by which every store must have confirmed.
 * A store not confirmed by then makes that deadline `missed` (deadline.missed, like any
 * other); a later confirmation closes it `met_late` with its reason.
 */
@Injectable()
export class ErasureWorkflowService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadlines: DeadlinesService,
    private readonly kinds: DeadlineKinds,
    private readonly unitOfWork: UnitOfWork,
    private readonly exports: DataExportService,
    private readonly sender: ErasureRequestClient,
    private readonly reconciler: JobReconciler,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // The controller is the counterpart: it asked for its data to go, so it reads the reminders and a miss.
    this.kinds.register({ kind: CONTRACT_END_DELETION, subjectType: 'agreement', concerns: 'controller', onDue: (change, deadline) => this.deletionDue(change, deadline) });
    this.reconciler.addSource('erasure-requests', () => this.outstandingRequests());
  }

  /**
   * The contract has ended: export first when the controller asked for its data back,
   * then mark every scheduled task requested and announce `deletion.requested`.
   * Runs under the agreement's row lock, so it happens once however often it is called.
   */
  async startErasure({ manager, audit, publish }: Change, agreement: ProcessingAgreement): Promise<string[]> {
    const now = this.clock.now();
    // Also without data stores the controller gets its records back (the export is made once).
    if (agreement.endOfContractAction !== 'delete' && agreement.terminationEffectiveAt && agreement.terminationEffectiveAt.getTime() <= now.getTime()) {
      await this.exports.ensureExport(manager, agreement);
    }
    const tasks = await manager.find(DeletionTask, { where: { agreementId: agreement.id, status: 'scheduled', requestAt: LessThanOrEqual(now) }, lock: { mode: 'pessimistic_write' } });
    if (tasks.length === 0) return [];
    const stores = new Map((await manager.find(AgreementDataStore, { where: { agreementId: agreement.id } })).map((s) => [s.id, s.name]));
    for (const task of tasks) {
      await manager.update(DeletionTask, { id: task.id }, { status: 'requested', requestedAt: now });
      audit({
        action: 'deletion_task.requested',
        entityType: 'deletion_task',
        entityId: task.id,
        before: { status: 'scheduled' },
        after: { status: 'requested', requestedAt: now, dataStore: stores.get(task.dataStoreId), method: task.method },
      });
      publish(
        'deletion.requested',
        {
          taskId: task.id,
          agreementId: agreement.id,
          agreementReference: agreement.reference,
          controllerId: agreement.controllerId,
          controllerIds: [agreement.controllerId],
          dataStore: { id: task.dataStoreId, name: stores.get(task.dataStoreId) },
          method: task.method,
          dueAt: task.dueAt.toISOString(),
        },
        'officer_and_controllers',
      );
    }
    return tasks.map((t) => t.id);
  }

  @OnJob(RequestDataStoreErasure)
  onRequestJob({ deletionTaskId }: { deletionTaskId: string }): Promise<string> {
    return this.requestErasure(deletionTaskId);
  }

  /** The job at effectiveAt: request erasure, and for a webhook store deliver the request. */
  async requestErasure(taskId: string): Promise<string> {
    const status = await this.unitOfWork.run(SYSTEM_ACTOR, async (change) => {
      const { manager } = change;
      const task = await manager.findOne(DeletionTask, { where: { id: taskId } });
      if (!task) return 'gone';
      if (task.status === 'scheduled') {
        const agreement = await manager.findOneOrFail(ProcessingAgreement, { where: { id: task.agreementId }, lock: { mode: 'pessimistic_write' } });
        await this.startErasure(change, agreement);
        const reread = await manager.findOneByOrFail(DeletionTask, { id: taskId });
        // Before effectiveAt by this service's clock: throwing makes BullMQ try again later.
        if (reread.status === 'scheduled') throw new Error(`deletion task ${taskId} is requested at ${task.requestAt.toISOString()}`);
        return reread.status;
      }
      return task.status;
    });
    if (status !== 'requested') return status;
    return this.sender.deliver(taskId);
  }

  /**
   * The contract-end deadline falls due. Every data store got its task at termination (a
   * terminated agreement's stores cannot change); any task still unconfirmed makes the
   * deadline missed, escalated like every missed deadline.
   */
  private async deletionDue(change: Change, deadline: Deadline): Promise<DueOutcome> {
    const { manager } = change;
    const agreement = await manager.findOneOrFail(ProcessingAgreement, { where: { id: deadline.subjectId }, lock: { mode: 'pessimistic_write' } });
    const requested = await this.startErasure(change, agreement);
    const tasks = await manager.find(DeletionTask, { where: { agreementId: agreement.id } });
    const outstanding = tasks.filter((t) => t.status !== 'confirmed');
    const toRequest = [...requested, ...outstanding.filter((t) => t.method === 'webhook' && !t.deliveredAt).map((t) => t.id)];
    change.schedule([...new Set(toRequest)].map((id) => erasureRequestJob(id, 0, 'due')));
    const done = completion(tasks, deadline);
    if (done) {
      await this.deadlines.close(manager, deadline.id, done);
      return { missed: false };
    }
    return { missed: true, details: { unconfirmedDeletionTasks: outstanding.map((t) => t.id) } };
  }

  async closeDeadlineIfAllConfirmed(manager: EntityManager, agreementId: string): Promise<void> {
    // Open: pending, or missed and not yet met late.
    const [deadline] = await this.deadlines.find({ kind: CONTRACT_END_DELETION, subjectType: 'agreement', subjectIds: [agreementId], status: ['pending', 'missed'] }, { manager, lock: true });
    if (!deadline) return;
    const done = completion(await manager.find(DeletionTask, { where: { agreementId } }), deadline);
    if (done) await this.deadlines.close(manager, deadline.id, done);
  }

  /** Erasure requests still to be made or delivered: their jobs may have been lost with Redis (same ids: harmless). */
  private async *outstandingRequests(): AsyncGenerator<JobRequest[]> {
    const now = this.clock.now().getTime();
    const tasks = await this.dataSource.query<{ id: string; request_at: Date }[]>(
      `SELECT id, request_at FROM deletion_tasks WHERE status = 'scheduled' OR (status = 'requested' AND method = 'webhook' AND delivered_at IS NULL)`,
    );
    yield tasks.map((t) => erasureRequestJob(t.id, Math.max(0, t.request_at.getTime() - now)));
  }
}
