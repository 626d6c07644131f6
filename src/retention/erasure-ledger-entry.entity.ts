import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RetentionAnchor } from './retention-period';
import type { RetentionAction } from './retention-target';

/**
 * Proof of one committed erasure batch: category, policy as it read then, count, time.
 * Never the content. Written by the same statement that erased the records.
 */
@Entity('erasure_ledger')
export class ErasureLedgerEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  runId: string;

  @Column({ type: 'text' })
  category: string;

  @Column({ type: 'uuid' })
  policyId: string;

  @Column({ type: 'text' })
  policyPeriod: string;

  @Column({ type: 'text' })
  policyAnchor: RetentionAnchor;

  @Column({ type: 'text' })
  action: RetentionAction;

  @Column({ type: 'timestamptz' })
  cutoff: Date;

  @Column({ type: 'int' })
  recordCount: number;

  /** Payloads of audit entries about the erased records, erased by the same statement. */
  @Column({ type: 'int' })
  auditPayloadsErased: number;

  @Column({ type: 'timestamptz' })
  erasedAt: Date;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
