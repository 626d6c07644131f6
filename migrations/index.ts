import { RegistryAndFoundation1763719200000 } from './1763719200000-registry-and-foundation';
import { Notifications1763719400000 } from './1763719400000-notifications';
import { Incidents1763719410000 } from './1763719410000-incidents';
import { Retention1763719500000 } from './1763719500000-retention';
import { ContractEnd1763719510000 } from './1763719510000-contract-end';
import { DataExportRetention1763719520000 } from './1763719520000-data-export-retention';
import { OperationalRecordsRetention1763719530000 } from './1763719530000-operational-records-retention';
import { OutboxControllerIds1763719600000 } from './1763719600000-outbox-controller-ids';
import { AuditChainKeyed1763719700000 } from './1763719700000-audit-chain-keyed';
import { SubProcessorTransferDetails1763719720000 } from './1763719720000-sub-processor-transfer-details';
import { AgreementLifecycle1763719730000 } from './1763719730000-agreement-lifecycle';
import { DeletionDeclaration1763719731000 } from './1763719731000-deletion-declaration';
import { IncidentFirstReport1763719740000 } from './1763719740000-incident-first-report';
import { DeadlineKindsForDuties1763719800000 } from './1763719800000-deadline-kinds-for-duties';
import { DataSubjectRequests1763719810000 } from './1763719810000-data-subject-requests';
import { ControllerDpoName1763719820000 } from './1763719820000-controller-dpo-name';
import { SubProcessorChanges1763719830000 } from './1763719830000-sub-processor-changes';
import { IncidentSeverityAssessments1763719840000 } from './1763719840000-incident-severity-assessments';
import { AuthorityFormFacts1763719850000 } from './1763719850000-authority-form-facts';
import { BreachScopeAndPublicCommunication1763719860000 } from './1763719860000-breach-scope-and-public-communication';
import { Dashboard1763719900000 } from './1763719900000-dashboard';
import { CalendarFeeds1763719910000 } from './1763719910000-calendar-feeds';
import { ReadableMessages1763719920000 } from './1763719920000-readable-messages';
import { OutboxFanouts1763719930000 } from './1763719930000-outbox-fanouts';
import { AgreementGapsColumn1763719950000 } from './1763719950000-agreement-gaps-column';
import { ReportPathCompression1763719960000 } from './1763719960000-report-path-compression';

/** Every migration, in order. Add new ones at the end; never edit one that has landed. */
export const ALL_MIGRATIONS = [
  RegistryAndFoundation1763719200000,
  Notifications1763719400000,
  Incidents1763719410000,
  Retention1763719500000,
  ContractEnd1763719510000,
  DataExportRetention1763719520000,
  OperationalRecordsRetention1763719530000,
  OutboxControllerIds1763719600000,
  AuditChainKeyed1763719700000,
  SubProcessorTransferDetails1763719720000,
  AgreementLifecycle1763719730000,
  DeletionDeclaration1763719731000,
  IncidentFirstReport1763719740000,
  DeadlineKindsForDuties1763719800000,
  DataSubjectRequests1763719810000,
  ControllerDpoName1763719820000,
  SubProcessorChanges1763719830000,
  IncidentSeverityAssessments1763719840000,
  AuthorityFormFacts1763719850000,
  BreachScopeAndPublicCommunication1763719860000,
  Dashboard1763719900000,
  CalendarFeeds1763719910000,
  ReadableMessages1763719920000,
  OutboxFanouts1763719930000,
  AgreementGapsColumn1763719950000,
  ReportPathCompression1763719960000,
];
