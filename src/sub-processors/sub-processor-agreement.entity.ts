import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const SUB_PROCESSOR_LINK_STATUSES = ['pending_objection', 'pending_approval', 'authorized', 'objected', 'rejected', 'ended'] as const;
export type SubProcessorLinkStatus = (typeof SUB_PROCESSOR_LINK_STATUSES)[number];

/** What the controller was told of: a new sub-processor, one that replaces another, or a change to one it had authorised. */
export const ANNOUNCEMENTS = ['addition', 'replacement', 'change'] as const;
export type Announcement = (typeof ANNOUNCEMENTS)[number];

/** `withdrawn`: the change is not made for that client; `agreement_terminated`: the client ends the agreement instead. */
export const OBJECTION_RESOLUTIONS = ['withdrawn', 'agreement_terminated'] as const;
export type ObjectionResolution = (typeof OBJECTION_RESOLUTIONS)[number];

/** The terms a notice is about: where, what and under which Chapter V mechanism. */
export interface SubProcessorTerms {
  country: string;
  service: string;
  transferMechanism: string | null;
}

/**
 * A sub-processor touching one agreement's data, and whether that controller authorised
 * it: under general authorisation after an objection window, under specific by approval.
 */
@Entity('sub_processor_agreements')
export class SubProcessorAgreement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  subProcessorId: string;

  @Column({ type: 'uuid' })
  agreementId: string;

  @Column({ type: 'text' })
  status: SubProcessorLinkStatus;

  /** When the controller was last told: of the addition, or of the latest change. */
  @Column({ type: 'timestamptz' })
  announcedAt: Date;

  @Column({ type: 'text', default: 'addition' })
  announcement: Announcement;

  /** A replacement: the sub-processor this one takes over from, which ends for this agreement once this one is authorised. */
  @Column({ type: 'uuid', nullable: true })
  replacesSubProcessorId: string | null;

  /** A change: the terms the controller had authorised before it; they stay for this client if the change is withdrawn. */
  @Column({ type: 'jsonb', nullable: true })
  previousTerms: SubProcessorTerms | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionNote: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  objectedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  objectionReason: string | null;

  @Column({ type: 'text', nullable: true })
  objectionResolution: ObjectionResolution | null;

  @Column({ type: 'timestamptz', nullable: true })
  objectionResolvedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  objectionResolutionNote: string | null;

  /** No longer used for this agreement from this instant (ended, replaced, withdrawn). */
  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
