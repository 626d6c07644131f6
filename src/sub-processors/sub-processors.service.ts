import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { notEndedAt } from '../agreements/agreement-status';
import { ProcessingAgreement } from '../agreements/processing-agreement.entity';
import { Change, UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { adequacyDecisionFor } from '../common/adequacy-decisions';
import { mapPage, Page, paginate } from '../common/pagination';
import { conflict, missingReference, notFound, ruleBroken } from '../common/problem';
import { addCalendarDays } from '../common/time';
import { assertNotInFuture } from '../common/instant';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlineKinds, DueOutcome } from '../deadlines/deadline-kinds';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { Processor } from '../processors/processor.entity';
import { CreateSubProcessorDto } from './dto/create-sub-processor.dto';
import { ApprovalDto, ObjectionDto } from './dto/link-decisions.dto';
import { ListSubProcessorsQuery } from './dto/list-sub-processors.query';
import { UpdateSubProcessorDto } from './dto/update-sub-processor.dto';
import { describeSubProcessorLinkDeadlines } from './sub-processor-deadlines.query';
import { SubProcessorAgreement } from './sub-processor-agreement.entity';
import { announcedLinkStatus, judgeObjection } from './sub-processor-links';
import { SubProcessor } from './sub-processor.entity';
import { assessTransfer, revisedTransferBasis, TransferBasis } from './transfer-basis';
import { TransferBasisDto } from './dto/transfer-basis.dto';

/** The controller's objection period for one sub-processor on one agreement (general authorisation). */
const OBJECTION_WINDOW = 'objection_window';
const LINK_SUBJECT = 'sub_processor_agreement';

export type SubProcessorView = ReturnType<typeof subProcessorView>;
export type SubProcessorDetailView = SubProcessorView & { agreements: LinkView[] };

export interface LinkView {
  id: string;
  agreementId: string;
  controllerId: string;
  status: SubProcessorAgreement['status'];
  announcedAt: Date;
  decidedAt: Date | null;
  decisionNote: string | null;
  /** When the controller's objection period ends (general authorisation only). */
  objectionDueAt: Date | null;
}

@Injectable()
export class SubProcessorsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly deadlines: DeadlinesService,
    private readonly kinds: DeadlineKinds,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // The controller may object until the window closes (Art. 28(2)); a window that closes quietly authorises.
    this.kinds.register({
      kind: OBJECTION_WINDOW,
      subjectType: LINK_SUBJECT,
      concerns: 'controller',
      onDue: (change, deadline) => this.closeObjectionWindow(change, deadline),
      describe: describeSubProcessorLinkDeadlines,
    });
  }

  async create(dto: CreateSubProcessorDto, actor: Actor): Promise<SubProcessorDetailView> {
    const basis = revisedTransferBasis(NO_TRANSFER, dto.country, basisChanges(dto));
    assertTransferBasis(dto.country, basis, this.clock.now());
    return this.unitOfWork.run(actor, async (change) => {
      const { manager, audit } = change;
      if (!(await manager.exists(Processor, { where: { id: dto.processorId } }))) throw missingReference('processorId', 'processor', dto.processorId);
      const row = await manager.save(
        manager.create(SubProcessor, {
          processorId: dto.processorId,
          name: dto.name,
          service: dto.service,
          country: dto.country,
          ...basisColumns(basis),
        }),
      );
      audit({ action: 'sub_processor.created', entityType: 'sub_processor', entityId: row.id, after: subProcessorView(row) });
      await this.announce(change, row, dto.agreementIds ?? []);
      return this.detail(manager, row);
    });
  }

  async list(query: ListSubProcessorsQuery): Promise<Page<SubProcessorView>> {
    const qb = this.dataSource.getRepository(SubProcessor).createQueryBuilder('s');
    if (query.processorId) qb.andWhere('s.processor_id = :processorId', { processorId: query.processorId });
    if (query.agreementId) {
      qb.andWhere('EXISTS (SELECT 1 FROM sub_processor_agreements l WHERE l.sub_processor_id = s.id AND l.agreement_id = :agreementId)', { agreementId: query.agreementId });
    }
    return mapPage(await paginate(qb, query), subProcessorView);
  }

  async get(id: string): Promise<SubProcessorDetailView> {
    return this.detail(this.dataSource.manager, await findOrFail(this.dataSource.manager, id));
  }

  async update(id: string, dto: UpdateSubProcessorDto, actor: Actor): Promise<SubProcessorDetailView> {
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const row = await findOrFail(manager, id, true);
      const before = subProcessorView(row);
      const country = dto.country ?? row.country;
      const basis = revisedTransferBasis(basisOf(row), country, basisChanges(dto));
      assertTransferBasis(country, basis, this.clock.now());
      manager.merge(SubProcessor, row, { name: dto.name, service: dto.service, country, ...basisColumns(basis) });
      const saved = await manager.save(row);
      audit({ action: 'sub_processor.updated', entityType: 'sub_processor', entityId: id, before, after: subProcessorView(saved) });
      return this.detail(manager, saved);
    });
  }

  /** Announces the sub-processor for more agreements (an "intended addition", Art. 28(2)). */
  async announceFor(id: string, agreementIds: string[], actor: Actor): Promise<SubProcessorDetailView> {
    return this.unitOfWork.run(actor, async (change) => {
      const { manager } = change;
      const row = await findOrFail(manager, id, true);
      await this.announce(change, row, agreementIds);
      return this.detail(manager, row);
    });
  }

  async object(id: string, dto: ObjectionDto, actor: Actor): Promise<SubProcessorDetailView> {
    const now = this.clock.now();
    const objectedAt = dto.objectedAt ? new Date(dto.objectedAt) : now;
    assertNotInFuture('objectedAt', objectedAt, now);
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const row = await findOrFail(manager, id);
      const unlocked = await findLink(manager, id, dto.agreementId);
      // The window's deadline row first, then the link: the same order as the due handler, so the two never deadlock.
      const window = (await this.deadlines.find({ kind: OBJECTION_WINDOW, subjectType: LINK_SUBJECT, subjectIds: [unlocked.id] }, { manager, lock: true })).at(-1);
      const link = await findLink(manager, id, dto.agreementId, true);
      if (link.status === 'pending_approval') throw conflict('this agreement uses specific authorisation: record the controller’s decision as an approval', 'agreementId');
      if (link.status !== 'pending_objection' || !window || window.status !== 'pending') {
        throw conflict(`the sub-processor is already ${link.status} for this agreement`, 'agreementId');
      }
      const verdict = judgeObjection(objectedAt, link.announcedAt, window.dueAt);
      if (!verdict.ok) throw ruleBroken(verdict.reason, 'objectedAt');
      const before = linkRecord(link);
      link.status = 'objected';
      link.decidedAt = objectedAt;
      link.decisionNote = dto.reason;
      await manager.save(link);
      await this.deadlines.close(manager, window.id, { status: 'met', at: objectedAt });
      audit({ action: 'sub_processor_agreement.objected', entityType: 'sub_processor_agreement', entityId: link.id, before, after: linkRecord(link) });
      return this.detail(manager, row);
    });
  }

  async decide(id: string, dto: ApprovalDto, actor: Actor): Promise<SubProcessorDetailView> {
    const now = this.clock.now();
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const row = await findOrFail(manager, id);
      const link = await findLink(manager, id, dto.agreementId, true);
      if (link.status === 'pending_objection') throw conflict('this agreement uses general authorisation: the controller may object, not approve', 'agreementId');
      if (link.status !== 'pending_approval') throw conflict(`the sub-processor is already ${link.status} for this agreement`, 'agreementId');
      const before = linkRecord(link);
      link.status = dto.decision === 'approved' ? 'authorized' : 'rejected';
      link.decidedAt = now;
      link.decisionNote = dto.note ?? null;
      await manager.save(link);
      audit({ action: `sub_processor_agreement.${dto.decision}`, entityType: 'sub_processor_agreement', entityId: link.id, before, after: linkRecord(link) });
      return this.detail(manager, row);
    });
  }

  /** The objection period ended without an objection: the sub-processor is authorised for that agreement. */
  async closeObjectionWindow({ manager, audit }: Change, deadline: Deadline): Promise<DueOutcome> {
    const link = await manager.findOne(SubProcessorAgreement, { where: { id: deadline.subjectId }, lock: { mode: 'pessimistic_write' } });
    if (!link) {
      await this.deadlines.close(manager, deadline.id, { status: 'cancelled', reason: 'the sub-processor link no longer exists' });
      return { missed: false };
    }
    if (link.status === 'pending_objection') {
      const before = linkRecord(link);
      link.status = 'authorized';
      link.decidedAt = deadline.dueAt;
      link.decisionNote = 'no objection within the objection period';
      await manager.save(link);
      audit({ action: 'sub_processor_agreement.authorized', entityType: 'sub_processor_agreement', entityId: link.id, before, after: linkRecord(link) });
    }
    await this.deadlines.close(manager, deadline.id, { status: 'met', at: deadline.dueAt });
    return { missed: false };
  }

  /** Links the sub-processor to agreements of its own processor and opens the objection windows. */
  private async announce({ manager, audit }: Change, subProcessor: SubProcessor, agreementIds: string[]): Promise<void> {
    if (agreementIds.length === 0) return;
    const now = this.clock.now();
    const agreements = await manager.find(ProcessingAgreement, { where: { id: In(agreementIds) } });
    const missing = agreementIds.filter((id) => !agreements.some((a) => a.id === id));
    if (missing.length) throw missingReference('agreementIds', 'agreement', missing.join(', '));
    const foreign = agreements.filter((a) => a.processorId !== subProcessor.processorId);
    if (foreign.length) throw ruleBroken(`agreement ${foreign.map((a) => a.id).join(', ')} belongs to another processor than this sub-processor's`, 'agreementIds');
    const ended = agreements.filter((a) => !notEndedAt(a, now));
    if (ended.length) throw ruleBroken(`agreement ${ended.map((a) => a.id).join(', ')} is no longer in force`, 'agreementIds');
    const linked = await manager.find(SubProcessorAgreement, { where: { subProcessorId: subProcessor.id, agreementId: In(agreementIds) } });
    if (linked.length) throw conflict(`already announced for agreement ${linked.map((l) => l.agreementId).join(', ')}`, 'agreementIds');

    for (const agreement of agreements) {
      const link = await manager.save(
        manager.create(SubProcessorAgreement, {
          subProcessorId: subProcessor.id,
          agreementId: agreement.id,
          status: announcedLinkStatus(agreement.subProcessorAuthorization),
          announcedAt: now,
          decidedAt: null,
          decisionNote: null,
        }),
      );
      if (link.status === 'pending_objection') {
        if (agreement.objectionPeriodDays === null) throw ruleBroken(`agreement ${agreement.id} has general authorisation but no objectionPeriodDays`, 'agreementIds');
        await this.deadlines.open(manager, {
          kind: OBJECTION_WINDOW,
          subjectType: LINK_SUBJECT,
          subjectId: link.id,
          controllerId: agreement.controllerId,
          startsAt: now,
          dueAt: addCalendarDays(now, agreement.objectionPeriodDays),
        });
      }
      audit({ action: 'sub_processor_agreement.announced', entityType: 'sub_processor_agreement', entityId: link.id, after: linkRecord(link) });
    }
  }

  private async detail(manager: EntityManager, row: SubProcessor): Promise<SubProcessorDetailView> {
    const links = await manager.query<{ id: string; agreement_id: string; controller_id: string; status: LinkView['status']; announced_at: Date; decided_at: Date | null; decision_note: string | null }[]>(
      `SELECT l.id, l.agreement_id, a.controller_id, l.status, l.announced_at, l.decided_at, l.decision_note
         FROM sub_processor_agreements l
         JOIN processing_agreements a ON a.id = l.agreement_id
        WHERE l.sub_processor_id = $1
        ORDER BY l.announced_at, l.id`,
      [row.id],
    );
    const windows = links.length ? await this.deadlines.find({ kind: OBJECTION_WINDOW, subjectType: LINK_SUBJECT, subjectIds: links.map((l) => l.id) }, { manager }) : [];
    const dueAt = new Map(windows.map((w) => [w.subjectId, w.dueAt]));
    return {
      ...subProcessorView(row),
      agreements: links.map((l) => ({
        id: l.id,
        agreementId: l.agreement_id,
        controllerId: l.controller_id,
        status: l.status,
        announcedAt: l.announced_at,
        decidedAt: l.decided_at,
        decisionNote: l.decision_note,
        objectionDueAt: dueAt.get(l.id) ?? null,
      })),
    };
  }
}

const NO_TRANSFER: TransferBasis = { mechanism: null, dpfCertified: null, dpfCheckedAt: null, sccModule: null, sccVersion: null, derogationJustification: null };

/** Chapter V: a true basis for the country, checked on a date that has come. */
function assertTransferBasis(country: string, basis: TransferBasis, now: Date): void {
  const verdict = assessTransfer(country, basis);
  if (!verdict.ok) throw ruleBroken(verdict.reason, verdict.field);
  assertNotInFuture('dpfCheckedAt', basis.dpfCheckedAt, now);
}

/** What a request says about the basis: undefined where it is silent, null where it clears. */
function basisChanges(dto: TransferBasisDto): Partial<TransferBasis> {
  return {
    mechanism: dto.transferMechanism,
    dpfCertified: dto.dpfCertified,
    dpfCheckedAt: dto.dpfCheckedAt == null ? dto.dpfCheckedAt : new Date(dto.dpfCheckedAt),
    sccModule: dto.sccModule,
    sccVersion: dto.sccVersion,
    derogationJustification: dto.derogationJustification,
  };
}

function basisOf(row: SubProcessor): TransferBasis {
  return {
    mechanism: row.transferMechanism,
    dpfCertified: row.dpfCertified,
    dpfCheckedAt: row.dpfCheckedAt,
    sccModule: row.sccModule,
    sccVersion: row.sccVersion,
    derogationJustification: row.derogationJustification,
  };
}

function basisColumns({ mechanism, ...details }: TransferBasis): Pick<SubProcessor, 'transferMechanism' | keyof typeof details> {
  return { transferMechanism: mechanism, ...details };
}

async function findOrFail(manager: EntityManager, id: string, lock = false): Promise<SubProcessor> {
  const row = await manager.findOne(SubProcessor, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!row) throw notFound('sub-processor', id);
  return row;
}

async function findLink(manager: EntityManager, subProcessorId: string, agreementId: string, lock = false): Promise<SubProcessorAgreement> {
  const link = await manager.findOne(SubProcessorAgreement, { where: { subProcessorId, agreementId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!link) throw ruleBroken(`the sub-processor was not announced for agreement ${agreementId}`, 'agreementId');
  return link;
}

function linkRecord(link: SubProcessorAgreement) {
  return {
    id: link.id,
    subProcessorId: link.subProcessorId,
    agreementId: link.agreementId,
    status: link.status,
    announcedAt: link.announcedAt,
    decidedAt: link.decidedAt,
    decisionNote: link.decisionNote,
  };
}

export function subProcessorView(row: SubProcessor) {
  return {
    id: row.id,
    processorId: row.processorId,
    name: row.name,
    service: row.service,
    country: row.country,
    transferMechanism: row.transferMechanism,
    dpfCertified: row.dpfCertified,
    dpfCheckedAt: row.dpfCheckedAt,
    sccModule: row.sccModule,
    sccVersion: row.sccVersion,
    derogationJustification: row.derogationJustification,
    adequacyDecision: row.transferMechanism === 'adequacy' ? adequacyDecisionView(row.country) : null,
    transferBasisIssue: transferBasisIssue(row),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Null for a true basis; otherwise what a row written before the rule tightened lacks, as the next update will ask. */
function transferBasisIssue(row: SubProcessor): { field: string; message: string } | null {
  const verdict = assessTransfer(row.country, basisOf(row));
  return verdict.ok ? null : { field: verdict.field, message: verdict.reason };
}

function adequacyDecisionView(country: string): { reference: string; adoptedOn: string; scope: string | null } | null {
  const decision = adequacyDecisionFor(country);
  return decision ? { reference: decision.reference, adoptedOn: decision.adoptedOn, scope: decision.scope ?? null } : null;
}
