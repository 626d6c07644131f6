import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { RetentionAnchor } from './retention-period';
import type { RetentionAction } from './retention-target';

/** How long one category of records is kept (bewaartermijn), and what happens after. */
@Entity('retention_policies')
export class RetentionPolicy {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  category: string;

  /** An ISO 8601 calendar period (P7Y, P1Y, P60D), counted in Europe/Amsterdam. */
  @Column({ type: 'text' })
  period: string;

  @Column({ type: 'text' })
  anchor: RetentionAnchor;

  @Column({ type: 'text' })
  action: RetentionAction;

  @Column({ type: 'text' })
  legalBasis: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
