import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { inForceAtSql } from '../agreements/agreement-status';
import { Change, UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { forbidden, missingReference, ProblemException, ruleBroken } from '../common/problem';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { ReportIncidentDto } from './dto/report-incident.dto';
import { IdempotencyKey } from './idempotency-key.entity';
import { Incident } from './incident.entity';
import { IncidentController } from './incident-controller.entity';
import { IncidentLifecycleService } from './incident-lifecycle.service';
import { AffectedController, assertPlausibleTimes, reportDeadlines } from './incident-rules';
import { IncidentDetail, toIncidentDetail } from './incident.view';

export interface ReportResult {
  status: number;
  body: IncidentDetail;
}

/** A breach report: checked against the registry, recorded once per Idempotency-Key, its clocks started. */
@Injectable()
export class IncidentReportingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadlines: DeadlinesService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly lifecycle: IncidentLifecycleService,
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
    const claimed = await manager.query<unknown[]>(`INSERT INTO idempotency_keys (actor_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`, [actor.id, key, requestHash]);
    if (claimed.length) return undefined;
    const first = await manager.findOneByOrFail(IdempotencyKey, { actorId: actor.id, key });
    if (first.requestHash !== requestHash) throw ruleBroken('this Idempotency-Key was used for a different request', 'Idempotency-Key');
    return { status: first.responseStatus ?? HttpStatus.CREATED, body: first.responseBody as IncidentDetail };
  }

  private async createIncident(change: Change, dto: ReportIncidentDto): Promise<IncidentDetail> {
    const { manager, actor } = change;
    const now = this.clock.now();
    const role = dto.role ?? 'processor';
    assertPlausibleTimes(dto.awareAt, dto.occurredAt, dto.endedAt, now);
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
      await manager.insert(
        IncidentController,
        affected.map((a) => ({ incidentId: incident.id, controllerId: a.controllerId, agreementId: a.agreementId })),
      );
    }
    const opened = await this.deadlines.openMany(manager, reportDeadlines(incident.id, role, incident.awareAt, affected));

    const reported = await this.lifecycle.addToTimeline(manager, actor, incident.id, 'reported', null, {
      role,
      awareAt: incident.awareAt.toISOString(),
      affectedControllerIds: affected.map((a) => a.controllerId),
    });
    change.publish(
      'incident.created',
      {
        incidentId: incident.id,
        title: incident.title,
        role,
        processorId: incident.processorId,
        awareAt: incident.awareAt.toISOString(),
        controllerIds: affected.map((a) => a.controllerId),
        deadlines: opened.map((d) => ({ deadlineId: d.id, kind: d.kind, controllerId: d.controllerId, dueAt: d.dueAt.toISOString() })),
      },
      'officer',
    );
    // Built from what was just written: the same shape GET returns, without reading it back.
    const links = affected.map((a): IncidentController => ({ incidentId: incident.id, controllerId: a.controllerId, agreementId: a.agreementId }));
    const body = toIncidentDetail(
      incident,
      links.sort((a, b) => a.controllerId.localeCompare(b.controllerId)),
      [...opened].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id)),
      [reported],
      [],
    );
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
    const [facts] = await manager.query<
      {
        processorFound: boolean;
        subProcessorOf: string | null;
        foundControllerIds: string[];
        agreements: { id: string; controllerId: string; breachNotificationHours: number }[];
      }[]
    >(sql, parameters);
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

  private assertMayReportFor(actor: Actor, processorId: string): void {
    if (actor.role === 'reporter' && actor.processorId !== processorId) throw forbidden('a reporter key may only report for its own processor');
  }
}
