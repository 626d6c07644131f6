import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { AgreementDataStore } from '../agreements/agreement-data-store.entity';
import { AgreementEnds } from '../agreements/agreement-ends.service';
import { endOfAgreement } from '../agreements/agreement-status';
import { ProcessingAgreement } from '../agreements/processing-agreement.entity';
import { Change, UnitOfWork } from '../audit/unit-of-work';
import { SYSTEM_ACTOR } from '../common/actor';
import { Clock } from '../common/clock';
import { describeAgreementDeadlines } from '../agreements/agreement-deadlines.query';
import { endOfDaysPeriod } from '../common/time';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlineKinds, DueOutcome } from '../deadlines/deadline-kinds';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { JobRequest } from '../jobs/job-definition';
import { JobReconciler } from '../jobs/job-reconciler';
import { OnJob } from '../jobs/on-job.decorator';
import { completion, contractEndProgress } from './contract-end-rules';
import { erasureRequestJob, RequestDataStoreErasure } from './contract-end.queue';
import { DataExportService } from './data-export.service';
import { DeletionConfirmation } from './deletion-confirmation.entity';
import { DeletionTask } from './deletion-task.entity';
import { ErasureRequestClient } from './erasure-request.client';

/** The date by which every data store must have confirmed erasure after the contract ends. */
export const CONTRACT_END_DELETION = 'contract_end_deletion';

/**
 * End of contract (Art. 28(3)(g)), the same whether a termination takes effect or the
 * agreement reaches its endsAt. Timing, as a compliance officer reads a DPA clause "within
 * N days after the end": erasure is requested from every data store the moment the
 * contract ends, and the agreement's `contract_end_deletion` deadline at the end of the
 * N-th Amsterdam day after it is the date by which every store must have confirmed (or,
 * with no stores, a person must have recorded what was erased). Anything not confirmed
 * by then makes that deadline `missed` (deadline.missed, like any other); a later
 * confirmation closes it `met_late` with its reason.
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
    private readonly agreementEnds: AgreementEnds,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // The controller is the counterpart: it asked for its data to go, so it reads the reminders and a miss.
    this.kinds.register({
      kind: CONTRACT_END_DELETION,
      subjectType: 'agreement',
      concerns: 'controller',
      onDue: (change, deadline) => this.deletionDue(change, deadline),
      describe: describeAgreementDeadlines,
    });
    this.reconciler.addSource('erasure-requests', () => this.outstandingRequests());
    this.agreementEnds.whenEndReached(async (change, agreement) => {
      const deadline = await this.open(change, agreement, agreement.endsAt!);
      change.audit({ action: 'contract_end.opened', entityType: 'agreement', entityId: agreement.id, after: { endedAt: agreement.endsAt, by: 'endsAt', deletionDueAt: deadline.dueAt } });
    });
  }

  /**
   * The contract ends (or will) at `endedAt`: opens the deletion deadline counted from
   * then — already overdue when the end is registered late — gives every data store its
   * task, and starts the erasure at once if `endedAt` has passed.
   */
  async open(change: Change, agreement: ProcessingAgreement, endedAt: Date): Promise<Deadline> {
    const { manager } = change;
    const now = this.clock.now();
    const dueAt = endOfDaysPeriod(endedAt, agreement.endOfContractWithinDays);
    const deadline = await this.deadlines.open(manager, { kind: CONTRACT_END_DELETION, subjectType: 'agreement', subjectId: agreement.id, controllerId: agreement.controllerId, startsAt: endedAt, dueAt });
    const stores = await manager.find(AgreementDataStore, { where: { agreementId: agreement.id }, order: { name: 'ASC' } });
    const tasks = await manager.save(
      stores.map((store) =>
        manager.create(DeletionTask, {
          agreementId: agreement.id,
          dataStoreId: store.id,
          controllerId: agreement.controllerId,
          method: store.erasureMethod,
          status: 'scheduled',
          requestAt: endedAt,
          dueAt,
        }),
      ),
    );
    if (endedAt.getTime() <= now.getTime()) await this.startErasure(change, agreement);
    change.schedule(tasks.map((t) => erasureRequestJob(t.id, Math.max(0, endedAt.getTime() - now.getTime()))));
    return deadline;
  }

  /**
   * The contract has ended: export first when the controller asked for its data back,
   * then mark every scheduled task requested and announce `deletion.requested`.
   * Runs under the agreement's row lock, so it happens once however often it is called.
   */
  async startErasure({ manager, audit, publish }: Change, agreement: ProcessingAgreement): Promise<string[]> {
    const now = this.clock.now();
    // Also without data stores the controller gets its records back (the export is made once).
    const end = endOfAgreement(agreement);
    if (agreement.endOfContractAction !== 'delete' && end && end.getTime() <= now.getTime()) {
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
   * The contract-end deadline falls due. Every data store got its task when the contract
   * ended (an ending agreement's stores cannot change); a task still unconfirmed, or for
   * an agreement without stores no recorded confirmation, makes the deadline missed,
   * escalated like every missed deadline.
   */
  private async deletionDue(change: Change, deadline: Deadline): Promise<DueOutcome> {
    const { manager } = change;
    const agreement = await manager.findOneOrFail(ProcessingAgreement, { where: { id: deadline.subjectId }, lock: { mode: 'pessimistic_write' } });
    const requested = await this.startErasure(change, agreement);
    const tasks = await manager.find(DeletionTask, { where: { agreementId: agreement.id } });
    const outstanding = tasks.filter((t) => t.status !== 'confirmed');
    const toRequest = [...requested, ...outstanding.filter((t) => t.method === 'webhook' && !t.deliveredAt).map((t) => t.id)];
    change.schedule([...new Set(toRequest)].map((id) => erasureRequestJob(id, 0, 'due')));
    const progress = await this.progress(manager, agreement, tasks);
    const done = completion(progress, deadline);
    if (done) {
      await this.deadlines.close(manager, deadline.id, done);
      return { missed: false };
    }
    return { missed: true, details: { unconfirmedDeletionTasks: outstanding.map((t) => t.id), outstanding: progress.outstanding.map((o) => o.kind) } };
  }

  /** After a confirmation: closes the deadline once nothing is outstanding. */
  async closeDeadlineIfComplete({ manager, publish }: Change, agreement: ProcessingAgreement): Promise<void> {
    // Open: pending, or missed and not yet met late.
    const [deadline] = await this.deadlines.find({ kind: CONTRACT_END_DELETION, subjectType: 'agreement', subjectIds: [agreement.id], status: ['pending', 'missed'] }, { manager, lock: true });
    if (!deadline) return;
    const done = completion(await this.progress(manager, agreement, await manager.find(DeletionTask, { where: { agreementId: agreement.id } })), deadline);
    if (!done) return;
    await this.deadlines.close(manager, deadline.id, done);
    const { controllerId } = agreement;
    publish('deletion.completed', { agreementId: agreement.id, controllerId, controllerIds: [controllerId], deadlineId: deadline.id, status: done.status, completedAt: done.at.toISOString() });
  }

  private async progress(manager: EntityManager, agreement: ProcessingAgreement, tasks: DeletionTask[]) {
    const confirmation = await manager.findOne(DeletionConfirmation, { where: { agreementId: agreement.id } });
    return contractEndProgress({ ended: true, action: agreement.endOfContractAction, tasks, confirmation });
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
