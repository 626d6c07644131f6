import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { inForceAtSql } from '../agreements/agreement-status';
import { Change, UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { assertNotInFuture } from '../common/instant';
import { mapPage, Page, paginate } from '../common/pagination';
import { conflict, forbidden, missingReference, notFound, ProblemException, ruleBroken } from '../common/problem';
import { DataController } from '../data-controllers/data-controller.entity';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { Processor } from '../processors/processor.entity';
import { SubProcessor } from '../sub-processors/sub-processor.entity';
import { authorityDraft } from './authority-draft';
import { AssessRiskDto } from './dto/assess-risk.dto';
import { ListIncidentsQuery } from './dto/list-incidents.query';
import { RecordNotificationDto } from './dto/record-notification.dto';
import { IncidentFactsDto, ReportIncidentDto } from './dto/report-incident.dto';
import { UpdateIncidentDto } from './dto/update-incident.dto';
import { IdempotencyKey } from './idempotency-key.entity';
import { Incident } from './incident.entity';
import { IncidentController } from './incident-controller.entity';
import { IncidentNotification } from './incident-notification.entity';
import { planNotification, planRiskAssessment } from './incident-plans';
import { AffectedController, allSettled, INCIDENT, reportDeadlines } from './incident-rules';
import { IncidentUpdate, IncidentUpdateType } from './incident-update.entity';
import { IncidentDetail, toIncidentDetail, toIncidentSummary } from './incident.view';

const FACT_FIELDS = [
  'title',
  'description',
  'occurredAt',
  'endedAt',
  'nature',
  'dataCategories',
  'specialCategories',
  'approxDataSubjects',
  'approxRecords',
  'dataEncrypted',
  'crossBorder',
  'likelyConsequences',
  'measuresTaken',
] as const satisfies readonly (keyof IncidentFactsDto & keyof Incident)[];

export interface ReportResult {
  status: number;
  body: IncidentDetail;
}

@Injectable()
export class IncidentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadlines: DeadlinesService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /**
   * Records a breach report and starts its clocks. With an Idempotency-Key, the key is
   * claimed in the same transaction: a concurrent retry waits on it and then replays the
   * stored answer; a failed attempt leaves no key, so it can be retried.
   */
  async report(actor: Actor, dto: ReportIncidentDto, idempotencyKey?: string): Promise<ReportResult> {
    this.assertMayReportFor(actor, dto.processorId);
    return this.unitOfWork.run(actor, async (change) => {
      const { manager } = change;
      if (idempotencyKey) {
        const replay = await this.claimKey(manager, actor, idempotencyKey, dto);
        if (replay) return replay;
      }
      const body = await this.createIncident(change, dto);
      if (idempotencyKey) {
        await manager.update(IdempotencyKey, { actorId: actor.id, key: idempotencyKey }, { responseStatus: HttpStatus.CREATED, responseBody: body });
      }
      change.audit({ action: 'incident.reported', entityType: 'incident', entityId: body.id, after: body });
      return { status: HttpStatus.CREATED, body };
    });
  }

  private async claimKey(manager: EntityManager, actor: Actor, key: string, dto: ReportIncidentDto): Promise<ReportResult | undefined> {
    const requestHash = createHash('sha256').update(JSON.stringify(dto)).digest('hex');
    const claimed = (await manager.query(
      `INSERT INTO idempotency_keys (actor_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`,
      [actor.id, key, requestHash],
    )) as unknown[];
    if (claimed.length) return undefined;
    const first = await manager.findOneByOrFail(IdempotencyKey, { actorId: actor.id, key });
    if (first.requestHash !== requestHash) throw ruleBroken('this Idempotency-Key was used for a different request', 'Idempotency-Key');
    return { status: first.responseStatus ?? HttpStatus.CREATED, body: first.responseBody as IncidentDetail };
  }

  private async createIncident(change: Change, dto: ReportIncidentDto): Promise<IncidentDetail> {
    const { manager, actor } = change;
    const now = this.clock.now();
    const role = dto.role ?? 'processor';
    this.assertPlausibleTimes(dto.awareAt, dto.occurredAt, dto.endedAt, now);
    const affected = await this.checkReferences(manager, role, dto);

    const incident = await manager.save(
      manager.create(Incident, {
        processorId: dto.processorId,
        subProcessorId: dto.subProcessorId ?? null,
        role,
        status: 'open',
        title: dto.title,
        description: dto.description,
        awareAt: dto.awareAt,
        occurredAt: dto.occurredAt ?? null,
        endedAt: dto.endedAt ?? null,
        nature: dto.nature,
        dataCategories: dto.dataCategories,
        specialCategories: dto.specialCategories ?? [],
        approxDataSubjects: dto.approxDataSubjects ?? null,
        approxRecords: dto.approxRecords ?? null,
        dataEncrypted: dto.dataEncrypted ?? null,
        crossBorder: dto.crossBorder ?? null,
        likelyConsequences: dto.likelyConsequences ?? null,
        measuresTaken: dto.measuresTaken ?? null,
        reporterName: dto.reporter.name,
        reporterEmail: dto.reporter.email,
      }),
    );
    if (affected.length) {
      await manager.insert(IncidentController, affected.map((a) => ({ incidentId: incident.id, controllerId: a.controllerId, agreementId: a.agreementId })));
    }
    const opened = await this.deadlines.openMany(manager, reportDeadlines(incident.id, role, incident.awareAt, affected));

    const reported = await this.timeline(manager, actor, incident.id, 'reported', null, { role, awareAt: incident.awareAt.toISOString(), affectedControllerIds: affected.map((a) => a.controllerId) });
    change.publish('incident.created', {
      incidentId: incident.id,
      title: incident.title,
      role,
      processorId: incident.processorId,
      awareAt: incident.awareAt.toISOString(),
      controllerIds: affected.map((a) => a.controllerId),
      deadlines: opened.map((d) => ({ deadlineId: d.id, kind: d.kind, controllerId: d.controllerId, dueAt: d.dueAt.toISOString() })),
    }, 'officer');
    // Built from what was just written: the same shape GET returns, without reading it back.
    const links = affected.map((a): IncidentController => ({ incidentId: incident.id, controllerId: a.controllerId, agreementId: a.agreementId }));
    const body = toIncidentDetail(incident, links.sort((a, b) => a.controllerId.localeCompare(b.controllerId)), [...opened].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id)), [reported], []);
    return body;
  }

  /**
   * The processor, the sub-processor, the controllers and their agreements, read in one
   * statement and judged in the order a report is checked in.
   *
   * Processor role: every affected controller needs an agreement with this processor in
   * force when the organisation became aware; its breachNotificationHours set the clock.
   * Of several, the strictest counts.
   */
  private async checkReferences(manager: EntityManager, role: string, dto: ReportIncidentDto): Promise<AffectedController[]> {
    const controllerIds = dto.affectedControllerIds;
    const [sql, parameters] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT
         EXISTS (SELECT 1 FROM processors p WHERE p.id = :processorId) AS "processorFound",
         (SELECT s.processor_id FROM sub_processors s WHERE s.id = :subProcessorId) AS "subProcessorOf",
         ARRAY(SELECT c.id::text FROM data_controllers c WHERE c.id = ANY(CAST(:controllerIds AS uuid[]))) AS "foundControllerIds",
         (SELECT coalesce(json_agg(json_build_object('id', a.id, 'controllerId', a.controller_id, 'breachNotificationHours', a.breach_notification_hours) ORDER BY a.breach_notification_hours ASC), '[]')
            FROM processing_agreements a
           WHERE a.processor_id = :processorId AND a.controller_id = ANY(CAST(:controllerIds AS uuid[])) AND ${inForceAtSql('a', ':awareAt')}) AS "agreements"`,
      { processorId: dto.processorId, subProcessorId: dto.subProcessorId ?? null, controllerIds, awareAt: dto.awareAt },
      {},
    );
    const [facts] = (await manager.query(sql, parameters)) as {
      processorFound: boolean;
      subProcessorOf: string | null;
      foundControllerIds: string[];
      agreements: { id: string; controllerId: string; breachNotificationHours: number }[];
    }[];
    if (!facts.processorFound) throw missingReference('processorId', 'processor', dto.processorId);
    if (dto.subProcessorId) {
      if (!facts.subProcessorOf) throw missingReference('subProcessorId', 'sub-processor', dto.subProcessorId);
      if (facts.subProcessorOf !== dto.processorId) throw ruleBroken('this sub-processor works for another processor', 'subProcessorId');
    }

    if (role === 'processor' && controllerIds.length === 0) throw ruleBroken('a processor-role breach affects at least one controller', 'affectedControllerIds');
    if (controllerIds.length === 0) return [];
    const missing = controllerIds.filter((id) => !facts.foundControllerIds.includes(id));
    if (missing.length) throw missingReference('affectedControllerIds', 'controller', missing.join(', '));
    if (role === 'controller') return controllerIds.map((controllerId) => ({ controllerId, agreementId: null, breachNotificationHours: null }));

    const agreements = facts.agreements;
    const without = controllerIds.filter((id) => !agreements.some((a) => a.controllerId === id));
    if (without.length) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, `no active processor agreement between this processor and controller(s) ${without.join(', ')}`, [
        { field: 'affectedControllerIds', message: `no active agreement with ${without.join(', ')}` },
      ]);
    }
    return controllerIds.map((controllerId) => {
      const strictest = agreements.find((a) => a.controllerId === controllerId)!;
      return { controllerId, agreementId: strictest.id, breachNotificationHours: strictest.breachNotificationHours };
    });
  }

  private assertPlausibleTimes(awareAt: Date, occurredAt: Date | undefined, endedAt: Date | undefined, now: Date): void {
    assertNotInFuture('awareAt', awareAt, now);
    assertNotInFuture('occurredAt', occurredAt, now);
    assertNotInFuture('endedAt', endedAt, now);
    if (occurredAt && endedAt && endedAt < occurredAt) throw ruleBroken('endedAt lies before occurredAt', 'endedAt');
  }

  private assertMayReportFor(actor: Actor, processorId: string): void {
    if (actor.role === 'reporter' && actor.processorId !== processorId) throw forbidden('a reporter key may only report for its own processor');
  }

  async get(actor: Actor, id: string): Promise<IncidentDetail> {
    const incident = await this.dataSource.getRepository(Incident).findOne({ where: { id }, select: { id: true, processorId: true } });
    if (!incident) throw notFound('incident', id);
    if (actor.role === 'reporter' && actor.processorId !== incident.processorId) throw forbidden('a reporter key may only see incidents of its own processor');
    return this.detail(this.dataSource.manager, id);
  }

  private async detail(manager: EntityManager, id: string): Promise<IncidentDetail> {
    const incident = await manager.findOneByOrFail(Incident, { id });
    // One after another: inside a transaction they share one connection.
    const controllers = await manager.find(IncidentController, { where: { incidentId: id }, order: { controllerId: 'ASC' } });
    const deadlines = await this.deadlines.forSubject(INCIDENT, id, { manager });
    const timeline = await manager.find(IncidentUpdate, { where: { incidentId: id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const notifications = await manager.find(IncidentNotification, { where: { incidentId: id }, order: { notifiedAt: 'ASC', id: 'ASC' } });
    return toIncidentDetail(incident, controllers, deadlines, timeline, notifications);
  }

  /** Phased information: a timeline entry, and the facts it amends. Reporters only for their processor. */
  async update(actor: Actor, id: string, dto: UpdateIncidentDto): Promise<IncidentDetail> {
    return this.unitOfWork.run(actor, async (change) => {
      const { manager } = change;
      const incident = await this.lockIncident(manager, id);
      if (actor.role === 'reporter' && actor.processorId !== incident.processorId) throw forbidden('a reporter key may only update incidents of its own processor');
      if (incident.status === 'closed') throw conflict('the incident is closed');
      this.assertPlausibleTimes(incident.awareAt, dto.occurredAt ?? incident.occurredAt ?? undefined, dto.endedAt ?? incident.endedAt ?? undefined, this.clock.now());
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of FACT_FIELDS) {
        const to = dto[field];
        if (to === undefined) continue;
        const from = incident[field];
        if (JSON.stringify(from) === JSON.stringify(to)) continue;
        changes[field] = { from, to };
        (incident as unknown as Record<string, unknown>)[field] = to;
      }
      await manager.save(incident);
      await this.timeline(manager, actor, id, 'update', dto.note, changes);
      const body = await this.detail(manager, id);
      change.publish('incident.updated', { incidentId: id, note: dto.note, changedFields: Object.keys(changes), controllerIds: body.affectedControllerIds });
      change.audit({ action: 'incident.updated', entityType: 'incident', entityId: id, before: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.from])), after: { note: dto.note, ...Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.to])) } });
      return body;
    });
  }

  /**
   * The risk assessment decides the controller's duties (Art. 33(1), 34): `none` needs a
   * reason and cancels the AP clock; `high` opens the data-subject clock unless an
   * Art. 34(3) ground is recorded. For a processor-role breach these duties are the
   * controllers', so the assessment is recorded (and passed on) without clocks.
   */
  async assessRisk(actor: Actor, id: string, dto: AssessRiskDto): Promise<IncidentDetail> {
    if (dto.riskLevel === 'none' && !dto.noAuthorityNotificationReason) throw ruleBroken('riskLevel none needs the reason for not notifying the authority', 'noAuthorityNotificationReason');
    if (dto.riskLevel !== 'none' && dto.noAuthorityNotificationReason) throw ruleBroken('a reason for not notifying the authority only goes with riskLevel none', 'noAuthorityNotificationReason');
    if (dto.riskLevel !== 'high' && dto.dataSubjectExemption) throw ruleBroken('an Art. 34(3) exemption only applies to a high risk', 'dataSubjectExemption');
    return this.unitOfWork.run(actor, async (change) => {
      const { manager } = change;
      const incident = await this.lockIncident(manager, id);
      if (incident.status === 'closed') throw conflict('the incident is closed');
      const now = this.clock.now();
      const before = { riskLevel: incident.riskLevel, riskReasoning: incident.riskReasoning, noAuthorityNotificationReason: incident.noAuthorityNotificationReason, dataSubjectExemption: incident.dataSubjectExemption };
      Object.assign(incident, {
        riskLevel: dto.riskLevel,
        riskReasoning: dto.reasoning,
        riskAssessedAt: now,
        noAuthorityNotificationReason: dto.noAuthorityNotificationReason ?? null,
        dataSubjectExemption: dto.dataSubjectExemption?.ground ?? null,
        dataSubjectExemptionJustification: dto.dataSubjectExemption?.justification ?? null,
      });
      await manager.save(incident);

      const plan = planRiskAssessment({
        incidentId: id,
        role: incident.role,
        riskLevel: dto.riskLevel,
        exemption: dto.dataSubjectExemption ?? null,
        noAuthorityNotificationReason: incident.noAuthorityNotificationReason,
        awareAt: incident.awareAt,
        now,
        existing: await this.deadlines.forSubject(INCIDENT, id, { manager }),
        notifiedKinds: new Set((await manager.find(IncidentNotification, { where: { incidentId: id, phase: 'initial' }, select: { id: true, kind: true } })).map((n) => n.kind)),
      });
      const opened = await this.deadlines.openMany(manager, plan.open);
      for (const { deadlineId, reason } of plan.cancel) await this.deadlines.close(manager, deadlineId, { status: 'cancelled', reason });
      const after = { riskLevel: dto.riskLevel, riskReasoning: dto.reasoning, noAuthorityNotificationReason: incident.noAuthorityNotificationReason, dataSubjectExemption: incident.dataSubjectExemption, dataSubjectExemptionJustification: incident.dataSubjectExemptionJustification };
      await this.timeline(manager, actor, id, 'risk_assessment', dto.reasoning, { ...after, openedDeadlineIds: opened.map((d) => d.id), cancelledDeadlineIds: plan.cancel.map((c) => c.deadlineId) });
      await this.refreshStatus(manager, incident);
      const body = await this.detail(manager, id);
      change.audit({ action: 'incident.risk_assessed', entityType: 'incident', entityId: id, before, after });
      return body;
    });
  }

  /**
   * Records a notification. The initial one closes its deadline (met, or met_late with a
   * reason); follow-up and final ones add information in phases (Art. 33(4)).
   */
  async recordNotification(actor: Actor, id: string, dto: RecordNotificationDto): Promise<IncidentDetail> {
    const phase = dto.phase ?? 'initial';
    if (dto.kind === 'controller_notification' && !dto.controllerId) throw ruleBroken('a controller notification names the controllerId', 'controllerId');
    if (dto.kind !== 'controller_notification' && dto.controllerId) throw ruleBroken(`controllerId only goes with a controller_notification`, 'controllerId');
    return this.unitOfWork.run(actor, async (change) => {
      const { manager } = change;
      const incident = await this.lockIncident(manager, id);
      if (incident.status === 'closed') throw conflict('the incident is closed');
      const now = this.clock.now();
      assertNotInFuture('notifiedAt', dto.notifiedAt, now);
      if (dto.notifiedAt < incident.awareAt) throw ruleBroken('notifiedAt lies before awareAt', 'notifiedAt');
      const controllerId = dto.controllerId ?? null;
      if (controllerId && !(await manager.existsBy(IncidentController, { incidentId: id, controllerId }))) {
        throw ruleBroken('this controller is not affected by the incident', 'controllerId');
      }
      const [deadline] = (
        await this.deadlines.find({ subjectType: INCIDENT, subjectIds: [id], kind: dto.kind, ...(controllerId ? { controllerId } : {}), status: ['pending', 'missed', 'met', 'met_late'] }, { manager })
      ).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      const plan = planNotification({
        phase,
        notifiedAt: dto.notifiedAt,
        lateReason: dto.lateReason ?? null,
        deadline: deadline ?? null,
        earlierInitial: await manager.existsBy(IncidentNotification, { incidentId: id, kind: dto.kind, ...(controllerId ? { controllerId } : {}), phase: 'initial' }),
      });
      if (plan instanceof ProblemException) throw plan;
      if (plan.close) await this.deadlines.close(manager, plan.close.deadlineId, plan.close.outcome);
      const notification = await manager.save(
        manager.create(IncidentNotification, {
          incidentId: id,
          deadlineId: deadline?.id ?? null,
          kind: dto.kind,
          controllerId,
          phase,
          notifiedAt: dto.notifiedAt,
          channel: dto.channel ?? null,
          reference: dto.reference ?? null,
          lateReason: plan.lateReason,
        }),
      );
      await this.timeline(manager, actor, id, 'notification', null, { notificationId: notification.id, kind: dto.kind, controllerId, phase, notifiedAt: dto.notifiedAt.toISOString(), late: plan.late });
      await this.refreshStatus(manager, incident);
      const body = await this.detail(manager, id);
      change.publish('incident.notification_recorded', { incidentId: id, kind: dto.kind, controllerId, phase, notifiedAt: dto.notifiedAt.toISOString(), deadlineId: deadline?.id ?? null, late: plan.late, controllerIds: body.affectedControllerIds });
      change.audit({ action: 'incident.notification_recorded', entityType: 'incident', entityId: id, after: notification });
      return body;
    });
  }

  async cancelDeadline(actor: Actor, id: string, deadlineId: string, reason: string): Promise<IncidentDetail> {
    return this.unitOfWork.run(actor, async (change) => {
      const { manager } = change;
      const incident = await this.lockIncident(manager, id);
      if (incident.status === 'closed') throw conflict('the incident is closed');
      const [deadline] = await this.deadlines.find({ ids: [deadlineId], subjectType: INCIDENT, subjectIds: [id] }, { manager });
      if (!deadline) throw notFound('deadline of this incident', deadlineId);
      await this.deadlines.close(manager, deadlineId, { status: 'cancelled', reason });
      await this.timeline(manager, actor, id, 'deadline_cancelled', reason, { deadlineId, kind: deadline.kind, controllerId: deadline.controllerId });
      await this.refreshStatus(manager, incident);
      const body = await this.detail(manager, id);
      change.audit({ action: 'deadline.cancelled', entityType: 'deadline', entityId: deadlineId, before: { status: deadline.status }, after: { status: 'cancelled', reason } });
      return body;
    });
  }

  /** Closing needs an assessed risk and every clock settled: met, met late with a reason, or cancelled with one. */
  async close(actor: Actor, id: string, note: string): Promise<IncidentDetail> {
    return this.unitOfWork.run(actor, async (change) => {
      const { manager } = change;
      const incident = await this.lockIncident(manager, id);
      if (incident.status === 'closed') throw conflict('the incident is already closed');
      if (!incident.riskLevel) throw ruleBroken('assess the risk before closing: the register keeps the reasoning (Art. 33(5))', 'riskLevel');
      const deadlines = await this.deadlines.forSubject(INCIDENT, id, { manager });
      const open = deadlines.filter((d) => !allSettled([d.status]));
      if (open.length) throw ruleBroken(`deadline(s) still ${[...new Set(open.map((d) => d.status))].join('/')}: ${open.map((d) => `${d.kind} ${d.id}`).join(', ')}`, 'deadlines');
      const before = { status: incident.status };
      incident.status = 'closed';
      incident.closedAt = this.clock.now();
      incident.closingNote = note;
      await manager.save(incident);
      await this.timeline(manager, actor, id, 'closed', note, {});
      const body = await this.detail(manager, id);
      change.publish('incident.closed', { incidentId: id, closedAt: incident.closedAt.toISOString(), controllerIds: body.affectedControllerIds });
      change.audit({ action: 'incident.closed', entityType: 'incident', entityId: id, before, after: { status: 'closed', closedAt: incident.closedAt, closingNote: note } });
      return body;
    });
  }

  /** open → notified once a notification went out and no clock is still running or missed. */
  private async refreshStatus(manager: EntityManager, incident: Incident): Promise<void> {
    if (incident.status === 'closed') return;
    const statuses = (await this.deadlines.forSubject(INCIDENT, incident.id, { manager })).map((d) => d.status);
    const notified = (await manager.existsBy(IncidentNotification, { incidentId: incident.id })) && allSettled(statuses);
    const status = notified ? 'notified' : 'open';
    if (status !== incident.status) {
      await manager.update(Incident, { id: incident.id }, { status });
      incident.status = status;
    }
  }

  async list(actor: Actor, query: ListIncidentsQuery): Promise<Page<ReturnType<typeof toIncidentSummary>>> {
    return mapPage(await paginate(this.registerQuery(actor, query), query), toIncidentSummary);
  }

  /** The whole register for the CSV, in pages so memory stays flat. */
  async *register(actor: Actor, query: ListIncidentsQuery): AsyncGenerator<{ incident: Incident; controllerIds: string[]; deadlines: Deadline[] }[]> {
    let cursor: string | undefined;
    do {
      const page = await paginate(this.registerQuery(actor, query), { limit: 200, cursor });
      const ids = page.items.map((i) => i.id);
      const [links, deadlines] = ids.length
        ? await Promise.all([
            this.dataSource.getRepository(IncidentController).find({ where: { incidentId: In(ids) } }),
            this.deadlines.find({ subjectType: INCIDENT, subjectIds: ids }),
          ])
        : [[], []];
      yield page.items.map((incident) => ({
        incident,
        controllerIds: links.filter((l) => l.incidentId === incident.id).map((l) => l.controllerId),
        deadlines: deadlines.filter((d) => d.subjectId === incident.id),
      }));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  private registerQuery(actor: Actor, query: ListIncidentsQuery) {
    const qb = this.dataSource.getRepository(Incident).createQueryBuilder('i');
    const processorId = actor.role === 'reporter' ? actor.processorId : query.processorId;
    if (processorId) qb.andWhere('i.processor_id = :processorId', { processorId });
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    if (query.role) qb.andWhere('i.role = :role', { role: query.role });
    if (query.riskLevel) qb.andWhere('i.risk_level = :riskLevel', { riskLevel: query.riskLevel });
    if (query.from) qb.andWhere('i.aware_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('i.aware_at < :to', { to: query.to });
    if (query.controllerId) {
      qb.andWhere(
        new Brackets((w) => w.where('EXISTS (SELECT 1 FROM incident_controllers ic WHERE ic.incident_id = i.id AND ic.controller_id = :controllerId)', { controllerId: query.controllerId })),
      );
    }
    return qb;
  }

  async authorityDraft(id: string) {
    const manager = this.dataSource.manager;
    const incident = await manager.findOneBy(Incident, { id });
    if (!incident) throw notFound('incident', id);
    const links = await manager.find(IncidentController, { where: { incidentId: id } });
    const [processor, subProcessor, controllers, deadlines, notifications] = await Promise.all([
      manager.findOneByOrFail(Processor, { id: incident.processorId }),
      incident.subProcessorId ? manager.findOneBy(SubProcessor, { id: incident.subProcessorId }) : Promise.resolve(null),
      links.length ? manager.find(DataController, { where: { id: In(links.map((l) => l.controllerId)) }, order: { name: 'ASC' } }) : Promise.resolve([]),
      this.deadlines.forSubject(INCIDENT, id),
      manager.find(IncidentNotification, { where: { incidentId: id } }),
    ]);
    return authorityDraft({
      incident,
      processor,
      subProcessor: subProcessor ? { name: subProcessor.name, service: subProcessor.service, country: subProcessor.country } : null,
      controllers: controllers.map((c) => ({ name: c.name, country: c.country, kvkNumber: c.kvkNumber, contactEmail: c.contactEmail, dpoEmail: c.dpoEmail })),
      deadlines,
      notifications,
    });
  }

  private async lockIncident(manager: EntityManager, id: string): Promise<Incident> {
    const incident = await manager.findOne(Incident, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!incident) throw notFound('incident', id);
    return incident;
  }

  private async timeline(manager: EntityManager, actor: Actor, incidentId: string, type: IncidentUpdateType, note: string | null, changes: Record<string, unknown>): Promise<IncidentUpdate> {
    return manager.save(manager.create(IncidentUpdate, { incidentId, type, note, changes, actorId: actor.id, actorName: actor.name }));
  }
}
