import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { RequestOutcome } from './request-clocks';
import type { RequestRole, RequestStatus } from './request-status';

export const REQUEST_TYPES = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection', 'automated_decision'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/**
 * A request from a data subject (verzoek van een betrokkene, Art. 15–22 GDPR) with the
 * dates its clocks run from. The clocks themselves are rows in `deadlines`.
 */
@Entity('data_subject_requests')
export class DataSubjectRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  type: RequestType;

  @Column({ type: 'text' })
  role: RequestRole;

  @Column({ type: 'text' })
  status: RequestStatus;

  @Column({ type: 'text', nullable: true })
  channel: string | null;

  @Column({ type: 'timestamptz' })
  receivedAt: Date;

  /** Null once anonymised under the retention policy. */
  @Column({ type: 'text', nullable: true })
  requesterName: string | null;

  @Column({ type: 'text', nullable: true })
  requesterEmail: string | null;

  /** As processor: the client whose data it is. As controller: the customer the requester is a contact of, if any. */
  @Column({ type: 'uuid', nullable: true })
  controllerId: string | null;

  @Column({ type: 'uuid', nullable: true })
  agreementId: string | null;

  /** The contact person who asked; null once that contact is erased. */
  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** As processor: the hours within which it is forwarded, from the agreement or the default. */
  @Column({ type: 'int', nullable: true })
  forwardingHours: number | null;

  /** As controller: the instant the Art. 12(3) month runs from — receipt, or the identification's arrival (Art. 12(6)). */
  @Column({ type: 'timestamptz', nullable: true })
  responseStartsAt: Date | null;

  /** When the request's own clock is due (forwarding, or the answer); the list sorts by it. */
  @Column({ type: 'timestamptz', precision: 3 })
  dueAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  identityRequestedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  identityReceivedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  forwardedAt: Date | null;

  /** The help given to the controller (Art. 28(3)(e)). */
  @Column({ type: 'text', nullable: true })
  assistance: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  extendedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  extensionReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  extensionNotifiedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome: RequestOutcome | null;

  @Column({ type: 'text', nullable: true })
  outcomeReason: string | null;

  @Column({ type: 'boolean', nullable: true })
  complaintInfoGiven: boolean | null;

  @Column({ type: 'timestamptz', nullable: true })
  contactErasedAt: Date | null;

  @Column({ type: 'bigint', nullable: true })
  contactErasureLedgerId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  anonymizedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
