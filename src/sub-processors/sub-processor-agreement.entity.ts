import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const SUB_PROCESSOR_LINK_STATUSES = ['pending_objection', 'pending_approval', 'authorized', 'objected', 'rejected'] as const;
export type SubProcessorLinkStatus = (typeof SUB_PROCESSOR_LINK_STATUSES)[number];

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

  @Column({ type: 'timestamptz' })
  announcedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionNote: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
