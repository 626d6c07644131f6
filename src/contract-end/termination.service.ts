import { Injectable } from '@nestjs/common';
import { Not } from 'typeorm';
import { AgreementDataStore } from '../agreements/agreement-data-store.entity';
import { ProcessingAgreement } from '../agreements/processing-agreement.entity';
import { UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { assertNotInFuture } from '../common/instant';
import { conflict, deadlinePassed, notFound, ruleBroken } from '../common/problem';
import { addCalendarDays } from '../common/time';
import { isLate } from '../deadlines/deadline-plan';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { mayChangeChoice } from './contract-end-rules';
import { erasureRequestJob } from './contract-end.queue';
import { DeletionTask } from './deletion-task.entity';
import { DeletionTasksQuery, DeletionTaskView } from './deletion-tasks.query';
import { ChangeEndOfContractChoiceDto } from './dto/change-end-of-contract-choice.dto';
import { ConfirmDeletionTaskDto } from './dto/confirm-deletion-task.dto';
import { TerminateAgreementDto } from './dto/terminate-agreement.dto';
import { CONTRACT_END_DELETION, ErasureWorkflowService } from './erasure-workflow.service';

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

/**
 * The commands at the end of a contract: terminate it, record the controller's choice of
 * return or delete, confirm a store's erasure. The erasure runs in ErasureWorkflowService;
 * a termination that takes effect at once starts it, and the last confirmation closes it.
 */
@Injectable()
export class TerminationService {
  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly unitOfWork: UnitOfWork,
    private readonly erasure: ErasureWorkflowService,
    private readonly deletionTasks: DeletionTasksQuery,
    private readonly clock: Clock,
  ) {}

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
      if (effectiveAt.getTime() <= now.getTime()) await this.erasure.startErasure(change, agreement);
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
      await this.erasure.closeDeadlineIfAllConfirmed(manager, task.agreementId);
      return after;
    });
  }
}
