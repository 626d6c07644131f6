import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Language } from '../common/language';

/**
 * A calendar feed of one API key: a token in a URL that a calendar program can fetch without
 * headers, reading what the key may read. Only the token's SHA-256 is stored; it is shown once.
 * Revoking the feed or its key ends it.
 */
@Entity('calendar_feeds')
export class CalendarFeed {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  apiKeyId: string;

  /** What the holder calls it ("Outlook op kantoor"), to tell feeds apart in a list. */
  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'text' })
  language: Language;

  @Column({ type: 'char', length: 64, select: false })
  tokenHash: string;

  @Column()
  tokenPrefix: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
