import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { JobMeta, JobRequest } from '../jobs/job-definition';
import { JobReconciler } from '../jobs/job-reconciler';
import { OnJob } from '../jobs/on-job.decorator';
import { RetentionTargets } from '../retention/retention-target';
import { EmailMessage } from './email-message.entity';
import { deliveryJob, DeliverWebhook, emailJob, SendEmail } from './notifications.queue';
import { OUTBOX_RETENTION_TARGETS } from './outbox.retention';
import { SignedWebhookClient } from './signed-webhook.client';
import { Webhook } from './webhook.entity';
import { WebhookDelivery } from './webhook-delivery.entity';

const OUTBOX_BATCH = 1_000;

/**
 * SMTP sessions kept open and reused (nodemailer's pool), unless SMTP_URL says otherwise:
 * a breach at shared infrastructure mails thousands of controllers, and a new session per
 * message costs more than the message.
 */
function pooled(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', '8');
  return url.toString();
}

/** The receiver answered, but not with 2xx: worth another attempt. */
class DeliveryFailed extends Error {}

/**
 * Sends what the outbox holds: a webhook POST of the stored body, signed, or an e-mail.
 * Each attempt is recorded on the row; BullMQ retries with backoff, and the row is
 * marked failed after the last attempt so the delivery log tells the truth.
 */
@Injectable()
export class DeliveryWorkers implements OnModuleInit, OnApplicationShutdown {
  private transport?: Transporter;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly client: SignedWebhookClient,
    private readonly reconciler: JobReconciler,
    private readonly retention: RetentionTargets,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.reconciler.addSource('outbox', () => this.pendingOutbox());
    this.retention.register(...OUTBOX_RETENTION_TARGETS);
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }

  @OnJob(DeliverWebhook)
  async deliverWebhook({ deliveryId }: { deliveryId: string }, { lastAttempt }: JobMeta): Promise<string> {
    const delivery = await this.dataSource.getRepository(WebhookDelivery).findOneBy({ id: deliveryId });
    if (!delivery || delivery.status !== 'pending') return 'nothing to do';
    const webhook = await this.dataSource.getRepository(Webhook).createQueryBuilder('w').addSelect('w.secret').where('w.id = :id', { id: delivery.webhookId }).getOne();
    if (!webhook?.enabled) {
      await this.dataSource.getRepository(WebhookDelivery).update({ id: deliveryId, status: 'pending' }, { status: 'cancelled', lastError: 'webhook disabled' });
      return 'cancelled';
    }
    const { statusCode, error } = await this.client.post({
      url: webhook.url,
      body: delivery.body,
      secret: webhook.secret,
      headers: { 'x-delivery-id': delivery.id, 'x-event': delivery.event },
    });
    await this.dataSource.getRepository(WebhookDelivery).update(
      { id: deliveryId },
      {
        attempts: () => 'attempts + 1',
        lastStatusCode: statusCode,
        lastError: error,
        ...(error === null ? { status: 'delivered', deliveredAt: this.clock.now() } : lastAttempt ? { status: 'failed' } : {}),
      },
    );
    if (error !== null) throw new DeliveryFailed(`webhook ${webhook.id} delivery ${deliveryId}: ${error}`);
    return 'delivered';
  }

  @OnJob(SendEmail)
  async sendEmail({ emailId }: { emailId: string }, { lastAttempt }: JobMeta): Promise<string> {
    const repo = this.dataSource.getRepository(EmailMessage);
    const email = await repo.findOneBy({ id: emailId });
    if (!email || email.status !== 'pending') return 'nothing to do';
    if (!this.config.SMTP_URL) return 'no SMTP_URL';
    // Pooled: an outbreak mails thousands of controllers, and a new SMTP session per message costs more than the message.
    this.transport ??= createTransport(pooled(this.config.SMTP_URL));
    try {
      await this.transport.sendMail({ from: this.config.MAIL_FROM, to: email.recipients, subject: email.subject, text: email.body, html: email.html ?? undefined, headers: { 'X-Message-Id': email.id } });
    } catch (e) {
      await repo.update({ id: emailId }, { attempts: () => 'attempts + 1', lastError: e instanceof Error ? e.message : String(e), ...(lastAttempt ? { status: 'failed' } : {}) });
      throw e;
    }
    await repo.update({ id: emailId }, { attempts: () => 'attempts + 1', status: 'sent', sentAt: this.clock.now(), lastError: null });
    return 'sent';
  }

  /** Outbox rows still pending: their jobs may have been lost with Redis. */
  private async *pendingOutbox(): AsyncGenerator<JobRequest[]> {
    for (const [table, toJob] of [
      ['webhook_deliveries', deliveryJob],
      ['email_messages', emailJob],
    ] as const) {
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const rows = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM ${table} WHERE status = 'pending' AND id > $1 ORDER BY id LIMIT ${OUTBOX_BATCH}`, [after]);
        if (rows.length === 0) break;
        yield rows.map((r) => toJob(r.id) as JobRequest);
        after = rows[rows.length - 1].id;
      }
    }
  }
}
