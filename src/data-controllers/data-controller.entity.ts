import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Language } from '../common/language';

/** A controller (verwerkingsverantwoordelijke): a client whose personal data is processed. */
@Entity('data_controllers')
export class DataController {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column()
  name: string;

  @Column({ type: 'char', length: 2 })
  country: string;

  @Column({ type: 'char', length: 8, nullable: true })
  kvkNumber: string | null;

  @Column({ type: 'text', nullable: true })
  contactEmail: string | null;

  /** Functionaris Gegevensbescherming (FG), named in the Art. 30(2) record. */
  @Column({ type: 'text', nullable: true })
  dpoName: string | null;

  @Column({ type: 'text', nullable: true })
  dpoEmail: string | null;

  /** The language its mail is written in; null: Dutch for a controller in the Netherlands, English elsewhere. */
  @Column({ type: 'text', nullable: true })
  language: Language | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
