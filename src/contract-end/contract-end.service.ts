import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThanOrEqual, Not } from 'typeorm';
import { AgreementDataStore } from '../agreements/agreement-data-store.entity';
import { ProcessingAgreement } from '../agreements/processing-agreement.entity';
import { Change, UnitOfWork } from '../audit/unit-of-work';
import { Actor, SYSTEM_ACTOR } from '../common/actor';
import { Clock } from '../common/clock';
import { assertNotInFuture } from '../common/instant';
import { conflict, deadlinePassed, notFound, ruleBroken } from '../common/problem';
import { addCalendarDays } from '../common/time';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlineKinds, DueOutcome } from '../deadlines/deadline-kinds';
import { isLate } from '../deadlines/deadline-plan';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { JobRequest } from '../jobs/job-definition';
import { JobReconciler } from '../jobs/job-reconciler';
import { OnJob } from '../jobs/on-job.decorator';
import { completion, mayChangeChoice } from './contract-end-rules';
import { erasureRequestJob, RequestDataStoreErasure } from './contract-end.queue';
import { DataExportService } from './data-export.service';
import { DeletionTask } from './deletion-task.entity';
import { DeletionTasksQuery, DeletionTaskView } from './deletion-tasks.query';
import { ChangeEndOfContractChoiceDto } from './dto/change-end-of-contract-choice.dto';
import { ConfirmDeletionTaskDto } from './dto/confirm-deletion-task.dto';
import { TerminateAgreementDto } from './dto/terminate-agreement.dto';
import { ErasureRequestSender } from './erasure-request.sender';

export interface EndOfContractChoiceView {
  agreementId: string;
  status: string;
  endOfContract: { action: string; withinDays: number };
}

export interface TerminationView {
  agreementId: string;
  status: ProcessingAgreement['status'];
  terminatedAt: Date;
  terminationEffectiveAt: Date;
  terminationReason: string | null;
  deadline: { id: string; kind: string; startsAt: Date; dueAt: Date; status: string };
  deletionTasks: DeletionTaskView[];
}

/** The date by which every data store must have confirmed erasure after the contract ends. */
const CONTRACT_END_DELETION = 'contract_end_deletion';

/**
 * End of contract (Art. 28(3)(g)). Timing, as a compliance officer reads a DPA clause
 * "within N days after the end": erasure is requested from every data store the moment
 * the termination takes effect, and the agreement's `contract_end_deletion` deadline at
 * effectiveAt + N calendar days is the date by which every store must have confirmed.
 * A store not confirmed by then makes that deadline `missed` (deadline.missed, like any
 * other); a later confirmation closes it `met_late` with its reason.
 */
@Injectable()
export class ContractEndService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadlines: DeadlinesService,
    private readonly kinds: DeadlineKinds,
    private readonly unitOfWork: UnitOfWork,
    private readonly exports: DataExportService,
    private readonly sender: ErasureRequestSender,
    private readonly deletionTasks: DeletionTasksQuery,
    private readonly reconciler: JobReconciler,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // The controller is the counterpart: it asked for its data to go, so it reads the reminders and a miss.
    this.kinds.register({ kind: CONTRACT_END_DELETION, subjectType: 'agreement', concerns: 'controller', onDue: (change, deadline) => this.deletionDue(change, deadline) });
    this.reconciler.addSource('erasure-requests', () => this.outstandingRequests());
  }


  async terminate(agreementId: string, dto: TerminateAgreementDto, actor: Actor): Promise<TerminationView> {
    const now = this.clock.now();
    const effectiveAt = new Date(dto.effectiveAt);
    return this.unitOfWork.run(actor, async (change) => {
      const { manager } = change;
      const agreement = await manager.findOne(ProcessingAgreement, { where: { id: agreementId }, lock: { mode: 'pessimistic_write' } });
      if (!agreement) throw notFound('Agreement', agreementId);
      if (agreement.status === 'terminated' || agreement.status === 'ended') throw conflict(`this agreement is already ${agreement.status}`);
      if (effectiveAt.getTime() < agreement.effectiveFrom.getTime()) throw ruleBroken('effectiveAt lies before the agreement took effect', 'effectiveAt');
      const before = { status: agreement.status, terminatedAt: null, terminationEffectiveAt: null, terminationReason: null };
      agreement.status = 'terminated';
      agreement.terminatedAt = now;
      agreement.terminationEffectiveAt = effectiveAt;
      agreement.terminationReason = dto.reason ?? null;
      await manager.save(agreement);

      const dueAt = addCalendarDays(effectiveAt, agreement.endOfContractWithinDays);
      const deadline = await this.deadlines.open(manager, {
        kind: CONTRACT_END_DELETION,
        subjectType: 'agreement',
        subjectId: agreement.id,
        controllerId: agreement.controllerId,
        startsAt: effectiveAt,
        dueAt,
      });
      const stores = await manager.find(AgreementDataStore, { where: { agreementId }, order: { name: 'ASC' } });
      const tasks = await manager.save(
        stores.map((store) =>
          manager.create(DeletionTask, {
            agreementId,
            dataStoreId: store.id,
            controllerId: agreement.controllerId,
            method: store.erasureMethod,
            status: 'scheduled',
            requestAt: effectiveAt,
            dueAt,
          }),
        ),
      );
      if (effectiveAt.getTime() <= now.getTime()) await this.startErasure(change, agreement);
      const after = { status: agreement.status, terminatedAt: now, terminationEffectiveAt: effectiveAt, terminationReason: agreement.terminationReason, deletionDueAt: dueAt };
      change.audit({ action: 'agreement.terminated', entityType: 'agreement', entityId: agreement.id, before, after });
      const view: TerminationView = {
        agreementId,
        status: agreement.status,
        terminatedAt: now,
        terminationEffectiveAt: effectiveAt,
        terminationReason: agreement.terminationReason,
        deadline: { id: deadline.id, kind: deadline.kind, startsAt: deadline.startsAt, dueAt: deadline.dueAt, status: deadline.status },
        deletionTasks: await this.deletionTasks.views(manager, { agreementId }),
      };
      const delay = Math.max(0, effectiveAt.getTime() - now.getTime());
      change.schedule(tasks.map((t) => erasureRequestJob(t.id, delay)));
      return view;
    });
  }

  async changeChoice(agreementId: string, dto: ChangeEndOfContractChoiceDto, actor: Actor): Promise<EndOfContractChoiceView> {
    const now = this.clock.now();
    return this.unitOfWork.run(actor, async (change) => {
      const { manager } = change;
      const agreement = await manager.findOne(ProcessingAgreement, { where: { id: agreementId }, lock: { mode: 'pessimistic_write' } });
      if (!agreement) throw notFound('Agreement', agreementId);
      const started = await manager.exists(DeletionTask, { where: { agreementId, status: Not('scheduled') } });
      if (!mayChangeChoice(agreement.terminationEffectiveAt, started, now)) throw conflict(`the contract has ended and erasure has started; the choice stays ${agreement.endOfContractAction}`, 'action');
      const before = { endOfContractAction: agreement.endOfContractAction };
      agreement.endOfContractAction = dto.action;
      await manager.save(agreement);
      change.audit({ action: 'agreement.end_of_contract_changed', entityType: 'agreement', entityId: agreementId, before, after: { endOfContractAction: dto.action } });
      return { agreementId, status: agreement.status, endOfContract: { action: agreement.endOfContractAction, withinDays: agreement.endOfContractWithinDays } };
    });
  }

  async confirm(taskId: string, dto: ConfirmDeletionTaskDto, actor: Actor): Promise<DeletionTaskView> {
    const now = this.clock.now();
    const confirmedAt = new Date(dto.confirmedAt);
    assertNotInFuture('confirmedAt', confirmedAt, now);
    return this.unitOfWork.run(actor, async (change) => {
      const { manager } = change;
      const task = await manager.findOne(DeletionTask, { where: { id: taskId }, lock: { mode: 'pessimistic_write' } });
      if (!task) throw notFound('Deletion task', taskId);
      if (task.status === 'confirmed') throw conflict(`this deletion task was already confirmed at ${task.confirmedAt!.toISOString()}`);
      if (task.status === 'scheduled') throw conflict(`erasure is requested when the contract ends, at ${task.requestAt.toISOString()}; nothing to confirm yet`);
      const late = isLate(confirmedAt, task.dueAt);
      if (late && !dto.lateReason) throw deadlinePassed(`the erasure was due by ${task.dueAt.toISOString()}: give a lateReason`);
      const before = (await this.deletionTasks.views(manager, { id: task.id }))[0];
      Object.assign(task, {
        status: 'confirmed',
        confirmedAt,
        evidence: dto.evidence,
        confirmedById: actor.id,
        confirmedByName: actor.name,
        lateReason: late ? dto.lateReason : null,
      });
      await manager.save(task);
      const [after] = await this.deletionTasks.views(manager, { id: task.id });
      change.audit({ action: 'deletion_task.confirmed', entityType: 'deletion_task', entityId: task.id, before, after });
      await this.closeDeadlineIfAllConfirmed(manager, task.agreementId);
      return after;
    });
  }

  /**
   * The contract has ended: export first when the controller asked for its data back,
   * then mark every scheduled task requested and announce `deletion.requested`.
   * Runs under the agreement's row lock, so it happens once however often it is called.
   */
  private async startErasure({ manager, audit, publish }: Change, agreement: ProcessingAgreement): Promise<string[]> {
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

  private async closeDeadlineIfAllConfirmed(manager: EntityManager, agreementId: string): Promise<void> {
    // Open: pending, or missed and not yet met late.
    const [deadline] = await this.deadlines.find({ kind: CONTRACT_END_DELETION, subjectType: 'agreement', subjectIds: [agreementId], status: ['pending', 'missed'] }, { manager, lock: true });
    if (!deadline) return;
    const done = completion(await manager.find(DeletionTask, { where: { agreementId } }), deadline);
    if (done) await this.deadlines.close(manager, deadline.id, done);
  }

  /** Erasure requests still to be made or delivered: their jobs may have been lost with Redis (same ids: harmless). */
  private async *outstandingRequests(): AsyncGenerator<JobRequest[]> {
    const now = this.clock.now().getTime();
    const tasks = (await this.dataSource.query(
      `SELECT id, request_at FROM deletion_tasks WHERE status = 'scheduled' OR (status = 'requested' AND method = 'webhook' AND delivered_at IS NULL)`,
    )) as { id: string; request_at: Date }[];
    yield tasks.map((t) => erasureRequestJob(t.id, Math.max(0, t.request_at.getTime() - now)));
  }
}
