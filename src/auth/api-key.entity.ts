import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../common/actor';

/** An API key; only its SHA-256 is stored, the key itself is shown once. */
@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column()
  name: string;

  @Column({ type: 'text' })
  role: Role;

  /** Reporter keys are bound to one processor. */
  @Column({ type: 'uuid', nullable: true })
  processorId: string | null;

  @Column({ type: 'char', length: 64, select: false })
  keyHash: string;

  @Column()
  keyPrefix: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
