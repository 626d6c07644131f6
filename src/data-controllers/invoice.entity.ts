import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * An invoice to a controller. Kept 7 years for the tax authority (Art. 52 AWR);
 * anonymisation blanks the billing person and keeps the amounts.
 */
@Entity('invoices')
export class Invoice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  controllerId: string;

  @Column()
  number: string;

  @Column({ type: 'timestamptz' })
  issuedAt: Date;

  /** bigint arrives from pg as a string; amounts stay exact. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  amountCents: number;

  @Column({ type: 'char', length: 3, default: 'EUR' })
  currency: string;

  @Column({ type: 'text', nullable: true })
  billingName: string | null;

  @Column({ type: 'text', nullable: true })
  billingAddress: string | null;

  @Column({ type: 'text', nullable: true })
  billingEmail: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  anonymizedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
