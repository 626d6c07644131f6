export interface DeletionRequestedEvent {
  taskId: string;
  agreementId: string;
  agreementReference: string;
  controllerId: string;
  controllerIds: string[];
  dataStore: { id: string; name: string | undefined };
  method: string;
  dueAt: string;
}

/** The last confirmation is in: the deletion certificate is final and the deadline closed. */
export interface DeletionCompletedEvent {
  agreementId: string;
  controllerId: string;
  controllerIds: string[];
  deadlineId: string;
  status: 'met' | 'met_late';
  completedAt: string;
}

declare module '../common/domain-events' {
  interface DomainEventMap {
    'deletion.requested': DeletionRequestedEvent;
    'deletion.completed': DeletionCompletedEvent;
  }
}

export const CONTRACT_END_EVENTS = ['deletion.requested', 'deletion.completed'] as const;
