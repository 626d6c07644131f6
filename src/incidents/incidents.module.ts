import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DomainEvents } from '../common/domain-events';
import { DomainEventsModule } from '../common/domain-events.module';
import { DeadlineKinds } from '../deadlines/deadline-kinds';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { namesFrom, SubjectNames } from '../notifications/subject-names.registry';
import { RetentionModule } from '../retention/retention.module';
import { RetentionTargets } from '../retention/retention-target';
import { SubProcessorsModule } from '../sub-processors/sub-processors.module';
import { IdempotencyKey } from './idempotency-key.entity';
import { IncidentAuthorityDraft } from './incident-authority-draft.entity';
import { Incident } from './incident.entity';
import { INCIDENT_EVENTS } from './incident.events';
import { INCIDENT } from './incident-rules';
import { IDEMPOTENCY_KEY_RETENTION, INCIDENT_RETENTION } from './incident.retention';
import { IncidentController } from './incident-controller.entity';
import { IncidentNotification } from './incident-notification.entity';
import { IncidentUpdate } from './incident-update.entity';
import { IncidentLifecycleService } from './incident-lifecycle.service';
import { IncidentRegisterService } from './incident-register.service';
import { IncidentReportingService } from './incident-reporting.service';
import { IncidentSeverityAssessment } from './incident-severity-assessment.entity';
import { IncidentSeverityService } from './incident-severity.service';
import { IncidentsController } from './incidents.controller';
import { describeIncidentDeadlines } from './incident-deadlines.query';
import { ReportChoicesQuery } from './report-choices.query';

/** Personal data breaches (datalekken): the report, its clocks, its lifecycle and the register. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Incident, IncidentController, IncidentUpdate, IncidentNotification, IncidentSeverityAssessment, IncidentAuthorityDraft, IdempotencyKey]),
    AuditModule,
    DomainEventsModule,
    DeadlinesModule,
    NotificationsModule,
    RetentionModule,
    SubProcessorsModule,
  ],
  controllers: [IncidentsController],
  providers: [IncidentReportingService, IncidentLifecycleService, IncidentRegisterService, IncidentSeverityService, ReportChoicesQuery],
  // The dashboard reads and changes breaches through the same services as the API.
  exports: [IncidentReportingService, IncidentLifecycleService, IncidentRegisterService, IncidentSeverityService, ReportChoicesQuery],
})
export class IncidentsModule implements OnModuleInit {
  constructor(
    private readonly kinds: DeadlineKinds,
    private readonly retention: RetentionTargets,
    private readonly events: DomainEvents,
    private readonly names: SubjectNames,
  ) {}

  onModuleInit(): void {
    // The breach clocks are the organisation's own duties: the controller learns of a breach from the notification itself.
    this.kinds.register(
      { kind: 'controller_notification', subjectType: INCIDENT, concerns: 'organisation', describe: describeIncidentDeadlines },
      { kind: 'authority_notification', subjectType: INCIDENT, concerns: 'organisation', describe: describeIncidentDeadlines },
      { kind: 'data_subject_notification', subjectType: INCIDENT, concerns: 'organisation', describe: describeIncidentDeadlines },
      { kind: 'public_communication', subjectType: INCIDENT, concerns: 'organisation', describe: describeIncidentDeadlines },
    );
    this.retention.register(INCIDENT_RETENTION, IDEMPOTENCY_KEY_RETENTION);
    this.events.declare(...INCIDENT_EVENTS);
    this.names.register('incident', namesFrom(Incident, 'title'));
  }
}
