import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AgreementDataStore } from './agreement-data-store.entity';

/** Derived from the dates (agreement-status.ts), never stored: a stored status is only right until the next midnight. */
export const AGREEMENT_STATUSES = ['scheduled', 'active', 'terminating', 'ended'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const END_OF_CONTRACT_ACTIONS = ['delete', 'return', 'return_and_delete'] as const;
export type EndOfContractAction = (typeof END_OF_CONTRACT_ACTIONS)[number];

export const SUB_PROCESSOR_AUTHORIZATIONS = ['specific', 'general'] as const;
export type SubProcessorAuthorization = (typeof SUB_PROCESSOR_AUTHORIZATIONS)[number];

/** Art. 28(3)(a)–(h): the obligations a processor agreement must cover. */
export const OBLIGATION_KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] as const;
export type ObligationKey = (typeof OBLIGATION_KEYS)[number];
export type ObligationChecklist = Partial<Record<ObligationKey, { covered: boolean; clauseRef?: string | null }>>;

/** A processor agreement (verwerkersovereenkomst) between one controller and one processor. */
@Entity('processing_agreements')
export class ProcessingAgreement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  controllerId: string;

  @Column({ type: 'uuid' })
  processorId: string;

  @Column()
  reference: string;

  @Column({ type: 'text', nullable: true })
  subjectMatter: string | null;

  @Column({ type: 'text', nullable: true })
  natureOfProcessing: string | null;

  @Column({ type: 'timestamptz' })
  effectiveFrom: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  /** Hours the processor has to tell the controller of a breach, from awareness (1..72). */
  @Column({ type: 'int' })
  breachNotificationHours: number;

  @Column({ type: 'text', array: true })
  purposes: string[];

  @Column({ type: 'text', array: true })
  dataCategories: string[];

  @Column({ type: 'text', array: true })
  dataSubjectCategories: string[];

  /** Bijzondere persoonsgegevens (Art. 9/10) in scope. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  specialCategories: string[];

  @Column({ type: 'text' })
  subProcessorAuthorization: SubProcessorAuthorization;

  @Column({ type: 'int', nullable: true })
  objectionPeriodDays: number | null;

  /** Hours within which the processor forwards a data subject's request to the controller (1..720); null where the agreement is silent. */
  @Column({ type: 'int', nullable: true })
  dataSubjectRequestForwardingHours: number | null;

  @Column({ type: 'text' })
  endOfContractAction: EndOfContractAction;

  @Column({ type: 'int' })
  endOfContractWithinDays: number;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  obligations: ObligationChecklist;

  @Column({ type: 'timestamptz', nullable: true })
  terminatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  terminationEffectiveAt: Date | null;

  @Column({ type: 'text', nullable: true })
  terminationReason: string | null;

  /** When the contract-end flow was started because endsAt was reached (not set for a termination, which starts it itself). */
  @Column({ type: 'timestamptz', nullable: true })
  endReachedAt: Date | null;

  /** The endsAt the `agreement.ending` notice announced; a moved endsAt is announced again. */
  @Column({ type: 'timestamptz', nullable: true })
  endingNoticeFor: Date | null;

  @OneToMany(() => AgreementDataStore, (store) => store.agreement)
  dataStores: AgreementDataStore[];

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
