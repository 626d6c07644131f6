/**
 * A signed checkpoint of the audit chain, announced so an operator can keep it outside this
 * service's database: whoever can rewrite the database cannot rewrite a copy kept elsewhere.
 */
export interface AuditCheckpointEvent {
  checkpointId: string;
  createdAt: string;
  entryCount: number;
  headEntryId: string | null;
  headHash: string;
  keyId: string;
  signature: string;
  controllerIds: string[];
}

declare module '../common/domain-events' {
  interface DomainEventMap {
    'audit.checkpoint': AuditCheckpointEvent;
  }
}

export const AUDIT_EVENTS = ['audit.checkpoint'] as const;
