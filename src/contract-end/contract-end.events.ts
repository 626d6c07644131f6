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

declare module '../common/domain-events' {
  interface DomainEventMap {
    'deletion.requested': DeletionRequestedEvent;
  }
}

export const CONTRACT_END_EVENTS = ['deletion.requested'] as const;
