/** Sent AGREEMENT_ENDING_NOTICE_DAYS before an agreement's endsAt, once per endsAt. */
export interface AgreementEndingEvent {
  agreementId: string;
  reference: string;
  processorId: string;
  controllerId: string;
  controllerIds: string[];
  endsAt: string;
  /** What happens to the data then, and within how many days. */
  endOfContract: { action: string; withinDays: number };
}

declare module '../common/domain-events' {
  interface DomainEventMap {
    'agreement.ending': AgreementEndingEvent;
  }
}

export const AGREEMENT_EVENTS = ['agreement.ending'] as const;
