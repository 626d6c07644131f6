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

/**
 * One per controller of a processor-role breach, to that controller alone (its contact's
 * e-mail, and a webhook a receiver can route per client): a controller is told only of
 * what concerns it, never who else was hit.
 */
export interface IncidentControllerAffectedEvent {
  incidentId: string;
  title: string;
  processorId: string;
  awareAt: string;
  controllerId: string;
  /** When the processor's notice to this controller is due, by its agreement's hours. */
  dueAt: string;
  controllerIds: string[];
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
    'incident.controller_affected': IncidentControllerAffectedEvent;
    'incident.updated': IncidentUpdatedEvent;
    'incident.notification_recorded': IncidentNotificationRecordedEvent;
    'incident.closed': IncidentClosedEvent;
  }
}

export const INCIDENT_EVENTS = ['incident.created', 'incident.controller_affected', 'incident.updated', 'incident.notification_recorded', 'incident.closed'] as const;
