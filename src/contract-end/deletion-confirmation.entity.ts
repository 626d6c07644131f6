import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * For an agreement that lists no data stores, the person's record of what was erased or
 * returned, where, and with what evidence: without it nothing says the data are gone.
 */
@Entity('deletion_confirmations')
export class DeletionConfirmation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  agreementId: string;

  @Column({ type: 'uuid' })
  controllerId: string;

  @Column({ type: 'text' })
  erased: string;

  @Column({ type: 'text' })
  location: string;

  @Column({ type: 'text' })
  evidence: string;

  @Column({ type: 'text' })
  confirmedByName: string;

  @Column({ type: 'text' })
  confirmedByFunction: string;

  @Column({ type: 'timestamptz' })
  confirmedAt: Date;

  @Column({ type: 'text', nullable: true })
  lateReason: string | null;

  /** The API key that recorded it. */
  @Column({ type: 'text' })
  recordedById: string;

  @Column({ type: 'text' })
  recordedByName: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
