import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** The controller's records handed back at contract end ("return"), with proof of what was handed. */
@Entity('data_exports')
export class DataExport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  agreementId: string;

  @Column({ type: 'uuid' })
  controllerId: string;

  @Column({ type: 'text' })
  mediaType: string;

  /** Loaded only for a download. */
  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @Column({ type: 'int' })
  byteSize: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'jsonb' })
  recordCounts: Record<string, number>;

  /** When the retention sweep purged the content; the row stays as proof of what was returned. */
  @Column({ type: 'timestamptz', nullable: true })
  contentPurgedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
