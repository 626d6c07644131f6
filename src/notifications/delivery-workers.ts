import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Transporter } from 'nodemailer';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { JOB_OPTIONS, JobMeta, JobRequest } from '../jobs/job-definition';
import { JobReconciler } from '../jobs/job-reconciler';
import { OnJob } from '../jobs/on-job.decorator';
import { RetentionTargets } from '../retention/retention-target';
import { EmailMessage } from './email-message.entity';
import { createMailTransport } from './mail-transport.client';
import { DELIVERY_BATCH, DeliverWebhooks, deliveryJobs, emailJobs, SendEmails } from './notifications.queue';
import { OUTBOX_RETENTION_TARGETS } from './outbox.retention';
import { SignedWebhookClient } from './signed-webhook.client';
import { Webhook } from './webhook.entity';
import { WebhookDelivery } from './webhook-delivery.entity';

/** Sends in flight per batch: receivers and the SMTP pool wait on the network, not on this process. */
const SENDS_PER_BATCH = 32;

/** The receiver answered, but not with 2xx, or the SMTP server refused: worth another attempt. */
class DeliveryFailed extends Error {}

/** Runs `send` over `items`, at most `limit` at a time, and answers in their order. */
async function atMost<T, R>(items: readonly T[], limit: number, send: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) results[i] = await send(items[i]);
    }),
  );
  return results;
}

/** The rows of `ids` still pending that no other worker holds, locked until the transaction ends. */
function claimPending<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, ids: string[]): Promise<T[]> {
  return manager.getRepository(entity).createQueryBuilder('x').setLock('pessimistic_write').setOnLocked('skip_locked').where('x.id = ANY(:ids)', { ids }).andWhere(`x.status = 'pending'`).getMany();
}

/** One row's attempt as the batch records it. */
interface Attempt {
  id: string;
  error: string | null;
  /** No retry follows: the job's last attempt, or the row's own attempts used up. */
  final: boolean;
}

const settled = (a: Attempt, done: string) => (a.error === null ? done : a.final ? 'failed' : 'pending');

/**
 * Sends what the outbox holds, a batch of rows per job: signed webhook POSTs of the stored
 * bodies, or e-mails. A job claims its rows that are still pending with `FOR UPDATE SKIP
 * LOCKED` and keeps them locked until it has recorded every attempt, so two workers never
 * send one row and a crash leaves the rows pending for the retry. A row that failed stays
 * pending and the job fails: BullMQ retries it with backoff, and the retry finds only that
 * row still pending. After the last attempt (the job's, or the row's own count) the row is
 * marked failed, so the delivery log tells the truth.
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

  @OnJob(DeliverWebhooks)
  async deliverWebhooks({ deliveryIds }: { deliveryIds: string[] }, { lastAttempt }: JobMeta): Promise<string> {
    const attempts = await this.dataSource.transaction(async (manager) => {
      const deliveries = await claimPending(manager, WebhookDelivery, deliveryIds);
      if (deliveries.length === 0) return [];
      const webhookIds = [...new Set(deliveries.map((d) => d.webhookId))];
      const webhooks = await manager.getRepository(Webhook).createQueryBuilder('w').addSelect('w.secret').where('w.id = ANY(:ids)', { ids: webhookIds }).getMany();
      const enabled = new Map(webhooks.filter((w) => w.enabled).map((w) => [w.id, w]));
      const cancelled = deliveries.filter((d) => !enabled.has(d.webhookId)).map((d) => d.id);
      if (cancelled.length) await manager.query(`UPDATE webhook_deliveries SET status = 'cancelled', last_error = 'webhook disabled', updated_at = now() WHERE id = ANY($1)`, [cancelled]);
      const sent = await atMost(
        deliveries.filter((d) => enabled.has(d.webhookId)),
        SENDS_PER_BATCH,
        async (delivery) => {
          const webhook = enabled.get(delivery.webhookId)!;
          const { statusCode, error } = await this.client.post({
            url: webhook.url,
            body: delivery.body,
            secret: webhook.secret,
            headers: { 'x-delivery-id': delivery.id, 'x-event': delivery.event },
          });
          return { id: delivery.id, statusCode, error, final: lastAttempt || delivery.attempts + 1 >= JOB_OPTIONS.attempts };
        },
      );
      if (sent.length) {
        await manager.query(
          `UPDATE webhook_deliveries d
              SET attempts = d.attempts + 1, last_status_code = x.status_code, last_error = x.error, status = x.status,
                  delivered_at = COALESCE(x.delivered_at, d.delivered_at), updated_at = now()
             FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::timestamptz[]) AS x(id, status_code, error, status, delivered_at)
            WHERE d.id = x.id`,
          [sent.map((a) => a.id), sent.map((a) => a.statusCode), sent.map((a) => a.error), sent.map((a) => settled(a, 'delivered')), sent.map((a) => (a.error === null ? this.clock.now() : null))],
        );
      }
      return sent;
    });
    return this.outcome('webhook deliveries', attempts, 'delivered');
  }

  @OnJob(SendEmails)
  async sendEmails({ emailIds }: { emailIds: string[] }, { lastAttempt }: JobMeta): Promise<string> {
    if (!this.config.SMTP_URL) return 'no SMTP_URL';
    const transport = (this.transport ??= createMailTransport(this.config.SMTP_URL));
    const attempts = await this.dataSource.transaction(async (manager) => {
      const emails = await claimPending(manager, EmailMessage, emailIds);
      const sent = await atMost(emails, SENDS_PER_BATCH, async (email): Promise<Attempt> => {
        const final = lastAttempt || email.attempts + 1 >= JOB_OPTIONS.attempts;
        try {
          await transport.sendMail({ from: this.config.MAIL_FROM, to: email.recipients, subject: email.subject, text: email.body, headers: { 'X-Message-Id': email.id } });
          return { id: email.id, error: null, final };
        } catch (e) {
          return { id: email.id, error: e instanceof Error ? e.message : String(e), final };
        }
      });
      if (sent.length) {
        await manager.query(
          `UPDATE email_messages e
              SET attempts = e.attempts + 1, last_error = x.error, status = x.status, sent_at = COALESCE(x.sent_at, e.sent_at), updated_at = now()
             FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS x(id, error, status, sent_at)
            WHERE e.id = x.id`,
          [sent.map((a) => a.id), sent.map((a) => a.error), sent.map((a) => settled(a, 'sent')), sent.map((a) => (a.error === null ? this.clock.now() : null))],
        );
      }
      return sent;
    });
    return this.outcome('e-mails', attempts, 'sent');
  }

  /** Fails the job, after the batch is recorded, while a row in it still waits for another attempt. */
  private outcome(what: string, attempts: Attempt[], done: string): string {
    const retry = attempts.filter((a) => a.error !== null && !a.final);
    if (retry.length) throw new DeliveryFailed(`${retry.length} of ${attempts.length} ${what} to retry, first ${retry[0].id}: ${retry[0].error}`);
    const failed = attempts.filter((a) => a.error !== null).length;
    return attempts.length === 0 ? 'nothing to do' : `${attempts.length - failed} ${done}${failed ? `, ${failed} failed` : ''}`;
  }

  /** Outbox rows still pending, in batches: their jobs may have been lost with Redis. */
  private async *pendingOutbox(): AsyncGenerator<JobRequest[]> {
    for (const [table, toJobs] of [
      ['webhook_deliveries', deliveryJobs],
      ['email_messages', emailJobs],
    ] as const) {
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const rows = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM ${table} WHERE status = 'pending' AND id > $1 ORDER BY id LIMIT ${DELIVERY_BATCH * 10}`, [after]);
        if (rows.length === 0) break;
        yield toJobs(rows.map((r) => r.id));
        after = rows[rows.length - 1].id;
      }
    }
  }
}
