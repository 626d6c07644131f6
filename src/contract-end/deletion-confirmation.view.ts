import { DeletionConfirmation } from './deletion-confirmation.entity';

export type DeletionConfirmationView = ReturnType<typeof deletionConfirmationView>;

/** As the API, the audit trail and the certificate show it. */
export function deletionConfirmationView(c: DeletionConfirmation) {
  return {
    id: c.id,
    agreementId: c.agreementId,
    erased: c.erased,
    location: c.location,
    evidence: c.evidence,
    confirmedBy: { name: c.confirmedByName, function: c.confirmedByFunction },
    confirmedAt: c.confirmedAt,
    lateReason: c.lateReason,
    recordedBy: c.recordedByName,
    recordedAt: c.createdAt,
  };
}
