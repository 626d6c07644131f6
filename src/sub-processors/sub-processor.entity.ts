import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const TRANSFER_MECHANISMS = ['adequacy', 'scc', 'bcr', 'derogation'] as const;
export type TransferMechanism = (typeof TRANSFER_MECHANISMS)[number];

/** A sub-processor (sub-verwerker) a processor engages: a data centre, mail filter, analytics. */
@Entity('sub_processors')
export class SubProcessor {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  processorId: string;

  @Column()
  name: string;

  @Column()
  service: string;

  @Column({ type: 'char', length: 2 })
  country: string;

  /** Required outside the EEA (Chapter V), refused inside it; `transfer-basis.ts` says what each needs. */
  @Column({ type: 'text', nullable: true })
  transferMechanism: TransferMechanism | null;

  /** Adequacy for the US: the organisation is on the Data Privacy Framework List… */
  @Column({ type: 'boolean', nullable: true })
  dpfCertified: boolean | null;

  /** …as checked at this instant. */
  @Column({ type: 'timestamptz', nullable: true })
  dpfCheckedAt: Date | null;

  /** SCCs: the module (1–4) of the clauses signed. */
  @Column({ type: 'smallint', nullable: true })
  sccModule: number | null;

  /** SCCs: the Commission decision the clauses come from ("2021/914"). */
  @Column({ type: 'text', nullable: true })
  sccVersion: string | null;

  /** A derogation: which one of Art. 49 applies, and why this transfer is occasional. */
  @Column({ type: 'text', nullable: true })
  derogationJustification: string | null;

  /** No longer used for any agreement from this instant. */
  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
