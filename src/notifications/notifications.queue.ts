import { createHash } from 'node:crypto';
import { JobRequest, QueueDefinition } from '../jobs/job-definition';

/**
 * Each job sends a batch of outbox rows and holds a database connection while it does, so
 * a few batches at a time; the sends within a batch run side by side. Webhooks and e-mails
 * have a queue each, so a slow SMTP server does not hold up the webhooks, nor they the mail.
 */
export const DeliveryQueue = new QueueDefinition('deliveries', 2);
export const EmailQueue = new QueueDefinition('emails', 2);

export const DeliverWebhooks = DeliveryQueue.job<{ deliveryIds: string[] }>('deliver-webhooks');
export const SendEmails = EmailQueue.job<{ emailIds: string[] }>('send-emails');
/** Turns a transaction's many events, kept as one row, into its deliveries and e-mails. */
export const ExpandFanout = DeliveryQueue.job<{ fanoutId: string }>('expand-fanout');

/**
 * Rows per delivery job: a breach at shared infrastructure writes tens of thousands of rows,
 * and a job per row spent more on the queue and on three statements per row than on sending.
 */
export const DELIVERY_BATCH = 100;

/**
 * A batch's id is a digest of its rows, so the outbox and the reconciler add one job for the
 * same rows and a periodic reconcile does not add a batch again while its job is waiting out
 * a backoff. Batches that overlap are harmless: a row is claimed with SKIP LOCKED and sent
 * only while pending.
 */
function batches<P>(ids: readonly string[], prefix: string, request: (ids: string[], jobId: string) => JobRequest<P>): JobRequest<P>[] {
  const jobs: JobRequest<P>[] = [];
  for (let i = 0; i < ids.length; i += DELIVERY_BATCH) {
    const batch = ids.slice(i, i + DELIVERY_BATCH);
    jobs.push(request(batch, `${prefix}-${createHash('sha256').update(batch.join(',')).digest('hex').slice(0, 32)}`));
  }
  return jobs;
}

export const deliveryJobs = (deliveryIds: readonly string[]) => batches(deliveryIds, 'deliveries', (ids, jobId) => DeliverWebhooks.request({ deliveryIds: ids }, { jobId }));
export const emailJobs = (emailIds: readonly string[]) => batches(emailIds, 'emails', (ids, jobId) => SendEmails.request({ emailIds: ids }, { jobId }));

export const fanoutJobs = (fanoutIds: readonly string[]) => fanoutIds.map((fanoutId) => ExpandFanout.request({ fanoutId }, { jobId: `fanout-${fanoutId}` }));
