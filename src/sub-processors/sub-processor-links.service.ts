import { Injectable } from '@nestjs/common';
import { EntityManager, In, Not } from 'typeorm';
import { agreementStatusAt, notEndedAt } from '../agreements/agreement-status';
import { ProcessingAgreement } from '../agreements/processing-agreement.entity';
import { Change, UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { assertNotInFuture } from '../common/instant';
import { conflict, missingReference, notFound, ruleBroken } from '../common/problem';
import { Deadline } from '../deadlines/deadline.entity';
import { DueOutcome } from '../deadlines/deadline-kinds';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { EndSubProcessorDto } from './dto/end-sub-processor.dto';
import { ApprovalDto, ObjectionDto, ResolveObjectionDto } from './dto/link-decisions.dto';
import { Announcement, SubProcessorAgreement, SubProcessorTerms } from './sub-processor-agreement.entity';
import { approvalDueAt, changedTerms, judgeObjection, LinkEvent, linkTransition, objectionWindowClosesAt, CHANGEABLE, TermChange } from './sub-processor-links';
import { APPROVAL_REQUEST, LINK_SUBJECT, OBJECTION_WINDOW, SubProcessorLinksQuery } from './sub-processor-links.query';
import { SubProcessor } from './sub-processor.entity';
import { SubProcessorNoticeAgreement } from './sub-processors.events';
import { noticeParty, SubProcessorDetailView, subProcessorView, termsOf } from './sub-processor.view';

export interface AnnouncementOptions {
  replacesSubProcessorId?: string | null;
  approvalDueAt?: string | null;
}

/** A link the change touched, with its agreement and the clock it opened: what a notice is made of. */
interface Touched {
  link: SubProcessorAgreement;
  agreement: ProcessingAgreement;
  clock: Deadline | null;
}

/**
 * The life of a sub-processor on each agreement: announced (with a clock), objected to or
 * approved, changed (asked again), resolved, ended — and each controller it reaches told
 * once per change, in one notice listing its agreements.
 */
@Injectable()
export class SubProcessorLinksService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly deadlines: DeadlinesService,
    private readonly query: SubProcessorLinksQuery,
    private readonly clock: Clock,
  ) {}

  async detail(manager: EntityManager, row: SubProcessor): Promise<SubProcessorDetailView> {
    return { ...subProcessorView(row), agreements: await this.query.ofSubProcessor(manager, row.id, this.clock.now()) };
  }

  /**
   * Links the sub-processor to agreements of its own processor: under general
   * authorisation it opens the objection window and tells the controller
   * (`subprocessor.announced`); under specific it asks for approval by a date
   * (`subprocessor.approval_requested`).
   */
  async announce(change: Change, subProcessor: SubProcessor, agreementIds: string[], options: AnnouncementOptions): Promise<void> {
    if (agreementIds.length === 0) {
      if (options.replacesSubProcessorId) throw ruleBroken('name the agreements on which it replaces the other sub-processor', 'agreementIds');
      return;
    }
    const { manager, audit } = change;
    const now = this.clock.now();
    if (subProcessor.endedAt) throw conflict(`this sub-processor was ended at ${subProcessor.endedAt.toISOString()}`, 'agreementIds');
    const asked = this.approvalDue(now, options.approvalDueAt);
    const agreements = await manager.find(ProcessingAgreement, { where: { id: In(agreementIds) }, order: { id: 'ASC' } });
    const missing = agreementIds.filter((id) => !agreements.some((a) => a.id === id));
    if (missing.length) throw missingReference('agreementIds', 'agreement', missing.join(', '));
    const foreign = agreements.filter((a) => a.processorId !== subProcessor.processorId);
    if (foreign.length) throw ruleBroken(`agreement ${foreign.map((a) => a.id).join(', ')} belongs to another processor than this sub-processor's`, 'agreementIds');
    const ended = agreements.filter((a) => !notEndedAt(a, now));
    if (ended.length) throw ruleBroken(`agreement ${ended.map((a) => a.id).join(', ')} is no longer in force`, 'agreementIds');
    const noPeriod = agreements.filter((a) => a.subProcessorAuthorization === 'general' && a.objectionPeriodDays === null);
    if (noPeriod.length) throw ruleBroken(`agreement ${noPeriod.map((a) => a.id).join(', ')} has general authorisation but no objectionPeriodDays`, 'agreementIds');
    const linked = await manager.find(SubProcessorAgreement, { where: { subProcessorId: subProcessor.id, agreementId: In(agreementIds) } });
    if (linked.length) throw conflict(`already announced for agreement ${linked.map((l) => l.agreementId).join(', ')}`, 'agreementIds');
    const replacing = await this.replacedOn(manager, subProcessor, agreementIds, options.replacesSubProcessorId ?? null);

    const touched: Touched[] = [];
    for (const agreement of agreements) {
      const moved = linkTransition(null, { type: 'announced', authorization: agreement.subProcessorAuthorization });
      if (!moved.ok) throw conflict(moved.reason, 'agreementIds');
      const replaces = replacing?.on.has(agreement.id) ? replacing.replaced.id : null;
      const link = await manager.save(
        manager.create(SubProcessorAgreement, {
          subProcessorId: subProcessor.id,
          agreementId: agreement.id,
          status: moved.status,
          announcedAt: now,
          announcement: replaces ? 'replacement' : 'addition',
          replacesSubProcessorId: replaces,
          previousTerms: null,
          decidedAt: null,
          decisionNote: null,
          objectedAt: null,
          objectionReason: null,
          objectionResolution: null,
          objectionResolvedAt: null,
          objectionResolutionNote: null,
          endedAt: null,
        }),
      );
      touched.push({ link, agreement, clock: await this.openClock(manager, link, agreement, now, asked) });
      audit({ action: 'sub_processor_agreement.announced', entityType: 'sub_processor_agreement', entityId: link.id, after: linkRecord(link) });
    }
    this.tell(change, subProcessor, touched, replacing?.replaced ?? null, []);
  }

  /**
   * A change of country, service or transfer mechanism: every controller for whose data
   * the sub-processor is in use or on its way is told again and asked again — the
   * objection window re-opens under general authorisation, approval is asked again under
   * specific. The terms a controller had authorised are kept on its link.
   */
  async changed(change: Change, subProcessor: SubProcessor, before: SubProcessorTerms, approvalDue: string | null | undefined): Promise<void> {
    const changes = changedTerms(before, termsOf(subProcessor));
    if (changes.length === 0) return;
    const { manager, audit } = change;
    const now = this.clock.now();
    const asked = this.approvalDue(now, approvalDue);
    const links = await manager.find(SubProcessorAgreement, { where: { subProcessorId: subProcessor.id, status: In([...CHANGEABLE]) }, order: { agreementId: 'ASC' } });
    const agreements = links.length ? await manager.find(ProcessingAgreement, { where: { id: In(links.map((l) => l.agreementId)) } }) : [];
    const touched: Touched[] = [];
    for (const { id } of links) {
      const link = await this.clearClocksAndLock(manager, id, 'the sub-processor changed: the controller is asked again');
      const agreement = agreements.find((a) => a.id === link.agreementId)!;
      if (!CHANGEABLE.includes(link.status) || !notEndedAt(agreement, now)) continue;
      const previous = linkRecord(link);
      const moved = this.move(link, { type: 'changed', authorization: agreement.subProcessorAuthorization }, 'id');
      // Once authorised, what follows is a change to what the controller agreed to; before that it is still the addition.
      const announcement: Announcement = previous.status === 'authorized' || link.announcement === 'change' ? 'change' : link.announcement;
      if (previous.status === 'authorized') link.previousTerms = before;
      Object.assign(link, { status: moved, announcement, announcedAt: now, decidedAt: null, decisionNote: null });
      await manager.save(link);
      touched.push({ link, agreement, clock: await this.openClock(manager, link, agreement, now, asked) });
      audit({ action: 'sub_processor_agreement.change_announced', entityType: 'sub_processor_agreement', entityId: link.id, before: previous, after: { ...linkRecord(link), changes } });
    }
    this.tell(change, subProcessor, touched, null, changes);
  }

  async object(id: string, dto: ObjectionDto, actor: Actor): Promise<SubProcessorDetailView> {
    const now = this.clock.now();
    const objectedAt = dto.objectedAt ? new Date(dto.objectedAt) : now;
    assertNotInFuture('objectedAt', objectedAt, now);
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const row = await findOrFail(manager, id);
      const unlocked = await findLink(manager, id, dto.agreementId);
      // The window's deadline row first, then the link: the same order as the due handler, so the two never deadlock.
      const window = (await this.deadlines.find({ kind: OBJECTION_WINDOW, subjectType: LINK_SUBJECT, subjectIds: [unlocked.id], status: 'pending' }, { manager, lock: true })).at(-1);
      const link = await findLink(manager, id, dto.agreementId, true);
      const before = linkRecord(link);
      const status = this.move(link, { type: 'objected' }, 'agreementId');
      if (!window) throw conflict(`the sub-processor is already ${link.status} for this agreement`, 'agreementId');
      const verdict = judgeObjection(objectedAt, link.announcedAt, window.dueAt);
      if (!verdict.ok) throw ruleBroken(verdict.reason, 'objectedAt');
      Object.assign(link, {
        status,
        decidedAt: objectedAt,
        decisionNote: dto.reason,
        objectedAt,
        objectionReason: dto.reason,
        objectionResolution: null,
        objectionResolvedAt: null,
        objectionResolutionNote: null,
      });
      await manager.save(link);
      await this.deadlines.close(manager, window.id, { status: 'met', at: objectedAt });
      audit({ action: 'sub_processor_agreement.objected', entityType: 'sub_processor_agreement', entityId: link.id, before, after: linkRecord(link) });
      return this.detail(manager, row);
    });
  }

  /** The controller's decision under specific authorisation; it closes the approval clock, late if the date asked has passed. */
  async decide(id: string, dto: ApprovalDto, actor: Actor): Promise<SubProcessorDetailView> {
    const now = this.clock.now();
    return this.unitOfWork.run(actor, async (change) => {
      const { manager, audit } = change;
      const row = await findOrFail(manager, id);
      const unlocked = await findLink(manager, id, dto.agreementId);
      const clock = (await this.deadlines.find({ kind: APPROVAL_REQUEST, subjectType: LINK_SUBJECT, subjectIds: [unlocked.id], status: ['pending', 'missed'] }, { manager, lock: true })).at(-1);
      const link = await findLink(manager, id, dto.agreementId, true);
      const before = linkRecord(link);
      const status = this.move(link, { type: dto.decision }, 'agreementId');
      Object.assign(link, { status, decidedAt: now, decisionNote: dto.note ?? null });
      await manager.save(link);
      if (clock) {
        await this.deadlines.close(
          manager,
          clock.id,
          now.getTime() > clock.dueAt.getTime() ? { status: 'met_late', at: now, lateReason: 'the controller decided after the date it was asked to decide by' } : { status: 'met', at: now },
        );
      }
      audit({ action: `sub_processor_agreement.${dto.decision}`, entityType: 'sub_processor_agreement', entityId: link.id, before, after: linkRecord(link) });
      if (status === 'authorized') await this.endReplaced(change, link, now);
      return this.detail(manager, row);
    });
  }

  /** The officer settles an open objection; `agreement_terminated` once the agreement has been terminated. */
  async resolve(id: string, dto: ResolveObjectionDto, actor: Actor): Promise<SubProcessorDetailView> {
    const now = this.clock.now();
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const row = await findOrFail(manager, id);
      const link = await findLink(manager, id, dto.agreementId, true);
      const before = linkRecord(link);
      const status = this.move(link, { type: 'objection_resolved', resolution: dto.resolution, announcement: link.announcement }, 'agreementId');
      if (dto.resolution === 'agreement_terminated') {
        const agreement = await manager.findOneByOrFail(ProcessingAgreement, { id: link.agreementId });
        const agreementStatus = agreementStatusAt(agreement, now);
        if (agreementStatus !== 'terminating' && agreementStatus !== 'ended')
          throw ruleBroken(`the agreement is ${agreementStatus}: terminate it first (POST /agreements/${agreement.id}/terminate)`, 'resolution');
      }
      const withdrawnChange = status === 'authorized';
      Object.assign(link, {
        status,
        objectionResolution: dto.resolution,
        objectionResolvedAt: now,
        objectionResolutionNote: dto.note ?? null,
        endedAt: status === 'ended' ? now : null,
        decisionNote: withdrawnChange ? 'the change is withdrawn for this client: it goes on under the terms it authorised (previousTerms)' : link.decisionNote,
      });
      await manager.save(link);
      audit({ action: 'sub_processor_agreement.objection_resolved', entityType: 'sub_processor_agreement', entityId: link.id, before, after: linkRecord(link) });
      return this.detail(manager, row);
    });
  }

  /** No longer used: for the agreements named, or for all of them and as a whole; each controller it reached is told. */
  async end(id: string, dto: EndSubProcessorDto, actor: Actor): Promise<SubProcessorDetailView> {
    const now = this.clock.now();
    const endedAt = dto.endedAt ? new Date(dto.endedAt) : now;
    assertNotInFuture('endedAt', endedAt, now);
    return this.unitOfWork.run(actor, async (change) => {
      const { manager, audit } = change;
      const row = await findOrFail(manager, id, true);
      const all = await manager.find(SubProcessorAgreement, { where: { subProcessorId: id }, order: { agreementId: 'ASC' } });
      let links: SubProcessorAgreement[];
      if (dto.agreementIds) {
        const unknown = dto.agreementIds.filter((agreementId) => !all.some((l) => l.agreementId === agreementId));
        if (unknown.length) throw ruleBroken(`the sub-processor was not announced for agreement ${unknown.join(', ')}`, 'agreementIds');
        links = all.filter((l) => dto.agreementIds!.includes(l.agreementId));
      } else {
        if (row.endedAt) throw conflict(`this sub-processor was ended at ${row.endedAt.toISOString()}`, 'id');
        links = all.filter((l) => l.status !== 'ended');
      }
      const agreements = links.length ? await manager.find(ProcessingAgreement, { where: { id: In(links.map((l) => l.agreementId)) } }) : [];
      const told: Touched[] = [];
      for (const { id: linkId } of links) {
        const link = await this.clearClocksAndLock(manager, linkId, 'the sub-processor is no longer used for this agreement');
        const before = linkRecord(link);
        const status = this.move(link, { type: 'ended' }, 'agreementIds');
        // An objection still open is settled: the sub-processor is not used for that client.
        if (link.status === 'objected') Object.assign(link, { objectionResolution: 'withdrawn', objectionResolvedAt: now, objectionResolutionNote: 'the sub-processor was ended' });
        Object.assign(link, { status, endedAt, decisionNote: dto.note ?? link.decisionNote });
        await manager.save(link);
        audit({ action: 'sub_processor_agreement.ended', entityType: 'sub_processor_agreement', entityId: link.id, before, after: linkRecord(link) });
        const agreement = agreements.find((a) => a.id === link.agreementId)!;
        // A controller that refused it never had it; one whose agreement ended has nothing to be told.
        if (before.status !== 'rejected' && notEndedAt(agreement, now)) told.push({ link, agreement, clock: null });
      }
      if (!dto.agreementIds) {
        const previous = subProcessorView(row);
        row.endedAt = endedAt;
        await manager.save(row);
        audit({ action: 'sub_processor.ended', entityType: 'sub_processor', entityId: row.id, before: previous, after: subProcessorView(row) });
      }
      for (const [controllerId, group] of byController(told)) {
        change.publish(
          'subprocessor.ended',
          {
            title: `Sub-processor no longer used: ${row.name}`,
            controllerId,
            controllerIds: [controllerId],
            subProcessor: noticeParty(row),
            agreements: group.map(noticeAgreement),
            endedAt: endedAt.toISOString(),
          },
          'officer_and_controllers',
        );
      }
      return this.detail(manager, row);
    });
  }

  /** The objection period ended without an objection: the sub-processor is authorised for that agreement. */
  async closeObjectionWindow(change: Change, deadline: Deadline): Promise<DueOutcome> {
    const { manager, audit } = change;
    const link = await manager.findOne(SubProcessorAgreement, { where: { id: deadline.subjectId }, lock: { mode: 'pessimistic_write' } });
    if (!link) {
      await this.deadlines.close(manager, deadline.id, { status: 'cancelled', reason: 'the sub-processor link no longer exists' });
      return { missed: false };
    }
    if (link.status === 'pending_objection') {
      const before = linkRecord(link);
      Object.assign(link, { status: this.move(link, { type: 'window_closed' }, 'id'), decidedAt: deadline.dueAt, decisionNote: 'no objection within the objection period' });
      await manager.save(link);
      audit({ action: 'sub_processor_agreement.authorized', entityType: 'sub_processor_agreement', entityId: link.id, before, after: linkRecord(link) });
      await this.endReplaced(change, link, deadline.dueAt);
    }
    await this.deadlines.close(manager, deadline.id, { status: 'met', at: deadline.dueAt });
    return { missed: false };
  }

  /** A data store may name only a sub-processor of its agreement's processor. */
  async wrongForProcessor(manager: EntityManager, processorId: string, subProcessorIds: string[]): Promise<Map<string, string>> {
    const found = await manager.find(SubProcessor, { where: { id: In(subProcessorIds) }, select: { id: true, processorId: true } });
    return new Map(
      subProcessorIds.flatMap((id): [string, string][] => {
        const row = found.find((s) => s.id === id);
        if (!row) return [[id, `sub-processor ${id} does not exist`]];
        return row.processorId === processorId ? [] : [[id, `sub-processor ${id} works for another processor than the agreement's`]];
      }),
    );
  }

  private move(link: SubProcessorAgreement, event: LinkEvent, field: string) {
    const moved = linkTransition(link.status, event);
    if (!moved.ok) throw conflict(moved.reason, field);
    return moved.status;
  }

  private approvalDue(now: Date, asked: string | null | undefined): Date {
    const due = approvalDueAt(now, asked ? new Date(asked) : null);
    if (!due.ok) throw ruleBroken(due.reason, 'approvalDueAt');
    return due.dueAt;
  }

  private async openClock(manager: EntityManager, link: SubProcessorAgreement, agreement: ProcessingAgreement, now: Date, approvalDue: Date): Promise<Deadline | null> {
    const common = { subjectType: LINK_SUBJECT, subjectId: link.id, controllerId: agreement.controllerId, startsAt: now };
    if (link.status === 'pending_objection') return this.deadlines.open(manager, { ...common, kind: OBJECTION_WINDOW, dueAt: objectionWindowClosesAt(now, agreement.objectionPeriodDays!) });
    if (link.status === 'pending_approval') return this.deadlines.open(manager, { ...common, kind: APPROVAL_REQUEST, dueAt: approvalDue });
    return null;
  }

  /**
   * Cancels the link's open clocks, then locks the link: deadline rows first, as the due
   * handler takes them, so the two never deadlock. The caller re-checks the locked status.
   */
  private async clearClocksAndLock(manager: EntityManager, linkId: string, reason: string): Promise<SubProcessorAgreement> {
    const open = await this.deadlines.find({ subjectType: LINK_SUBJECT, subjectIds: [linkId], status: ['pending', 'missed'] }, { manager, lock: true });
    for (const deadline of open) await this.deadlines.close(manager, deadline.id, { status: 'cancelled', reason });
    return manager.findOneOrFail(SubProcessorAgreement, { where: { id: linkId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Where the announcement replaces another sub-processor: on which of the agreements it does (those it is in use or on its way for). */
  private async replacedOn(manager: EntityManager, subProcessor: SubProcessor, agreementIds: string[], replacesId: string | null): Promise<{ replaced: SubProcessor; on: Set<string> } | null> {
    if (!replacesId) return null;
    if (replacesId === subProcessor.id) throw ruleBroken('a sub-processor cannot replace itself', 'replacesSubProcessorId');
    const replaced = await manager.findOneBy(SubProcessor, { id: replacesId });
    if (!replaced) throw missingReference('replacesSubProcessorId', 'sub-processor', replacesId);
    if (replaced.processorId !== subProcessor.processorId) throw ruleBroken('the replaced sub-processor works for another processor', 'replacesSubProcessorId');
    const links = await manager.find(SubProcessorAgreement, { where: { subProcessorId: replacesId, agreementId: In(agreementIds), status: In([...CHANGEABLE]) } });
    if (links.length === 0) throw ruleBroken('the replaced sub-processor is not in use for any of these agreements', 'replacesSubProcessorId');
    return { replaced, on: new Set(links.map((l) => l.agreementId)) };
  }

  /** A replacement authorised: the one it replaces ends for that agreement. */
  private async endReplaced({ manager, audit }: Change, link: SubProcessorAgreement, at: Date): Promise<void> {
    if (!link.replacesSubProcessorId) return;
    const found = await manager.findOne(SubProcessorAgreement, { where: { subProcessorId: link.replacesSubProcessorId, agreementId: link.agreementId, status: Not('ended') } });
    if (!found) return;
    const old = await this.clearClocksAndLock(manager, found.id, 'replaced by the sub-processor announced in its place');
    if (old.status === 'ended') return;
    const before = linkRecord(old);
    Object.assign(old, { status: this.move(old, { type: 'ended' }, 'id'), endedAt: at, decisionNote: `replaced by sub-processor ${link.subProcessorId}` });
    await manager.save(old);
    audit({ action: 'sub_processor_agreement.replaced', entityType: 'sub_processor_agreement', entityId: old.id, before, after: linkRecord(old) });
  }

  /** One notice per controller and kind: general authorisation is told and may object, specific is asked to approve. */
  private tell(change: Change, subProcessor: SubProcessor, touched: Touched[], replacing: SubProcessor | null, changes: TermChange[]): void {
    const party = noticeParty(subProcessor);
    const replaces = replacing ? { id: replacing.id, name: replacing.name } : null;
    const announcement = (group: Touched[]): Announcement => (changes.length ? 'change' : group.some((t) => t.link.replacesSubProcessorId) ? 'replacement' : 'addition');
    const what = changes.length ? 'Change to sub-processor' : replaces ? 'Replacing sub-processor' : 'New sub-processor';
    for (const [controllerId, group] of byController(touched.filter((t) => t.link.status === 'pending_objection'))) {
      const dues = group.map((t) => t.clock!.dueAt.getTime());
      change.publish(
        'subprocessor.announced',
        {
          title: `${what}: ${subProcessor.name}`,
          controllerId,
          controllerIds: [controllerId],
          announcement: announcement(group),
          subProcessor: party,
          replaces: group.some((t) => t.link.replacesSubProcessorId) ? replaces : null,
          changes,
          agreements: group.map(noticeAgreement),
          objectionDueAt: new Date(Math.min(...dues)).toISOString(),
        },
        'officer_and_controllers',
      );
    }
    for (const [controllerId, group] of byController(touched.filter((t) => t.link.status === 'pending_approval'))) {
      change.publish(
        'subprocessor.approval_requested',
        {
          title: `Approval asked for ${what.toLowerCase()}: ${subProcessor.name}`,
          controllerId,
          controllerIds: [controllerId],
          announcement: announcement(group),
          subProcessor: party,
          replaces: group.some((t) => t.link.replacesSubProcessorId) ? replaces : null,
          changes,
          agreements: group.map(noticeAgreement),
          approvalDueAt: new Date(Math.min(...group.map((t) => t.clock!.dueAt.getTime()))).toISOString(),
        },
        'officer_and_controllers',
      );
    }
  }
}

function byController(touched: Touched[]): Map<string, Touched[]> {
  const groups = new Map<string, Touched[]>();
  for (const t of touched) groups.set(t.agreement.controllerId, [...(groups.get(t.agreement.controllerId) ?? []), t]);
  return groups;
}

function noticeAgreement({ link, agreement, clock }: Touched): SubProcessorNoticeAgreement {
  return {
    agreementId: agreement.id,
    reference: agreement.reference,
    status: link.status,
    objectionDueAt: clock?.kind === OBJECTION_WINDOW ? clock.dueAt.toISOString() : null,
    approvalDueAt: clock?.kind === APPROVAL_REQUEST ? clock.dueAt.toISOString() : null,
  };
}

export async function findOrFail(manager: EntityManager, id: string, lock = false): Promise<SubProcessor> {
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
    announcement: link.announcement,
    announcedAt: link.announcedAt,
    replacesSubProcessorId: link.replacesSubProcessorId,
    previousTerms: link.previousTerms,
    decidedAt: link.decidedAt,
    decisionNote: link.decisionNote,
    objectedAt: link.objectedAt,
    objectionReason: link.objectionReason,
    objectionResolution: link.objectionResolution,
    objectionResolvedAt: link.objectionResolvedAt,
    endedAt: link.endedAt,
  };
}
