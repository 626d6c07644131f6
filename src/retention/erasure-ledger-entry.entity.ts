import { ApiProperty } from '@nestjs/swagger';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RetentionAnchor } from './retention-period';
import type { RetentionAction } from './retention-target';
import { ApiId, ApiInstant, ApiText } from '../common/api-docs.decorator';

/**
 * Proof of one committed erasure batch: category, policy as it read then, count, time.
 * Never the content. Written by the same statement that erased the records.
 */
@Entity('erasure_ledger')
export class ErasureLedgerEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @ApiText({ description: 'bigint, as a string' })
  id: string;

  @Column({ type: 'uuid' })
  @ApiId()
  runId: string;

  @Column({ type: 'text' })
  @ApiText()
  category: string;

  @Column({ type: 'uuid' })
  @ApiId()
  policyId: string;

  @Column({ type: 'text' })
  @ApiText({ example: 'P7Y' })
  policyPeriod: string;

  @Column({ type: 'text' })
  @ApiText()
  policyAnchor: RetentionAnchor;

  @Column({ type: 'text' })
  @ApiText({ enum: ['delete', 'anonymize'] })
  action: RetentionAction;

  @Column({ type: 'timestamptz' })
  @ApiInstant()
  cutoff: Date;

  @Column({ type: 'int' })
  @ApiProperty({ type: 'integer' })
  recordCount: number;

  /** Payloads of audit entries about the erased records, erased by the same statement. */
  @Column({ type: 'int' })
  @ApiProperty({ type: 'integer' })
  auditPayloadsErased: number;

  @Column({ type: 'timestamptz' })
  @ApiInstant()
  erasedAt: Date;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  @ApiInstant()
  createdAt: Date;
}
