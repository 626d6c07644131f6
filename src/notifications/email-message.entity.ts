import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type EmailStatus = 'pending' | 'sent' | 'failed';

/** An e-mail in the outbox: written with the fact, sent after commit. */
@Entity('email_messages')
export class EmailMessage {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  event: string;

  @Column({ type: 'text', array: true })
  recipients: string[];

  @Column({ type: 'text' })
  subject: string;

  /** The plain-text part. */
  @Column({ type: 'text' })
  body: string;

  /** The HTML part of the same message; null on mails written before messages had one. */
  @Column({ type: 'text', nullable: true })
  html: string | null;

  /** The controllers the event concerns: a legal hold on one of them keeps this row. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  controllerIds: string[];

  @Column({ type: 'text', default: 'pending' })
  status: EmailStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
