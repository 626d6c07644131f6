import { describeRequestDeadlines } from './data-subject-request-deadlines.query';
import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isInForceAt } from '../agreements/agreement-status';
import { ProcessingAgreement } from '../agreements/processing-agreement.entity';
import { Change, UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { assertNotInFuture } from '../common/instant';
import { mapPage, Page, PageOrder, paginate } from '../common/pagination';
import { conflict, missingReference, notFound, ProblemException, ruleBroken } from '../common/problem';
import { Contact } from '../data-controllers/contact.entity';
import { DataController } from '../data-controllers/data-controller.entity';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlineKinds } from '../deadlines/deadline-kinds';
import { isLate } from '../deadlines/deadline-plan';
import { DeadlineOutcome, DeadlinesService } from '../deadlines/deadlines.service';
import { RetentionErasure } from '../retention/retention-erasure.service';
import { DataSubjectRequest } from './data-subject-request.entity';
import { DataSubjectRequestView, toRequestView } from './data-subject-request.view';
import { CreateDataSubjectRequestDto } from './dto/create-data-subject-request.dto';
import { ListDataSubjectRequestsQuery } from './dto/list-data-subject-requests.query';
import { CompleteDto, ExtendDto, ExtensionNoticeDto, ForwardedDto, IdentityReceivedDto, IdentityRequestedDto } from './dto/request-steps.dto';
import { completionProblems, DSR_EXTENSION_NOTICE, DSR_FORWARD, DSR_RESPONSE, DSR_SUBJECT, extensionAllowed, forwardingDueAt, forwardingTerm, responseDueAt } from './request-clocks';
import { nextStatus, RequestStep } from './request-status';

const SOONEST_DUE_FIRST: PageOrder<DataSubjectRequest> = { column: 'due_at', key: 'dueAt', direction: 'ASC' };

/** A step's instant: as sent, or now; never ahead of the clock, never before the request arrived. */
function stepInstant(field: string, sent: Date | undefined, request: DataSubjectRequest, now: Date): Date {
  const at = sent ?? now;
  assertNotInFuture(field, at, now);
  if (at.getTime() < request.receivedAt.getTime()) throw ruleBroken(`${field} lies before the request was received`, field);
  return at;
}

/** Met, or met late with its reason: the deadlines module decides which and refuses a late one without a reason. */
const metAt = (at: Date, lateReason: string | undefined): DeadlineOutcome => (lateReason ? { status: 'met_late', at, lateReason } : { status: 'met', at });

@Injectable()
export class DataSubjectRequestsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly deadlines: DeadlinesService,
    private readonly kinds: DeadlineKinds,
    private readonly erasure: RetentionErasure,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // Forwarding is owed to the controller under its agreement, so its contact reads reminders and a miss.
    this.kinds.register(
      { kind: DSR_FORWARD, subjectType: DSR_SUBJECT, describe: describeRequestDeadlines, concerns: 'controller' },
      { kind: DSR_RESPONSE, subjectType: DSR_SUBJECT, describe: describeRequestDeadlines, concerns: 'organisation' },
      { kind: DSR_EXTENSION_NOTICE, subjectType: DSR_SUBJECT, describe: describeRequestDeadlines, concerns: 'organisation' },
    );
  }

  async create(dto: CreateDataSubjectRequestDto, actor: Actor): Promise<DataSubjectRequestView> {
    const now = this.clock.now();
    assertNotInFuture('receivedAt', dto.receivedAt, now);
    if (dto.role === 'processor' && dto.contactId) throw ruleBroken("a contact person's request is about the organisation's own data: give role controller", 'contactId');
    if (dto.contactId && dto.type !== 'erasure') throw ruleBroken('only an erasure request names the contact to erase', 'contactId');
    if (dto.role === 'controller' && dto.agreementId) throw ruleBroken('as controller the organisation answers itself; no processor agreement sets that clock', 'agreementId');
    if (dto.role === 'processor' && !dto.controllerId && !dto.agreementId)
      throw ruleBroken('a request received as processor names the client it concerns: give controllerId or agreementId', 'controllerId');

    return this.unitOfWork.run(actor, async (change) => {
      const { manager } = change;
      const parties = await this.parties(manager, dto);
      const request = manager.create(DataSubjectRequest, {
        type: dto.type,
        role: dto.role,
        status: 'received',
        channel: dto.channel ?? null,
        receivedAt: dto.receivedAt,
        requesterName: dto.requester.name,
        requesterEmail: dto.requester.email ?? null,
        controllerId: parties.controllerId,
        agreementId: parties.agreementId,
        contactId: dto.contactId ?? null,
        description: dto.description ?? null,
        forwardingHours: parties.forwardingHours,
        responseStartsAt: dto.role === 'controller' ? dto.receivedAt : null,
        dueAt: dto.role === 'processor' ? forwardingDueAt(dto.receivedAt, parties.forwardingHours!) : responseDueAt(dto.receivedAt, false),
        identityRequestedAt: null,
        identityReceivedAt: null,
        forwardedAt: null,
        assistance: null,
        extendedAt: null,
        extensionReason: null,
        extensionNotifiedAt: null,
        completedAt: null,
        outcome: null,
        outcomeReason: null,
        complaintInfoGiven: null,
        contactErasedAt: null,
        contactErasureLedgerId: null,
        anonymizedAt: null,
      });
      await manager.save(request);
      await this.deadlines.open(manager, {
        kind: dto.role === 'processor' ? DSR_FORWARD : DSR_RESPONSE,
        subjectType: DSR_SUBJECT,
        subjectId: request.id,
        controllerId: request.controllerId,
        startsAt: request.receivedAt,
        dueAt: request.dueAt,
      });
      return this.finish(change, request, 'data_subject_request.received', null);
    });
  }

  async list(query: ListDataSubjectRequestsQuery): Promise<Page<DataSubjectRequestView>> {
    const qb = this.dataSource.manager.createQueryBuilder(DataSubjectRequest, 'r');
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.type) qb.andWhere('r.type = :type', { type: query.type });
    if (query.controllerId) qb.andWhere('r.controller_id = :controllerId', { controllerId: query.controllerId });
    if (query.dueBefore) qb.andWhere('r.due_at < :dueBefore', { dueBefore: query.dueBefore });
    const page = await paginate(qb, query, query.sort === 'dueAt' ? SOONEST_DUE_FIRST : undefined);
    const deadlines = page.items.length ? await this.deadlines.find({ subjectType: DSR_SUBJECT, subjectIds: page.items.map((r) => r.id) }) : [];
    return mapPage(page, (r) =>
      toRequestView(
        r,
        deadlines.filter((d) => d.subjectId === r.id),
      ),
    );
  }

  async get(id: string): Promise<DataSubjectRequestView> {
    const request = await this.dataSource.manager.findOne(DataSubjectRequest, { where: { id } });
    if (!request) throw notFound('Data-subject request', id);
    return toRequestView(request, await this.deadlines.forSubject(DSR_SUBJECT, id));
  }

  /** Art. 12(6): the month stops until the identification asked for arrives; that clock is cancelled, not missed. */
  identityRequested(id: string, dto: IdentityRequestedDto, actor: Actor): Promise<DataSubjectRequestView> {
    return this.step(id, 'identity_requested', actor, async (change, request, now) => {
      const at = stepInstant('requestedAt', dto.requestedAt, request, now);
      const response = await this.openClock(change.manager, request.id, DSR_RESPONSE);
      if (response && isLate(at, response.dueAt)) throw ruleBroken('the month to answer had already passed: identification must be asked for while it runs', 'requestedAt');
      if (response) await this.deadlines.close(change.manager, response.id, { status: 'cancelled', reason: 'waiting for the identification asked for (Art. 12(6)); the month runs again from its arrival' });
      request.identityRequestedAt = at;
    });
  }

  /** The month runs from the day the identification arrived; both dates are kept. */
  identityReceived(id: string, dto: IdentityReceivedDto, actor: Actor): Promise<DataSubjectRequestView> {
    return this.step(id, 'identity_received', actor, async (change, request, now) => {
      const at = stepInstant('receivedAt', dto.receivedAt, request, now);
      if (request.identityRequestedAt && at.getTime() < request.identityRequestedAt.getTime()) throw ruleBroken('receivedAt lies before the identification was asked for', 'receivedAt');
      request.identityReceivedAt = at;
      request.responseStartsAt = at;
      request.dueAt = responseDueAt(at, false);
      await this.deadlines.open(change.manager, { kind: DSR_RESPONSE, subjectType: DSR_SUBJECT, subjectId: request.id, controllerId: request.controllerId, startsAt: at, dueAt: request.dueAt });
    });
  }

  forwarded(id: string, dto: ForwardedDto, actor: Actor): Promise<DataSubjectRequestView> {
    return this.step(id, 'forwarded', actor, async (change, request, now) => {
      const at = stepInstant('forwardedAt', dto.forwardedAt, request, now);
      const forward = await this.openClock(change.manager, request.id, DSR_FORWARD);
      if (forward) await this.deadlines.close(change.manager, forward.id, metAt(at, dto.lateReason));
      request.forwardedAt = at;
      if (dto.assistance !== undefined) request.assistance = dto.assistance;
    });
  }

  /**
   * Art. 12(3): two further months, only with a reason and only while the first month
   * runs (judged by this service's clock). The answer's clock moves to three months from
   * the same start; telling the requester is due by the end of the first month.
   */
  extend(id: string, dto: ExtendDto, actor: Actor): Promise<DataSubjectRequestView> {
    return this.step(
      id,
      'extended',
      actor,
      async (change, request, now) => {
        const response = await this.openClock(change.manager, request.id, DSR_RESPONSE);
        const firstMonthDueAt = response?.dueAt ?? request.dueAt;
        if (!extensionAllowed(now, firstMonthDueAt)) throw ruleBroken(`the first month ended at ${firstMonthDueAt.toISOString()}: an extension must be decided while it runs (Art. 12(3))`, 'reason');
        const notifiedAt = dto.requesterNotifiedAt === undefined ? undefined : stepInstant('requesterNotifiedAt', dto.requesterNotifiedAt, request, now);
        if (response) await this.deadlines.close(change.manager, response.id, { status: 'cancelled', reason: `extended by two months (Art. 12(3)): ${dto.reason}` });
        request.extendedAt = now;
        request.extensionReason = dto.reason;
        request.dueAt = responseDueAt(request.responseStartsAt!, true);
        const [, notice] = await this.deadlines.openMany(change.manager, [
          { kind: DSR_RESPONSE, subjectType: DSR_SUBJECT, subjectId: request.id, controllerId: request.controllerId, startsAt: request.responseStartsAt!, dueAt: request.dueAt },
          { kind: DSR_EXTENSION_NOTICE, subjectType: DSR_SUBJECT, subjectId: request.id, controllerId: request.controllerId, startsAt: now, dueAt: firstMonthDueAt },
        ]);
        if (notifiedAt) {
          await this.deadlines.close(change.manager, notice.id, { status: 'met', at: notifiedAt });
          request.extensionNotifiedAt = notifiedAt;
        }
      },
      'data_subject_request.extended',
    );
  }

  /** Recording that the requester was told of the extension meets its deadline (late with a reason). */
  async extensionNotice(id: string, dto: ExtensionNoticeDto, actor: Actor): Promise<DataSubjectRequestView> {
    return this.unitOfWork.run(actor, async (change) => {
      const request = await this.lockRequest(change.manager, id);
      const notice = await this.openClock(change.manager, id, DSR_EXTENSION_NOTICE);
      if (!notice) throw conflict(request.extendedAt ? 'the requester was already told of the extension' : 'this request was not extended', 'notifiedAt');
      const at = stepInstant('notifiedAt', dto.notifiedAt, request, this.clock.now());
      await this.deadlines.close(change.manager, notice.id, metAt(at, dto.lateReason));
      const before = { extensionNotifiedAt: request.extensionNotifiedAt };
      request.extensionNotifiedAt = at;
      await change.manager.save(request);
      change.audit({ action: 'data_subject_request.extension_notified', entityType: DSR_SUBJECT, entityId: id, before, after: { extensionNotifiedAt: at } });
      return toRequestView(request, await this.deadlines.forSubject(DSR_SUBJECT, id, { manager: change.manager }));
    });
  }

  /**
   * The answer went out (as controller) or the controller's answer is recorded (as
   * processor). Not acting needs Art. 12(4)'s reasons and complaint information; erasing a
   * contact goes through the retention ledger and is refused while a legal hold covers it.
   */
  complete(id: string, dto: CompleteDto, actor: Actor): Promise<DataSubjectRequestView> {
    return this.step(
      id,
      'completed',
      actor,
      async (change, request, now) => {
        const problems = completionProblems(request.role, dto);
        if (problems.length) throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, problems.map((p) => p.message).join('; '), problems, 'rule-broken');
        const at = stepInstant('completedAt', dto.completedAt, request, now);
        const { manager } = change;
        if (dto.eraseContact) await this.eraseContact(change, request, dto, now);
        const [response] = await this.deadlines.find({ kind: DSR_RESPONSE, subjectType: DSR_SUBJECT, subjectIds: [id], status: ['pending', 'missed'] }, { manager, lock: true });
        if (response) await this.deadlines.close(manager, response.id, metAt(at, dto.lateReason));
        // Answered within the first month: telling of the extension is moot. Past it, the notice stays as it fell.
        const notice = await this.openClock(manager, id, DSR_EXTENSION_NOTICE);
        if (notice?.status === 'pending' && !isLate(at, notice.dueAt)) await this.deadlines.close(manager, notice.id, { status: 'cancelled', reason: 'answered within the first month' });
        request.completedAt = at;
        request.outcome = dto.outcome;
        request.outcomeReason = dto.reason ?? null;
        request.complaintInfoGiven = dto.complaintInfoGiven ?? null;
        if (dto.assistance !== undefined) request.assistance = dto.assistance;
      },
      'data_subject_request.completed',
    );
  }

  private async eraseContact(change: Change, request: DataSubjectRequest, dto: CompleteDto, now: Date): Promise<void> {
    if (!request.contactId) throw ruleBroken('this request names no contact to erase (contactId)', 'eraseContact');
    if (dto.outcome !== 'fulfilled' && dto.outcome !== 'partly_fulfilled') throw ruleBroken(`a request completed as ${dto.outcome} erases nothing`, 'eraseContact');
    const result = await this.erasure.eraseOnRequest(change.manager, 'contact', request.contactId, change.actor, now);
    if (!result.erased && result.reason === 'held') {
      throw conflict('a legal hold covers this contact: it is kept (Art. 17(3)(e) GDPR); complete the request as refused or partly_fulfilled with the reason', 'eraseContact');
    }
    if (!result.erased) throw conflict('this contact holds no personal data any more', 'eraseContact');
    change.audit({ action: 'contact.erased_on_request', entityType: DSR_SUBJECT, entityId: request.id, after: { erasureLedgerEntryId: result.ledgerEntryId, retentionRunId: result.runId } });
    request.contactId = null;
    request.contactErasedAt = now;
    request.contactErasureLedgerId = result.ledgerEntryId;
  }

  /** Applies one step under the request's row lock: the status rule first, then the step's own work, then audit and event. */
  private step(
    id: string,
    step: RequestStep,
    actor: Actor,
    work: (change: Change, request: DataSubjectRequest, now: Date) => Promise<void>,
    event: 'data_subject_request.extended' | 'data_subject_request.completed' | null = null,
  ): Promise<DataSubjectRequestView> {
    return this.unitOfWork.run(actor, async (change) => {
      const request = await this.lockRequest(change.manager, id);
      const outcome = nextStatus(request.role, request.status, step);
      if (!outcome.allowed) throw conflict(outcome.reason);
      const before = toRequestView(request, []);
      await work(change, request, this.clock.now());
      request.status = outcome.to;
      await change.manager.save(request);
      const view = await this.finish(change, request, event, before);
      change.audit({ action: `data_subject_request.${step}`, entityType: DSR_SUBJECT, entityId: id, before: withoutDeadlines(before), after: withoutDeadlines(view) });
      return view;
    });
  }

  private async finish(
    change: Change,
    request: DataSubjectRequest,
    event: 'data_subject_request.received' | 'data_subject_request.extended' | 'data_subject_request.completed' | null,
    before: DataSubjectRequestView | null,
  ): Promise<DataSubjectRequestView> {
    const view = toRequestView(request, await this.deadlines.forSubject(DSR_SUBJECT, request.id, { manager: change.manager }));
    if (!before) change.audit({ action: 'data_subject_request.received', entityType: DSR_SUBJECT, entityId: request.id, after: withoutDeadlines(view) });
    if (event) {
      change.publish(
        event,
        {
          requestId: request.id,
          type: request.type,
          role: request.role,
          status: request.status,
          controllerId: request.controllerId,
          controllerIds: request.controllerId ? [request.controllerId] : [],
          receivedAt: request.receivedAt.toISOString(),
          dueAt: request.dueAt.toISOString(),
          ...(request.outcome ? { outcome: request.outcome } : {}),
        },
        'officer',
      );
    }
    return view;
  }

  private async lockRequest(manager: EntityManager, id: string): Promise<DataSubjectRequest> {
    const request = await manager.findOne(DataSubjectRequest, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!request) throw notFound('Data-subject request', id);
    return request;
  }

  /** The clock of that kind still to be met (pending, or missed and not yet met late). */
  private async openClock(manager: EntityManager, requestId: string, kind: string): Promise<Deadline | undefined> {
    const [deadline] = await this.deadlines.find({ kind, subjectType: DSR_SUBJECT, subjectIds: [requestId], status: ['pending', 'missed'] }, { manager, lock: true });
    return deadline;
  }

  /** The client, agreement and forwarding term a new request refers to; each id checked. */
  private async parties(manager: EntityManager, dto: CreateDataSubjectRequestDto): Promise<{ controllerId: string | null; agreementId: string | null; forwardingHours: number | null }> {
    let controllerId = dto.controllerId ?? null;
    if (dto.contactId) {
      const contact = await manager.findOne(Contact, { where: { id: dto.contactId } });
      if (!contact) throw missingReference('contactId', 'Contact', dto.contactId);
      if (controllerId && controllerId !== contact.controllerId) throw ruleBroken('the contact is a contact of another controller', 'contactId');
      controllerId = contact.controllerId;
    }
    if (dto.role === 'controller') {
      if (controllerId && !(await manager.exists(DataController, { where: { id: controllerId } }))) throw missingReference('controllerId', 'Controller', controllerId);
      return { controllerId, agreementId: null, forwardingHours: null };
    }
    if (dto.agreementId) {
      const agreement = await manager.findOne(ProcessingAgreement, { where: { id: dto.agreementId } });
      if (!agreement) throw missingReference('agreementId', 'Agreement', dto.agreementId);
      if (controllerId && controllerId !== agreement.controllerId) throw ruleBroken('the agreement is with another controller', 'agreementId');
      const term = forwardingTerm([agreement]);
      return { controllerId: agreement.controllerId, agreementId: agreement.id, forwardingHours: term.hours };
    }
    if (!(await manager.exists(DataController, { where: { id: controllerId! } }))) throw missingReference('controllerId', 'Controller', controllerId!);
    const agreements = await manager.find(ProcessingAgreement, { where: { controllerId: controllerId! } });
    const term = forwardingTerm(agreements.filter((a) => isInForceAt(a, dto.receivedAt)));
    return { controllerId, agreementId: term.agreementId, forwardingHours: term.hours };
  }
}

function withoutDeadlines(view: DataSubjectRequestView): Omit<DataSubjectRequestView, 'deadlines'> {
  const { deadlines: _deadlines, ...rest } = view;
  return rest;
}
