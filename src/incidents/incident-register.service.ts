import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { Language } from '../common/language';
import { mapPage, Page, paginate } from '../common/pagination';
import { notFound } from '../common/problem';
import { ReadSnapshot, selectProperties } from '../common/read-snapshot';
import { CsvRows } from '../common/csv';
import { DataController } from '../data-controllers/data-controller.entity';
import { DeadlinesService, subjectDeadlines, subjectDeadlinesSql } from '../deadlines/deadlines.service';
import { Processor } from '../processors/processor.entity';
import { SubProcessor } from '../sub-processors/sub-processor.entity';
import { SubProcessorLinksQuery } from '../sub-processors/sub-processor-links.query';
import { authorityForm, FormContext, keptForm, planAuthorityDraft, ReportType } from './authority-draft';
import { AuthorityDraftView, localiseDraft } from './authority-draft-texts';
import { IncidentAuthorityDraft } from './incident-authority-draft.entity';
import { ListIncidentsQuery } from './dto/list-incidents.query';
import { Incident } from './incident.entity';
import { IncidentController } from './incident-controller.entity';
import { IncidentNotification } from './incident-notification.entity';
import { INCIDENT, mayReporterSee } from './incident-rules';
import { IncidentUpdate } from './incident-update.entity';
import { latestSeverityAssessment } from './incident-severity.query';
import { IncidentDetail, IncidentSummaryView, toIncidentDetail, toIncidentSummary } from './incident.view';
import { REGISTER_CSV_COLUMNS, RegisterCsvIncident, registerCsvRow } from './register-csv';

/** Incidents per FETCH: about 50 kB of CSV, a batch short-lived enough to die in V8's young generation (see `ReadSnapshot.batches`). */
const INCIDENTS_PER_FETCH = 100;

/**
 * The breach register (Art. 33(5)) as it is read: one incident, the list, the CSV and the
 * AP draft. Writers answer with `detail` too, so every route returns the same shape.
 */
@Injectable()
export class IncidentRegisterService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadlines: DeadlinesService,
    private readonly subProcessorLinks: SubProcessorLinksQuery,
    private readonly clock: Clock,
  ) {}

  async get(actor: Actor, id: string): Promise<IncidentDetail> {
    const incident = await this.dataSource.getRepository(Incident).findOne({ where: { id }, select: { id: true, processorId: true } });
    // To a reporter another processor's incident does not exist: the answer must not tell it apart from an unknown id.
    if (!incident || !mayReporterSee(actor, incident.processorId)) throw notFound('incident', id);
    return this.detail(this.dataSource.manager, id);
  }

  async detail(manager: EntityManager, id: string): Promise<IncidentDetail> {
    const incident = await manager.findOneByOrFail(Incident, { id });
    // One after another: inside a transaction they share one connection.
    const controllers = await manager.find(IncidentController, { where: { incidentId: id }, order: { controllerId: 'ASC' } });
    const deadlines = await this.deadlines.forSubject(INCIDENT, id, { manager });
    const timeline = await manager.find(IncidentUpdate, { where: { incidentId: id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const notifications = await manager.find(IncidentNotification, { where: { incidentId: id }, order: { notifiedAt: 'ASC', id: 'ASC' } });
    const flags = incident.subProcessorId
      ? await this.subProcessorLinks.blockedFor(
          manager,
          incident.subProcessorId,
          controllers.map((c) => c.controllerId),
          incident.awareAt,
        )
      : [];
    const severity = await latestSeverityAssessment(manager, id);
    return toIncidentDetail(incident, controllers, deadlines, timeline, notifications, flags, severity);
  }

  async list(actor: Actor, query: ListIncidentsQuery): Promise<Page<IncidentSummaryView>> {
    return mapPage(await paginate(this.registerQuery(actor, query), query), toIncidentSummary);
  }

  /**
   * The whole register for the CSV, newest first like the list, from one snapshot: one
   * statement (each incident with its controllers and deadlines) behind a server-side
   * cursor, so memory holds one batch whatever the register's size.
   */
  async csv(actor: Actor, query: ListIncidentsQuery): Promise<CsvRows> {
    const qb = selectProperties(this.registerQuery(actor, query), REGISTER_CSV_COLUMNS)
      .addSelect('ARRAY(SELECT ic.controller_id::text FROM incident_controllers ic WHERE ic.incident_id = i.id ORDER BY ic.controller_id)', 'controllerIds')
      .addSelect(subjectDeadlinesSql(INCIDENT, 'i.id'), 'deadlines')
      .orderBy('i.created_at', 'DESC')
      .addOrderBy('i.id', 'DESC');
    const snapshot = await ReadSnapshot.open(this.dataSource);
    async function* rows(): AsyncGenerator<unknown[][]> {
      for await (const incidents of snapshot.batchesOf<RegisterCsvIncident & { deadlines: Parameters<typeof subjectDeadlines>[0] }>('incident_register', qb, INCIDENTS_PER_FETCH)) {
        yield incidents.map((incident) => registerCsvRow(incident, subjectDeadlines(incident.deadlines)));
      }
    }
    return { rows: rows(), close: () => snapshot.release() };
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
      qb.andWhere(new Brackets((w) => w.where('EXISTS (SELECT 1 FROM incident_controllers ic WHERE ic.incident_id = i.id AND ic.controller_id = :controllerId)', { controllerId: query.controllerId })));
    }
    return qb;
  }

  /** The AP form as the record answers it now, as a new report, a follow-up or a withdrawal. */
  async authorityDraft(id: string, language: Language, type: ReportType | undefined): Promise<AuthorityDraftView> {
    const manager = this.dataSource.manager;
    const incident = await manager.findOneBy(Incident, { id });
    if (!incident) throw notFound('incident', id);
    const now = this.clock.now();
    const form = authorityForm(await this.formContext(manager, incident, now));
    const previous = await manager.findOne(IncidentAuthorityDraft, { where: { incidentId: id }, order: { notifiedAt: 'DESC', createdAt: 'DESC' } });
    const plan = planAuthorityDraft(form, previous, type, incident.noAuthorityNotificationReason);
    return localiseDraft(plan, language, incident.title, now);
  }

  /** Keeps the form as it stands with a notification to the AP just recorded: what a follow-up is measured against. */
  async keepAuthorityDraft(manager: EntityManager, notification: IncidentNotification): Promise<void> {
    const incident = await manager.findOneByOrFail(Incident, { id: notification.incidentId });
    const form = authorityForm(await this.formContext(manager, incident, this.clock.now()));
    await manager.insert(IncidentAuthorityDraft, {
      incidentId: incident.id,
      notificationId: notification.id,
      phase: notification.phase,
      notifiedAt: notification.notifiedAt,
      reference: notification.reference,
      form: keptForm(form),
    });
  }

  private async formContext(manager: EntityManager, incident: Incident, now: Date): Promise<FormContext> {
    // One after another: inside a transaction they share one connection.
    const links = await manager.find(IncidentController, { where: { incidentId: incident.id } });
    const processor = await manager.findOneByOrFail(Processor, { id: incident.processorId });
    const subProcessor = incident.subProcessorId ? await manager.findOneBy(SubProcessor, { id: incident.subProcessorId }) : null;
    const controllers = links.length ? await manager.find(DataController, { where: { id: In(links.map((l) => l.controllerId)) }, order: { name: 'ASC' } }) : [];
    const deadlines = await this.deadlines.forSubject(INCIDENT, incident.id, { manager });
    const notifications = await manager.find(IncidentNotification, { where: { incidentId: incident.id }, order: { notifiedAt: 'ASC', id: 'ASC' } });
    const severity = await latestSeverityAssessment(manager, incident.id);
    const party = (p: { name: string; country: string; kvkNumber: string | null }) => ({ name: p.name, country: p.country, kvkNumber: p.kvkNumber });
    return {
      incident,
      processor: { ...party(processor), dpoName: processor.dpoName, dpoEmail: processor.dpoEmail },
      subProcessor: subProcessor ? { name: subProcessor.name, service: subProcessor.service, country: subProcessor.country } : null,
      controllers: controllers.map(party),
      deadlines,
      notifications,
      severity: severity?.facts ?? null,
      now,
    };
  }
}
