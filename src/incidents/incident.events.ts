import type { ClockBasis } from './incident-controller.entity';

/** What the incident events carry; each names the controllers the breach concerns. */
export interface IncidentCreatedEvent {
  incidentId: string;
  title: string;
  role: string;
  processorId: string;
  awareAt: string;
  controllerIds: string[];
  /** basis: what set a controller clock (see IncidentController.basis); null for the AP clock. */
  deadlines: { deadlineId: string; kind: string; controllerId: string | null; dueAt: string; basis: ClockBasis | null }[];
}

export interface IncidentUpdatedEvent {
  incidentId: string;
  note: string;
  changedFields: string[];
  controllerIds: string[];
}

export interface IncidentNotificationRecordedEvent {
  incidentId: string;
  kind: string;
  controllerId: string | null;
  phase: string;
  notifiedAt: string;
  deadlineId: string | null;
  late: boolean | null;
  controllerIds: string[];
}

export interface IncidentClosedEvent {
  incidentId: string;
  closedAt: string;
  controllerIds: string[];
}

declare module '../common/domain-events' {
  interface DomainEventMap {
    'incident.created': IncidentCreatedEvent;
    'incident.updated': IncidentUpdatedEvent;
    'incident.notification_recorded': IncidentNotificationRecordedEvent;
    'incident.closed': IncidentClosedEvent;
  }
}

export const INCIDENT_EVENTS = ['incident.created', 'incident.updated', 'incident.notification_recorded', 'incident.closed'] as const;
