import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText } from '../common/api-docs.decorator';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlineView, toDeadlineView } from '../deadlines/deadline.view';
import { DataSubjectRequest, REQUEST_TYPES, RequestType } from './data-subject-request.entity';
import { REQUEST_OUTCOMES, RequestOutcome, responseDueAt } from './request-clocks';
import { REQUEST_ROLES, REQUEST_STATUSES, RequestRole, RequestStatus } from './request-status';

class RequesterView {
  @ApiText({ nullable: true, description: 'null once anonymised' }) name: string | null;
  @ApiText({ nullable: true }) email: string | null;
}

class ExtensionView {
  @ApiInstant() extendedAt: string;
  @ApiText({ nullable: true }) reason: string | null;
  @ApiInstant({ nullable: true }) requesterNotifiedAt: string | null;
}

class CompletionView {
  @ApiInstant() completedAt: string;
  @ApiText({ nullable: true, enum: REQUEST_OUTCOMES }) outcome: RequestOutcome | null;
  @ApiText({ nullable: true }) reason: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'the requester was told of the right to complain to the AP and a court' }) complaintInfoGiven: boolean | null;
}

class ContactErasureView {
  @ApiInstant() erasedAt: string;
  @ApiText({ nullable: true }) erasureLedgerEntryId: string | null;
}

/** A data-subject request with its clocks, as the API answers it. */
export class DataSubjectRequestView {
  @ApiId() id: string;
  @ApiText({ enum: REQUEST_TYPES }) type: RequestType;
  @ApiText({ enum: REQUEST_ROLES }) role: RequestRole;
  @ApiText({ enum: REQUEST_STATUSES }) status: RequestStatus;
  @ApiText({ nullable: true }) channel: string | null;
  @ApiInstant() receivedAt: string;
  @ApiProperty({ type: RequesterView }) requester: RequesterView;
  @ApiId({ nullable: true }) controllerId: string | null;
  @ApiId({ nullable: true }) agreementId: string | null;
  @ApiId({ nullable: true }) contactId: string | null;
  @ApiText({ nullable: true }) description: string | null;
  @ApiInstant() dueAt: string;
  @ApiProperty({ type: 'integer', nullable: true }) forwardingHours: number | null;
  @ApiInstant({ nullable: true, description: "processor role: the controller's own month, for information" }) controllerResponseDueAt: string | null;
  @ApiInstant({ nullable: true }) responseStartsAt: string | null;
  @ApiInstant({ nullable: true }) identityRequestedAt: string | null;
  @ApiInstant({ nullable: true }) identityReceivedAt: string | null;
  @ApiInstant({ nullable: true }) forwardedAt: string | null;
  @ApiText({ nullable: true }) assistance: string | null;
  @ApiProperty({ type: ExtensionView, nullable: true }) extension: ExtensionView | null;
  @ApiProperty({ type: CompletionView, nullable: true }) completion: CompletionView | null;
  @ApiProperty({ type: ContactErasureView, nullable: true }) contactErasure: ContactErasureView | null;
  @ApiInstant({ nullable: true }) anonymizedAt: string | null;
  @ApiProperty({ type: [DeadlineView] }) deadlines: DeadlineView[];
  @ApiInstant() createdAt: string;
  @ApiInstant() updatedAt: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toRequestView(r: DataSubjectRequest, deadlines: Deadline[]): DataSubjectRequestView {
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
