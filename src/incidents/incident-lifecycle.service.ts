import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { assertNotInFuture } from '../common/instant';
import { conflict, notFound, ProblemException, ruleBroken } from '../common/problem';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { AssessRiskDto } from './dto/assess-risk.dto';
import { RecordNotificationDto } from './dto/record-notification.dto';
import { INCIDENT_FACTS, IncidentFactName } from './dto/incident-fact.decorator';
import { UpdateIncidentDto } from './dto/update-incident.dto';
import { Incident } from './incident.entity';
import { IncidentController } from './incident-controller.entity';
import { IncidentNotification } from './incident-notification.entity';
import { planNotification, planRiskAssessment } from './incident-plans';
import { IncidentRegisterService } from './incident-register.service';
import { allSettled, assertConsistentCounts, assertPlausibleTimes, INCIDENT, mayReporterSee } from './incident-rules';
import { IncidentUpdate, IncidentUpdateType } from './incident-update.entity';
import { IncidentDetail } from './incident.view';
import { latestSeverityAssessment } from './incident-severity.query';
import { departures } from './severity-assessment';

/** Each fact an update may amend is a field of the update and a column of the incident. */
const FACT_FIELDS: readonly (IncidentFactName & keyof UpdateIncidentDto & keyof Incident)[] = INCIDENT_FACTS;

/**
 * An incident after its report: phased updates, the risk assessment, notifications,
 * cancelled clocks and closing. Each change locks the incident first, so two changes to
 * one breach never judge its clocks from the same stale view.
 */
@Injectable()
export class IncidentLifecycleService {
  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly register: IncidentRegisterService,
  ) {}

  /** Phased information: a timeline entry, and the facts it amends. Reporters only for their processor. */
  async update(actor: Actor, id: string, dto: UpdateIncidentDto): Promise<IncidentDetail> {
    return this.unitOfWork.run(actor, async (change) => {
      const { manager } = change;
      const incident = await this.lockIncident(manager, id);
      if (!mayReporterSee(actor, incident.processorId)) throw notFound('incident', id);
      if (incident.status === 'closed') throw conflict('the incident is closed');
      assertPlausibleTimes(incident.awareAt, dto.occurredAt ?? incident.occurredAt ?? undefined, dto.endedAt ?? incident.endedAt ?? undefined, this.clock.now());
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of FACT_FIELDS) {
        const to = dto[field];
        if (to === undefined) continue;
        const from = incident[field];
        if (JSON.stringify(from) === JSON.stringify(to)) continue;
        changes[field] = { from, to };
        (incident as unknown as Record<string, unknown>)[field] = to;
      }
      assertConsistentCounts(incident);
      await manager.save(incident);
      await this.addToTimeline(manager, actor, id, 'update', dto.note, changes);
      const body = await this.register.detail(manager, id);
      change.publish('incident.updated', { incidentId: id, note: dto.note, changedFields: Object.keys(changes), controllerIds: body.affectedControllerIds });
      change.audit({
        action: 'incident.updated',
        entityType: 'incident',
        entityId: id,
        before: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.from])),
        after: { note: dto.note, ...Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.to])) },
      });
      return body;
    });
  }

  /**
   * The risk assessment decides the controller's duties (Art. 33(1), 34), so `none` needs
   * the reason for not notifying the AP and an Art. 34(3) ground goes only with `high`.
   * A decision that departs from the latest severity assessment's recommendation needs the
   * officer's reason, kept in the register. Which clocks it opens and cancels is
   * planRiskAssessment's to say.
   */
  async assessRisk(actor: Actor, id: string, dto: AssessRiskDto): Promise<IncidentDetail> {
    if (dto.riskLevel === 'none' && !dto.noAuthorityNotificationReason) throw ruleBroken('riskLevel none needs the reason for not notifying the authority', 'noAuthorityNotificationReason');
    if (dto.riskLevel !== 'none' && dto.noAuthorityNotificationReason) throw ruleBroken('a reason for not notifying the authority only goes with riskLevel none', 'noAuthorityNotificationReason');
    if (dto.riskLevel !== 'high' && dto.dataSubjectExemption) throw ruleBroken('an Art. 34(3) exemption only applies to a high risk', 'dataSubjectExemption');
    return this.unitOfWork.run(actor, async (change) => {
      const { manager } = change;
      const incident = await this.lockIncident(manager, id);
      if (incident.status === 'closed') throw conflict('the incident is closed');
      const assessment = await latestSeverityAssessment(manager, id);
      const departed = assessment ? departures(assessment, dto.riskLevel) : [];
      if (departed.length && !dto.departureReason) throw ruleBroken(`${departed.join('; ')}: give the departureReason`, 'departureReason');
      if (!departed.length && dto.departureReason) throw ruleBroken('a departureReason only goes with a decision that departs from the latest severity assessment', 'departureReason');
      const departsFrom = assessment && departed.length ? { assessmentId: assessment.id, version: assessment.version, departures: departed } : null;
      const now = this.clock.now();
      const before = {
        riskLevel: incident.riskLevel,
        riskReasoning: incident.riskReasoning,
        noAuthorityNotificationReason: incident.noAuthorityNotificationReason,
        dataSubjectExemption: incident.dataSubjectExemption,
        departureReason: incident.departureReason,
      };
      Object.assign(incident, {
        riskLevel: dto.riskLevel,
        riskReasoning: dto.reasoning,
        riskAssessedAt: now,
        noAuthorityNotificationReason: dto.noAuthorityNotificationReason ?? null,
        dataSubjectExemption: dto.dataSubjectExemption?.ground ?? null,
        dataSubjectExemptionJustification: dto.dataSubjectExemption?.justification ?? null,
        departureReason: dto.departureReason ?? null,
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
      const after = {
        riskLevel: dto.riskLevel,
        riskReasoning: dto.reasoning,
        noAuthorityNotificationReason: incident.noAuthorityNotificationReason,
        dataSubjectExemption: incident.dataSubjectExemption,
        dataSubjectExemptionJustification: incident.dataSubjectExemptionJustification,
        departureReason: incident.departureReason,
        departsFrom,
      };
      await this.addToTimeline(manager, actor, id, 'risk_assessment', dto.reasoning, { ...after, openedDeadlineIds: opened.map((d) => d.id), cancelledDeadlineIds: plan.cancel.map((c) => c.deadlineId) });
      await this.refreshStatus(manager, incident);
      const body = await this.register.detail(manager, id);
      change.audit({ action: 'incident.risk_assessed', entityType: 'incident', entityId: id, before, after });
      return body;
    });
  }

  /** Records a notification; what it does to its clock, or why it is refused, is planNotification's to say. */
  async recordNotification(actor: Actor, id: string, dto: RecordNotificationDto): Promise<IncidentDetail> {
    const phase = dto.phase ?? 'initial';
    if (dto.kind === 'controller_notification' && !dto.controllerId) throw ruleBroken('a controller notification names the controllerId', 'controllerId');
    if (dto.kind !== 'controller_notification' && dto.controllerId) throw ruleBroken(`controllerId only goes with a controller_notification`, 'controllerId');
    // Art. 34(3)(c): the public must be told "in an equally effective manner" — what was published, and where, is the proof.
    if (dto.kind === 'public_communication' && phase === 'initial' && !dto.channel?.trim()) throw ruleBroken('a public communication names the channel it was published on', 'channel');
    if (dto.kind === 'public_communication' && phase === 'initial' && !dto.message?.trim()) throw ruleBroken('a public communication keeps the text that was published', 'message');
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
          message: dto.message ?? null,
        }),
      );
      if (dto.kind === 'authority_notification') await this.register.keepAuthorityDraft(manager, notification);
      await this.addToTimeline(manager, actor, id, 'notification', null, {
        notificationId: notification.id,
        kind: dto.kind,
        controllerId,
        phase,
        notifiedAt: dto.notifiedAt.toISOString(),
        late: plan.late,
      });
      await this.refreshStatus(manager, incident);
      const body = await this.register.detail(manager, id);
      change.publish('incident.notification_recorded', {
        incidentId: id,
        kind: dto.kind,
        controllerId,
        phase,
        notifiedAt: dto.notifiedAt.toISOString(),
        deadlineId: deadline?.id ?? null,
        late: plan.late,
        controllerIds: body.affectedControllerIds,
      });
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
      await this.addToTimeline(manager, actor, id, 'deadline_cancelled', reason, { deadlineId, kind: deadline.kind, controllerId: deadline.controllerId });
      await this.refreshStatus(manager, incident);
      const body = await this.register.detail(manager, id);
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
      await this.addToTimeline(manager, actor, id, 'closed', note, {});
      const body = await this.register.detail(manager, id);
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

  private async lockIncident(manager: EntityManager, id: string): Promise<Incident> {
    const incident = await manager.findOne(Incident, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!incident) throw notFound('incident', id);
    return incident;
  }

  /** The report writes the first entry too, so every entry has one shape. */
  async addToTimeline(manager: EntityManager, actor: Actor, incidentId: string, type: IncidentUpdateType, note: string | null, changes: Record<string, unknown>): Promise<IncidentUpdate> {
    return manager.save(manager.create(IncidentUpdate, { incidentId, type, note, changes, actorId: actor.id, actorName: actor.name }));
  }
}
