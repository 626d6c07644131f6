import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Stops erasure of everything in its scope (a controller, a category, or a category of
 * one controller) until it is released: litigation, an investigation, an open breach.
 */
@Entity('legal_holds')
export class LegalHold {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  controllerId: string | null;

  @Column({ type: 'text', nullable: true })
  category: string | null;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'timestamptz' })
  placedAt: Date;

  @Column({ type: 'text' })
  placedById: string;

  @Column({ type: 'text' })
  placedByName: string;

  @Column({ type: 'timestamptz', nullable: true })
  releasedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  releasedById: string | null;

  @Column({ type: 'text', nullable: true })
  releasedByName: string | null;

  @Column({ type: 'text', nullable: true })
  releaseReason: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
