import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A processor (verwerker): processes personal data on a controller's behalf. */
@Entity('processors')
export class Processor {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column()
  name: string;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2 })
  country: string;

  /** KvK-nummer: the Dutch Chamber of Commerce number, 8 digits. */
  @Column({ type: 'char', length: 8, nullable: true })
  kvkNumber: string | null;

  @Column({ type: 'text', nullable: true })
  contactEmail: string | null;

  /** Functionaris Gegevensbescherming (FG). */
  @Column({ type: 'text', nullable: true })
  dpoName: string | null;

  @Column({ type: 'text', nullable: true })
  dpoEmail: string | null;

  /** Art. 32 measures in general terms, for the Art. 30(2) record. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  securityMeasures: string[];

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
