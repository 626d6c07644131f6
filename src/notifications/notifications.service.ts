import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { DataController } from '../data-controllers/data-controller.entity';
import { AfterCommitJobs } from '../deadlines/after-commit-jobs';
import { JobRequest } from '../deadlines/job-queues';
import { EmailMessage } from './email-message.entity';
import { ALL_EVENTS, deliveryJob, emailJob, MAIL_EVENTS, mailContent, mailsController, webhookBody } from './notification-events';
import { Webhook } from './webhook.entity';
import { WebhookDelivery } from './webhook-delivery.entity';

/**
 * Announces an event to every webhook subscribed to it and, with SMTP_URL set, by e-mail.
 * Rows are written in the caller's transaction (an outbox) and sent after it commits.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly afterCommit: AfterCommitJobs,
  ) {}

  async publish(manager: EntityManager, event: string, data: Record<string, unknown>): Promise<void> {
    const occurredAt = this.clock.now();
    const webhooks = await manager
      .createQueryBuilder(Webhook, 'w')
      .select('w.id')
      .where('w.enabled')
      .andWhere('w.events && :events', { events: [event, ALL_EVENTS] })
      .getMany();
    const deliveries = webhooks.map((webhook) => {
      const id = randomUUID();
      return { id, webhookId: webhook.id, event, body: webhookBody(id, event, occurredAt, data), status: 'pending' as const };
    });
    if (deliveries.length) await manager.insert(WebhookDelivery, deliveries);

    const emails = await this.emailsFor(manager, event, data);
    if (emails.length) await manager.insert(EmailMessage, emails);

    const jobs: JobRequest[] = [
      ...deliveries.map((d) => deliveryJob(d.id)),
      ...emails.map((e) => emailJob(e.id)),
    ];
    await this.afterCommit.add(manager, jobs);
  }

  private async emailsFor(manager: EntityManager, event: string, data: Record<string, unknown>) {
    if (!this.config.SMTP_URL || !MAIL_EVENTS.has(event)) return [];
    const recipients = new Set<string>();
    if (this.config.OFFICER_EMAIL) recipients.add(this.config.OFFICER_EMAIL);
    if (mailsController(event, data)) {
      const controller = await manager.findOne(DataController, { where: { id: data.controllerId as string }, select: { id: true, contactEmail: true } });
      if (controller?.contactEmail) recipients.add(controller.contactEmail);
    }
    if (recipients.size === 0) return [];
    const { subject, text } = mailContent(event, data);
    return [{ id: randomUUID(), event, recipients: [...recipients], subject, body: text, status: 'pending' as const }];
  }
}
