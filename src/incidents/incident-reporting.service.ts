import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AgreementDates, isInForceAt, notEndedAt } from '../agreements/agreement-status';
import { Change, UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { forbidden, missingReference, ProblemException, ruleBroken } from '../common/problem';
import { unnestColumns } from '../common/sql-columns';
import { CONTRACT_END_DELETION } from '../contract-end/erasure-workflow.service';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlinesService, PreparedDeadlines, WRITE_STAMP_COLUMNS, WriteStamp } from '../deadlines/deadlines.service';
import { SubProcessorLinksQuery } from '../sub-processors/sub-processor-links.query';
import { ReportIncidentDto } from './dto/report-incident.dto';
import { IdempotencyKey } from './idempotency-key.entity';
import { Incident, IncidentRole } from './incident.entity';
import { IncidentController, Inclusion } from './incident-controller.entity';
import { askedScope, AskedScope, dataStoreOwners, resolveScope } from './incident-scope.query';
import { IncidentUpdate } from './incident-update.entity';
import { AffectedController, assertConsistentCounts, assertPlausibleTimes, clockAgreement, reportDeadlines } from './incident-rules';
import { IncidentDetail, toIncidentDetail, toReportedRecord } from './incident.view';

/** An agreement as the report's statement returns it: instants as JSON strings. */
interface StoredAgreement {
  id: string;
  controllerId: string;
  breachNotificationHours: number;
  effectiveFrom: string;
  endsAt: string | null;
  terminatedAt: string | null;
  terminationEffectiveAt: string | null;
}

const instant = (value: string | null) => (value === null ? null : new Date(value));

function toAgreementDates(a: StoredAgreement) {
  return { ...a, effectiveFrom: new Date(a.effectiveFrom), endsAt: instant(a.endsAt), terminatedAt: instant(a.terminatedAt), terminationEffectiveAt: instant(a.terminationEffectiveAt) };
}

/**
 * What a report is checked against, in one statement: `$1` the processor, `$2` the
 * sub-processor (or null), `$3` the controllers; and the stamps the report's rows will get.
 * Written with positional parameters so no request pays for naming them.
 */
const REGISTRY_CHECK_SQL = `SELECT
   EXISTS (SELECT 1 FROM processors p WHERE p.id = $1) AS "processorFound",
   (SELECT s.processor_id FROM sub_processors s WHERE s.id = $2) AS "subProcessorOf",
   ARRAY(SELECT c.id::text FROM data_controllers c WHERE c.id = ANY($3::uuid[])) AS "foundControllerIds",
   (SELECT coalesce(json_agg(json_build_object(
             'id', a.id, 'controllerId', a.controller_id, 'breachNotificationHours', a.breach_notification_hours,
             'effectiveFrom', a.effective_from, 'endsAt', a.ends_at, 'terminatedAt', a.terminated_at, 'terminationEffectiveAt', a.termination_effective_at)), '[]')
      FROM processing_agreements a
     WHERE a.processor_id = $1 AND a.controller_id = ANY($3::uuid[])) AS "agreements",
   ${WRITE_STAMP_COLUMNS}`;

/** One answer for an id the reporter's processor has nothing to do with, whether it exists elsewhere or not at all. */
function unknownToProcessor(field: string, what: string, ids: string[]): ProblemException {
  const message = `no ${what} ${ids.join(', ')} known to this processor`;
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, message, [{ field, message }], 'missing-reference');
}

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
    private readonly subProcessorLinks: SubProcessorLinksQuery,
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
      change.audit({ action: 'incident.reported', entityType: 'incident', entityId: body.id, after: toReportedRecord(body) });
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
    assertPlausibleTimes(dto.awareAt, dto.occurredAt ?? undefined, dto.endedAt ?? undefined, now);
    assertConsistentCounts({
      approxDataSubjects: dto.approxDataSubjects ?? null,
      approxRecords: dto.approxRecords ?? null,
      dataSubjectsRange: dto.dataSubjectsRange ?? null,
      recordsRange: dto.recordsRange ?? null,
    });
    const scope = dto.affectedScope ? askedScope(dto.affectedScope) : null;
    if (scope && role !== 'processor') throw ruleBroken('a scope names the controllers of a processor-role breach; list a controller-role breach’s controllers in affectedControllerIds', 'affectedScope');
    const { listed, stamp } = await this.checkReferences(manager, actor, role, dto);
    const scoped = scope ? await this.resolveScope(manager, actor, dto, scope) : [];
    const listedIds = new Set(listed.map((a) => a.controllerId));
    const affected: AffectedController[] = [...listed, ...scoped.filter((c) => !listedIds.has(c.controllerId))];
    if (role === 'processor' && affected.length === 0) {
      throw scope
        ? ruleBroken('the affectedScope reaches no controller with an agreement in force at awareAt: name the controllers in affectedControllerIds', 'affectedScope')
        : ruleBroken('a processor-role breach affects at least one controller', 'affectedControllerIds');
    }

    const incident = manager.create(Incident, {
      id: randomUUID(),
      processorId: dto.processorId,
      subProcessorId: dto.subProcessorId ?? dto.affectedScope?.subProcessorId ?? null,
      role,
      status: 'open',
      title: dto.title,
      description: dto.description ?? null,
      awareAt: dto.awareAt,
      occurredAt: dto.occurredAt ?? null,
      endedAt: dto.endedAt ?? null,
      nature: dto.nature ?? null,
      dataCategories: dto.dataCategories ?? null,
      specialCategories: dto.specialCategories ?? [],
      approxDataSubjects: dto.approxDataSubjects ?? null,
      approxRecords: dto.approxRecords ?? null,
      dataEncrypted: dto.dataEncrypted ?? null,
      crossBorder: dto.crossBorder ?? null,
      likelyConsequences: dto.likelyConsequences ?? null,
      measuresTaken: dto.measuresTaken ?? null,
      dataSubjectsRange: dto.dataSubjectsRange ?? null,
      recordsRange: dto.recordsRange ?? null,
      dataOperations: dto.dataOperations ?? null,
      causes: dto.causes ?? null,
      detection: dto.detection ?? null,
      personalDataKinds: dto.personalDataKinds ?? null,
      dataSubjectGroups: dto.dataSubjectGroups ?? null,
      crossBorderCountries: dto.crossBorderCountries ?? null,
      otherAuthoritiesNotified: dto.otherAuthoritiesNotified ?? null,
      expectedHarm: dto.expectedHarm ?? null,
      measuresPlanned: dto.measuresPlanned ?? null,
      reporterName: dto.reporter.name,
      reporterEmail: dto.reporter.email,
      reporterPhone: dto.reporter.phone ?? null,
      reporterFunction: dto.reporter.function ?? null,
      affectedScope: scope?.stored ?? null,
      affectedScopeCount: scope ? scoped.length : null,
    });
    const links = affected.map((a): IncidentController => ({ incidentId: incident.id, controllerId: a.controllerId, agreementId: a.agreementId, basis: a.basis, includedBy: a.includedBy }));
    const deadlines = this.deadlines.prepare(reportDeadlines(incident.id, role, incident.awareAt, affected));
    const reported = manager.create(IncidentUpdate, {
      id: randomUUID(),
      incidentId: incident.id,
      type: 'reported',
      note: null,
      actorId: actor.id,
      actorName: actor.name,
      changes: {
        role,
        awareAt: incident.awareAt.toISOString(),
        affectedControllerIds: affected.map((a) => a.controllerId),
        // How each came in is on its incident_controllers row. The clocks of those a scope reached are the scope's rule
        // applied (their agreements' hours, in their deadlines), so the entry names the scope once, not 20,000 clocks again.
        ...(role === 'processor' ? { affectedControllers: affected.filter((a) => a.includedBy === 'listed').map(({ includedBy: _, ...clock }) => clock) } : {}),
        ...(scope ? { affectedScope: { ...scope.stored, resolvedControllers: scoped.length } } : {}),
      },
    });
    incident.createdAt = reported.createdAt = new Date(stamp.created_at);
    incident.updatedAt = new Date(stamp.updated_at);
    // Nothing after this reads what the statement writes: the answer, the events and the audit entry are made while Postgres
    // writes the rows (for a breach at shared infrastructure, 40,000 of them), once the statement is on its way.
    change.sending(this.write(manager, incident, links, deadlines, reported));
    await new Promise<void>((resolve) => setImmediate(resolve));
    await this.deadlines.written(manager, deadlines, stamp);
    const opened = deadlines.rows;

    // A sub-processor the controller objected to (or never authorised) is flagged on the report, never a reason to refuse it.
    const subProcessorFlags = incident.subProcessorId
      ? await this.subProcessorLinks.blockedFor(
          manager,
          incident.subProcessorId,
          affected.map((a) => a.controllerId),
          incident.awareAt,
        )
      : [];
    const basisOf = new Map(affected.map((a) => [a.controllerId, a.basis]));
    change.publish(
      'incident.created',
      {
        incidentId: incident.id,
        title: incident.title,
        role,
        processorId: incident.processorId,
        awareAt: incident.awareAt.toISOString(),
        controllerIds: affected.map((a) => a.controllerId),
        deadlines: opened.map((d) => ({ deadlineId: d.id, kind: d.kind, controllerId: d.controllerId, dueAt: d.dueAt.toISOString(), basis: d.controllerId ? (basisOf.get(d.controllerId) ?? null) : null })),
      },
      'officer',
    );
    for (const d of opened) {
      if (d.kind !== 'controller_notification' || !d.controllerId) continue;
      change.publish(
        'incident.controller_affected',
        {
          incidentId: incident.id,
          title: incident.title,
          processorId: incident.processorId,
          awareAt: incident.awareAt.toISOString(),
          controllerId: d.controllerId,
          dueAt: d.dueAt.toISOString(),
          controllerIds: [d.controllerId],
        },
        'controllers',
      );
    }
    // Built from what was just written: the same shape GET returns, without reading it back. Ids compare as
    // Postgres orders uuids (lowercase hex), not by locale, which is also what keeps 20,000 of them quick.
    const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return toIncidentDetail(
      incident,
      links.sort((a, b) => byId(a.controllerId, b.controllerId)),
      [...opened].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || byId(a.id, b.id)),
      [reported],
      [],
      subProcessorFlags,
    );
  }

  /**
   * The processor, the sub-processor, the controllers and every agreement between them,
   * read in one statement and judged in the order a report is checked in; then, only for
   * a controller without an agreement in force, the contract-end deletions of its ended
   * agreements, through the deadlines they closed.
   *
   * A reporter key names only what its own processor has to do with: a sub-processor of
   * it, and controllers that have or had an agreement with it. Anything else gets one and
   * the same answer whether the id exists elsewhere or nowhere, so the key learns nothing
   * about other processors' clients.
   */
  private async checkReferences(manager: EntityManager, actor: Actor, role: IncidentRole, dto: ReportIncidentDto): Promise<{ listed: AffectedController[]; stamp: WriteStamp }> {
    const controllerIds = dto.affectedControllerIds ?? [];
    const [facts] = await manager.query<
      ({
        processorFound: boolean;
        subProcessorOf: string | null;
        foundControllerIds: string[];
        agreements: StoredAgreement[];
      } & WriteStamp)[]
    >(REGISTRY_CHECK_SQL, [dto.processorId, dto.subProcessorId ?? null, controllerIds]);
    const reporter = actor.role === 'reporter';
    if (!facts.processorFound) throw missingReference('processorId', 'processor', dto.processorId);
    if (dto.subProcessorId && facts.subProcessorOf !== dto.processorId) {
      if (reporter) throw unknownToProcessor('subProcessorId', 'sub-processor', [dto.subProcessorId]);
      if (!facts.subProcessorOf) throw missingReference('subProcessorId', 'sub-processor', dto.subProcessorId);
      throw ruleBroken('this sub-processor works for another processor', 'subProcessorId');
    }

    const known = reporter ? new Set(facts.agreements.map((a) => a.controllerId)) : new Set(facts.foundControllerIds);
    const unknown = controllerIds.filter((id) => !known.has(id));
    if (unknown.length && reporter) throw unknownToProcessor('affectedControllerIds', 'controller', unknown);
    if (unknown.length) throw missingReference('affectedControllerIds', 'controller', unknown.join(', '));
    const stamp = { created_at: facts.created_at, updated_at: facts.updated_at };
    if (role === 'controller') {
      return { listed: controllerIds.map((controllerId) => ({ controllerId, agreementId: null, basis: null, breachNotificationHours: null, includedBy: 'listed' })), stamp };
    }

    const agreements = facts.agreements.map(toAgreementDates);
    const deletions = await this.deletionsOf(manager, agreements, dto.awareAt);
    const listed = controllerIds.map((controllerId) => ({
      controllerId,
      includedBy: 'listed' as const,
      ...clockAgreement(
        agreements.filter((a) => a.controllerId === controllerId).map((a) => ({ ...a, deletions: deletions.get(a.id) ?? [] })),
        dto.awareAt,
      ),
    }));
    return { listed, stamp };
  }

  /**
   * The controllers a scope reaches, resolved once, in one statement. What it names must be
   * the reporting processor's own, checked as a listed id is: a reporter key learns nothing
   * of other processors' sub-processors or stores.
   */
  private async resolveScope(manager: EntityManager, actor: Actor, dto: ReportIncidentDto, scope: AskedScope): Promise<AffectedController[]> {
    const reporter = actor.role === 'reporter';
    if ('subProcessorId' in scope.stored) {
      const id = scope.stored.subProcessorId;
      const [owner] = await manager.query<{ processor_id: string }[]>(`SELECT processor_id FROM sub_processors WHERE id = $1`, [id]);
      if (owner?.processor_id !== dto.processorId) {
        if (reporter) throw unknownToProcessor('affectedScope.subProcessorId', 'sub-processor', [id]);
        if (!owner) throw missingReference('affectedScope.subProcessorId', 'sub-processor', id);
        throw ruleBroken('this sub-processor works for another processor', 'affectedScope.subProcessorId');
      }
    }
    if ('dataStoreIds' in scope.stored) {
      const owners = await dataStoreOwners(manager, scope.stored.dataStoreIds);
      const foreign = scope.stored.dataStoreIds.filter((id) => owners.get(id) !== dto.processorId);
      if (foreign.length && reporter) throw unknownToProcessor('affectedScope.dataStoreIds', 'data store', foreign);
      const unknown = foreign.filter((id) => !owners.has(id));
      if (unknown.length) throw missingReference('affectedScope.dataStoreIds', 'data store', unknown.join(', '));
      if (foreign.length) throw ruleBroken(`data store(s) ${foreign.join(', ')} belong to another processor's agreements`, 'affectedScope.dataStoreIds');
    }
    const included: Inclusion = scope.kind;
    return (await resolveScope(manager, dto.processorId, dto.awareAt, scope)).map((c) => ({
      controllerId: c.controllerId,
      agreementId: c.agreementId,
      basis: 'agreement_in_force',
      breachNotificationHours: c.breachNotificationHours,
      includedBy: included,
    }));
  }

  /**
   * The report in one statement, however many controllers: the incident, its controllers
   * (one parameter per column), their deadlines (as DeadlinesService prepared them) and the
   * first timeline entry, each a CTE. Foreign keys between them hold, as Postgres checks them
   * at the end of the statement. Ids are made in Node and every row's stamps are the
   * transaction's start, read before, so nothing is read back (it answers an empty row).
   */
  private async write(manager: EntityManager, incident: Incident, links: IncidentController[], deadlines: PreparedDeadlines, reported: IncidentUpdate): Promise<void> {
    const driver = this.dataSource.driver;
    const columns = this.dataSource.getMetadata(Incident).columns.filter((c) => !c.isCreateDate && !c.isUpdateDate && c.getEntityValue(incident) !== undefined);
    const parameters = columns.map((c): unknown => driver.preparePersistentValue(c.getEntityValue(incident), c));
    const next = (value: unknown) => `$${parameters.push(value)}`;
    const incidentRow = `INSERT INTO incidents (${columns.map((c) => `"${c.databaseName}"`).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
    const { column } = unnestColumns(links, next);
    await manager.query(
      `WITH i AS (${incidentRow}),
       c AS (INSERT INTO incident_controllers (incident_id, controller_id, agreement_id, basis, included_by)
             SELECT ${next(incident.id)}::uuid, x.* FROM unnest(${column('uuid', (l) => l.controllerId)}, ${column('uuid', (l) => l.agreementId)}, ${column('text', (l) => l.basis)}, ${column('text', (l) => l.includedBy)})
               AS x(controller_id, agreement_id, basis, included_by)),
       d AS (${deadlines.insert(next)}),
       u AS (INSERT INTO incident_updates (id, incident_id, type, note, changes, actor_id, actor_name)
             VALUES (${next(reported.id)}, ${next(incident.id)}, ${next(reported.type)}, ${next(reported.note)}, ${next(JSON.stringify(reported.changes))}, ${next(reported.actorId)}, ${next(reported.actorName)}))
       SELECT`,
      parameters,
    );
  }

  /** Only the ended agreements of a controller with none in force can set its clock; in the usual report there are none to read. */
  private async deletionsOf(manager: EntityManager, agreements: (AgreementDates & { id: string; controllerId: string })[], awareAt: Date): Promise<Map<string, Deadline[]>> {
    const covered = new Set(agreements.filter((a) => isInForceAt(a, awareAt)).map((a) => a.controllerId));
    const ended = agreements.filter((a) => !covered.has(a.controllerId) && !notEndedAt(a, awareAt)).map((a) => a.id);
    const byAgreement = new Map<string, Deadline[]>();
    if (ended.length === 0) return byAgreement;
    for (const deadline of await this.deadlines.find({ kind: CONTRACT_END_DELETION, subjectType: 'agreement', subjectIds: ended }, { manager })) {
      byAgreement.set(deadline.subjectId, [...(byAgreement.get(deadline.subjectId) ?? []), deadline]);
    }
    return byAgreement;
  }

  private assertMayReportFor(actor: Actor, processorId: string): void {
    if (actor.role === 'reporter' && actor.processorId !== processorId) throw forbidden('a reporter key may only report for its own processor');
  }
}
