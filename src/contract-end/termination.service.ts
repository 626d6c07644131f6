import { Injectable } from '@nestjs/common';
import { Not } from 'typeorm';
import { agreementStatusAt, endOfAgreement } from '../agreements/agreement-status';
import { AGREEMENT_STATUSES, AgreementStatus, ProcessingAgreement } from '../agreements/processing-agreement.entity';
import { UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { assertNotInFuture } from '../common/instant';
import { conflict, deadlinePassed, notFound, ruleBroken } from '../common/problem';
import { isLate } from '../deadlines/deadline-plan';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { mayChangeChoice } from './contract-end-rules';
import { DeletionConfirmation } from './deletion-confirmation.entity';
import { DeletionConfirmationView, deletionConfirmationView } from './deletion-confirmation.view';
import { DeletionTask } from './deletion-task.entity';
import { DeletionTasksQuery, DeletionTaskView } from './deletion-tasks.query';
import { ChangeEndOfContractChoiceDto } from './dto/change-end-of-contract-choice.dto';
import { ConfirmDeletionTaskDto } from './dto/confirm-deletion-task.dto';
import { RecordDeletionConfirmationDto } from './dto/record-deletion-confirmation.dto';
import { TerminateAgreementDto } from './dto/terminate-agreement.dto';
import { CONTRACT_END_DELETION, ErasureWorkflowService } from './erasure-workflow.service';
import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText } from '../common/api-docs.decorator';

export class EndOfContractView {
  @ApiText({ enum: ['delete', 'return', 'return_and_delete'] }) action: string;
  @ApiProperty({ type: 'integer' }) withinDays: number;
}

export class EndOfContractChoiceView {
  @ApiId() agreementId: string;
  @ApiText({ enum: AGREEMENT_STATUSES }) status: AgreementStatus;
  @ApiProperty({ type: EndOfContractView }) endOfContract: EndOfContractView;
}

export class ContractEndDeadlineView {
  @ApiId() id: string;
  @ApiText() kind: string;
  @ApiInstant() startsAt: Date;
  @ApiInstant() dueAt: Date;
  @ApiText() status: string;
}

export class TerminationView {
  @ApiId() agreementId: string;
  @ApiText({ enum: AGREEMENT_STATUSES }) status: AgreementStatus;
  @ApiInstant() terminatedAt: Date;
  @ApiInstant() terminationEffectiveAt: Date;
  @ApiText({ nullable: true }) terminationReason: string | null;
  @ApiProperty({ type: ContractEndDeadlineView }) deadline: ContractEndDeadlineView;
  @ApiProperty({ type: [DeletionTaskView] }) deletionTasks: DeletionTaskView[];
}

/**
 * The commands at the end of a contract: terminate it, record the controller's choice of
 * return or delete, confirm a store's erasure (or, without stores, record what was
 * erased). The erasure runs in ErasureWorkflowService; a termination that takes effect
 * at once starts it, and the last confirmation closes it.
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
      if (agreement.terminatedAt) throw conflict(`this agreement was already terminated on ${agreement.terminatedAt.toISOString()}, taking effect ${agreement.terminationEffectiveAt!.toISOString()}`);
      if (agreementStatusAt(agreement, now) === 'ended') throw conflict(`this agreement ended at ${agreement.endsAt!.toISOString()}; its contract end runs from then`);
      if (effectiveAt.getTime() < agreement.effectiveFrom.getTime()) throw ruleBroken('effectiveAt lies before the agreement took effect', 'effectiveAt');
      if (agreement.endsAt && effectiveAt.getTime() >= agreement.endsAt.getTime()) {
        throw ruleBroken(`the agreement ends by itself at ${agreement.endsAt.toISOString()}; a termination takes effect before that`, 'effectiveAt');
      }
      const before = { status: agreementStatusAt(agreement, now), terminatedAt: null, terminationEffectiveAt: null, terminationReason: null };
      agreement.terminatedAt = now;
      agreement.terminationEffectiveAt = effectiveAt;
      agreement.terminationReason = dto.reason ?? null;
      await manager.save(agreement);
      const deadline = await this.erasure.open(change, agreement, effectiveAt);
      const status = agreementStatusAt(agreement, now);
      const after = { status, terminatedAt: now, terminationEffectiveAt: effectiveAt, terminationReason: agreement.terminationReason, deletionDueAt: deadline.dueAt };
      change.audit({ action: 'agreement.terminated', entityType: 'agreement', entityId: agreement.id, before, after });
      return {
        agreementId,
        status,
        terminatedAt: now,
        terminationEffectiveAt: effectiveAt,
        terminationReason: agreement.terminationReason,
        deadline: { id: deadline.id, kind: deadline.kind, startsAt: deadline.startsAt, dueAt: deadline.dueAt, status: deadline.status },
        deletionTasks: await this.deletionTasks.views(manager, { agreementId }),
      };
    });
  }

  async changeChoice(agreementId: string, dto: ChangeEndOfContractChoiceDto, actor: Actor): Promise<EndOfContractChoiceView> {
    const now = this.clock.now();
    return this.unitOfWork.run(actor, async (change) => {
      const { manager } = change;
      const agreement = await manager.findOne(ProcessingAgreement, { where: { id: agreementId }, lock: { mode: 'pessimistic_write' } });
      if (!agreement) throw notFound('Agreement', agreementId);
      const started = await manager.exists(DeletionTask, { where: { agreementId, status: Not('scheduled') } });
      if (!mayChangeChoice(endOfAgreement(agreement), started, now)) throw conflict(`the contract has ended and erasure has started; the choice stays ${agreement.endOfContractAction}`, 'action');
      const before = { endOfContractAction: agreement.endOfContractAction };
      agreement.endOfContractAction = dto.action;
      await manager.save(agreement);
      change.audit({ action: 'agreement.end_of_contract_changed', entityType: 'agreement', entityId: agreementId, before, after: { endOfContractAction: dto.action } });
      return { agreementId, status: agreementStatusAt(agreement, now), endOfContract: { action: agreement.endOfContractAction, withinDays: agreement.endOfContractWithinDays } };
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
      if (confirmedAt.getTime() < task.requestAt.getTime()) throw ruleBroken(`confirmedAt lies before the contract ended at ${task.requestAt.toISOString()}`, 'confirmedAt');
      const agreement = await manager.findOneByOrFail(ProcessingAgreement, { id: task.agreementId });
      if (agreement.endOfContractAction !== 'delete' && !task.returnedLocation && !dto.returned) {
        throw ruleBroken(`the controller chose ${agreement.endOfContractAction}: say where this store's copy went (returned.location)`, 'returned');
      }
      const late = isLate(confirmedAt, task.dueAt);
      if (late && !dto.lateReason) throw deadlinePassed(`the erasure was due by ${task.dueAt.toISOString()}: give a lateReason`);
      const before = (await this.deletionTasks.views(manager, { id: task.id }))[0];
      Object.assign(task, {
        status: 'confirmed',
        confirmedAt,
        evidence: dto.evidence,
        confirmedById: actor.id,
        confirmedByName: dto.confirmedBy?.name ?? actor.name,
        confirmedByFunction: dto.confirmedBy?.function ?? null,
        lateReason: late ? dto.lateReason : null,
        ...(dto.returned ? { returnedLocation: dto.returned.location, returnedChecksum: dto.returned.checksum ?? null, returnedDescription: dto.returned.description ?? null } : {}),
      });
      await manager.save(task);
      const [after] = await this.deletionTasks.views(manager, { id: task.id });
      change.audit({ action: 'deletion_task.confirmed', entityType: 'deletion_task', entityId: task.id, before, after });
      await this.erasure.closeDeadlineIfComplete(change, agreement);
      return after;
    });
  }

  /** For an agreement without data stores: a person records what was erased or returned, where, and the evidence. */
  async recordConfirmation(agreementId: string, dto: RecordDeletionConfirmationDto, actor: Actor): Promise<DeletionConfirmationView> {
    const now = this.clock.now();
    const confirmedAt = new Date(dto.confirmedAt);
    assertNotInFuture('confirmedAt', confirmedAt, now);
    return this.unitOfWork.run(actor, async (change) => {
      const { manager } = change;
      const agreement = await manager.findOne(ProcessingAgreement, { where: { id: agreementId }, lock: { mode: 'pessimistic_write' } });
      if (!agreement) throw notFound('Agreement', agreementId);
      if (await manager.exists(DeletionTask, { where: { agreementId } })) throw conflict('this agreement lists data stores: each confirms its erasure at POST /deletion-tasks/:id/confirm');
      const [deadline] = await this.deadlines.find({ kind: CONTRACT_END_DELETION, subjectType: 'agreement', subjectIds: [agreementId] }, { manager });
      const end = endOfAgreement(agreement);
      if (!deadline || !end || end.getTime() > now.getTime()) throw conflict('the contract has not ended: there is no erasure to confirm yet');
      const existing = await manager.findOne(DeletionConfirmation, { where: { agreementId } });
      if (existing) throw conflict(`the erasure was already confirmed by ${existing.confirmedByName} at ${existing.confirmedAt.toISOString()}`);
      if (confirmedAt.getTime() < end.getTime()) throw ruleBroken(`confirmedAt lies before the contract ended at ${end.toISOString()}`, 'confirmedAt');
      const late = isLate(confirmedAt, deadline.dueAt);
      if (late && !dto.lateReason) throw deadlinePassed(`the erasure was due by ${deadline.dueAt.toISOString()}: give a lateReason`);
      const saved = await manager.save(
        manager.create(DeletionConfirmation, {
          agreementId,
          controllerId: agreement.controllerId,
          erased: dto.erased,
          location: dto.location,
          evidence: dto.evidence,
          confirmedByName: dto.confirmedBy.name,
          confirmedByFunction: dto.confirmedBy.function,
          confirmedAt,
          lateReason: late ? dto.lateReason! : null,
          recordedById: actor.id,
          recordedByName: actor.name,
        }),
      );
      const view = deletionConfirmationView(saved);
      change.audit({ action: 'deletion_confirmation.recorded', entityType: 'agreement', entityId: agreementId, after: view });
      await this.erasure.closeDeadlineIfComplete(change, agreement);
      return view;
    });
  }
}
