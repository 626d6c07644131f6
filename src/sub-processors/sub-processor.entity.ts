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

  /** Required outside the EEA (Chapter V). */
  @Column({ type: 'text', nullable: true })
  transferMechanism: TransferMechanism | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
