import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Actor } from '../common/actor';

export type RetentionRunStatus = 'queued' | 'running' | 'completed' | 'failed';
/** `erasure_request`: one record erased because its data subject asked (Art. 17 GDPR), not because its term ended. */
export type RetentionRunTrigger = 'manual' | 'schedule' | 'erasure_request';

/** Per category: how many records were past their term, how many went, how many a hold kept. */
export interface CategoryCounts {
  due: number;
  held: number;
  deleted?: number;
  anonymized?: number;
  /** Contacts of a controller with a live agreement are kept whatever their age. */
  activeAgreement?: number;
  /** Records dated before this instant were past their term when the run counted. */
  cutoff?: string;
}

export type RunCounts = Record<string, CategoryCounts>;

/** One sweep, nightly or on demand; the ledger holds what each of its batches erased. */
@Entity('retention_runs')
export class RetentionRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column()
  dryRun: boolean;

  @Column({ type: 'text' })
  trigger: RetentionRunTrigger;

  @Column({ type: 'text' })
  status: RetentionRunStatus;

  /** The scheduler's job id for nightly runs, so a retried job resumes its own run. */
  @Column({ type: 'text', nullable: true })
  schedulerJobId: string | null;

  @Column({ type: 'text' })
  requestedById: string;

  @Column({ type: 'text' })
  requestedByName: string;

  @Column({ type: 'text' })
  requestedByRole: Actor['role'];

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'jsonb' })
  counts: RunCounts;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
