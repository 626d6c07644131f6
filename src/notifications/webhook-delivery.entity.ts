import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/**
 * One event for one webhook, written in the transaction of the fact it announces (an
 * outbox). Its id is the `id` in the body, so a receiver can drop the duplicates that
 * at-least-once delivery brings.
 */
@Entity('webhook_deliveries')
export class WebhookDelivery {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  webhookId: string;

  @Column({ type: 'text' })
  event: string;

  /** The exact bytes signed and sent, identical on every retry. */
  @Column({ type: 'text' })
  body: string;

  /** The controllers the event concerns: a legal hold on one of them keeps this row. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  controllerIds: string[];

  @Column({ type: 'text', default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
