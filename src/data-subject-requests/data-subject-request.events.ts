export interface DataSubjectRequestEvent {
  requestId: string;
  type: string;
  role: string;
  status: string;
  controllerId: string | null;
  controllerIds: string[];
  receivedAt: string;
  dueAt: string;
  outcome?: string;
}

declare module '../common/domain-events' {
  interface DomainEventMap {
    'data_subject_request.received': DataSubjectRequestEvent;
    'data_subject_request.extended': DataSubjectRequestEvent;
    'data_subject_request.completed': DataSubjectRequestEvent;
  }
}

export const DATA_SUBJECT_REQUEST_EVENTS = ['data_subject_request.received', 'data_subject_request.extended', 'data_subject_request.completed'] as const;
