import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ErasureMethod } from '../agreements/agreement-data-store.entity';

export type DeletionTaskStatus = 'scheduled' | 'requested' | 'confirmed';

/**
 * Erasure of one data store's copy of a controller's data at the end of its agreement.
 * Requested when the termination takes effect; due when the agreement's days run out.
 */
@Entity('deletion_tasks')
export class DeletionTask {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  agreementId: string;

  @Column({ type: 'uuid' })
  dataStoreId: string;

  @Column({ type: 'uuid' })
  controllerId: string;

  @Column({ type: 'text' })
  method: ErasureMethod;

  @Column({ type: 'text' })
  status: DeletionTaskStatus;

  /** When the erasure is to be requested: the day the termination takes effect. */
  @Column({ type: 'timestamptz' })
  requestAt: Date;

  /** By when the store must have confirmed: effectiveAt + endOfContract.withinDays. */
  @Column({ type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  requestedAt: Date | null;

  /** When the store's webhook accepted the request (webhook stores only). */
  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'int', default: 0 })
  deliveryAttempts: number;

  @Column({ type: 'text', nullable: true })
  lastDeliveryError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  evidence: string | null;

  @Column({ type: 'text', nullable: true })
  confirmedById: string | null;

  /** The person who confirmed (or, from older clients, the API key's name). */
  @Column({ type: 'text', nullable: true })
  confirmedByName: string | null;

  @Column({ type: 'text', nullable: true })
  confirmedByFunction: string | null;

  /** Where the store's copy for the controller went ("return"): from the store's answer to the request, or its confirmation. */
  @Column({ type: 'text', nullable: true })
  returnedLocation: string | null;

  @Column({ type: 'text', nullable: true })
  returnedChecksum: string | null;

  @Column({ type: 'text', nullable: true })
  returnedDescription: string | null;

  @Column({ type: 'text', nullable: true })
  lateReason: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
