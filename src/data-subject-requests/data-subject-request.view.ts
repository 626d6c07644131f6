import { Deadline } from '../deadlines/deadline.entity';
import { toDeadlineView } from '../deadlines/deadline.view';
import { DataSubjectRequest } from './data-subject-request.entity';
import { responseDueAt } from './request-clocks';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toRequestView(r: DataSubjectRequest, deadlines: Deadline[]) {
  return {
    id: r.id,
    type: r.type,
    role: r.role,
    status: r.status,
    channel: r.channel,
    receivedAt: r.receivedAt.toISOString(),
    requester: { name: r.requesterName, email: r.requesterEmail },
    controllerId: r.controllerId,
    agreementId: r.agreementId,
    contactId: r.contactId,
    description: r.description,
    dueAt: r.dueAt.toISOString(),
    forwardingHours: r.forwardingHours,
    // For information: the controller's own month, counted from the day the request reached the organisation.
    controllerResponseDueAt: r.role === 'processor' ? responseDueAt(r.receivedAt, false).toISOString() : null,
    responseStartsAt: iso(r.responseStartsAt),
    identityRequestedAt: iso(r.identityRequestedAt),
    identityReceivedAt: iso(r.identityReceivedAt),
    forwardedAt: iso(r.forwardedAt),
    assistance: r.assistance,
    extension: r.extendedAt ? { extendedAt: r.extendedAt.toISOString(), reason: r.extensionReason, requesterNotifiedAt: iso(r.extensionNotifiedAt) } : null,
    completion: r.completedAt ? { completedAt: r.completedAt.toISOString(), outcome: r.outcome, reason: r.outcomeReason, complaintInfoGiven: r.complaintInfoGiven } : null,
    contactErasure: r.contactErasedAt ? { erasedAt: r.contactErasedAt.toISOString(), erasureLedgerEntryId: r.contactErasureLedgerId } : null,
    anonymizedAt: iso(r.anonymizedAt),
    deadlines: deadlines.map((d) => toDeadlineView(d)),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export type DataSubjectRequestView = ReturnType<typeof toRequestView>;
