import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ProcessingAgreement } from './processing-agreement.entity';

export type ErasureMethod = 'webhook' | 'manual';

/** A place that holds the controller's data and must be erased at contract end. */
@Entity('agreement_data_stores')
export class AgreementDataStore {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  agreementId: string;

  @ManyToOne('ProcessingAgreement', 'dataStores', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement: ProcessingAgreement;

  @Column()
  name: string;

  /** The sub-processor that holds this store, if one does: a store on a blocked sub-processor is flagged. */
  @Column({ type: 'uuid', nullable: true })
  subProcessorId: string | null;

  @Column({ type: 'text' })
  erasureMethod: ErasureMethod;

  @Column({ type: 'text', nullable: true })
  erasureUrl: string | null;

  /** HMAC secret for signing erasure requests to the store; never returned by the API. */
  @Column({ type: 'text', nullable: true, select: false })
  erasureSecret: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
