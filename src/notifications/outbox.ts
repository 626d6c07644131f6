import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainEvents, PublishedEvent } from '../common/domain-events';
import { AppConfig } from '../config/app-config';
import { AfterCommitJobs } from '../jobs/after-commit-jobs';
import { ALL_EVENTS, mailContent, webhookBody } from './notification-events';
import { deliveryJobs, emailJobs } from './notifications.queue';
import { Webhook } from './webhook.entity';

/** The e-mail address of each controller's contact, from the module that keeps them; no address, no mail. */
export type ControllerAddressBook = (manager: EntityManager, controllerIds: string[]) => Promise<Map<string, string>>;

/** A Postgres array literal: unnest over a two-dimensional array would flatten it, so a row's array travels as one text. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/**
 * Turns every event a module publishes into outbox rows in the publisher's transaction —
 * one delivery per subscribed webhook and, with SMTP_URL set, one e-mail — and adds their
 * jobs after commit. Each row keeps the controllers the event concerns. Rows go in one
 * statement per table whatever the number of events (a breach at shared infrastructure
 * publishes one per controller).
 */
@Injectable()
export class Outbox implements OnModuleInit {
  private addressBook: ControllerAddressBook = () => Promise.resolve(new Map<string, string>());

  constructor(
    private readonly events: DomainEvents,
    private readonly afterCommit: AfterCommitJobs,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.drainInto((manager, events) => this.write(manager, events));
  }

  useAddressBook(addressBook: ControllerAddressBook): void {
    this.addressBook = addressBook;
  }

  private async write(manager: EntityManager, events: PublishedEvent[]): Promise<void> {
    const occurredAt = this.clock.now();
    const names = [...new Set(events.map((e) => e.event))];
    const webhooks = await manager
      .createQueryBuilder(Webhook, 'w')
      .select(['w.id', 'w.events'])
      .where('w.enabled')
      .andWhere('w.events && :events', { events: [...names, ALL_EVENTS] })
      .getMany();
    const deliveries = events.flatMap(({ event, data }) =>
      webhooks
        .filter((w) => w.events.includes(event) || w.events.includes(ALL_EVENTS))
        .map((webhook) => {
          const id = randomUUID();
          return { id, webhookId: webhook.id, event, body: webhookBody(id, event, occurredAt, data), controllerIds: data.controllerIds, status: 'pending' as const };
        }),
    );
    if (deliveries.length) {
      await manager.query(
        `INSERT INTO webhook_deliveries (id, webhook_id, event, body, controller_ids, status)
         SELECT x.id, x.webhook_id, x.event, x.body, x.controller_ids::uuid[], 'pending' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[]) AS x(id, webhook_id, event, body, controller_ids)`,
        [deliveries.map((d) => d.id), deliveries.map((d) => d.webhookId), deliveries.map((d) => d.event), deliveries.map((d) => d.body), deliveries.map((d) => arrayLiteral(d.controllerIds))],
      );
    }
    const emails = await this.emails(manager, events);
    if (emails.length) {
      await manager.query(
        `INSERT INTO email_messages (id, event, recipients, subject, body, controller_ids, status)
         SELECT x.id, x.event, x.recipients::text[], x.subject, x.body, x.controller_ids::uuid[], 'pending' FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(id, event, recipients, subject, body, controller_ids)`,
        [
          emails.map((e) => e.id),
          emails.map((e) => e.event),
          emails.map((e) => arrayLiteral(e.recipients)),
          emails.map((e) => e.subject),
          emails.map((e) => e.body),
          emails.map((e) => arrayLiteral(e.controllerIds)),
        ],
      );
    }
    await this.afterCommit.add(manager, [...deliveryJobs(deliveries.map((d) => d.id)), ...emailJobs(emails.map((e) => e.id))]);
  }

  private async emails(manager: EntityManager, events: PublishedEvent[]) {
    if (!this.config.SMTP_URL) return [];
    const mailed = events.filter((e) => e.mail !== 'none');
    const controllerIds = [...new Set(mailed.filter((e) => e.mail !== 'officer').flatMap((e) => e.data.controllerIds))];
    const contacts = controllerIds.length ? await this.addressBook(manager, controllerIds) : new Map<string, string>();
    return mailed.flatMap(({ event, data, mail }) => {
      const recipients = new Set<string>();
      if (this.config.OFFICER_EMAIL && mail !== 'controllers') recipients.add(this.config.OFFICER_EMAIL);
      if (mail !== 'officer') {
        for (const id of data.controllerIds) {
          const address = contacts.get(id);
          if (address) recipients.add(address);
        }
      }
      if (recipients.size === 0) return [];
      const { subject, text } = mailContent(event, data);
      return [{ id: randomUUID(), event, recipients: [...recipients], subject, body: text, controllerIds: data.controllerIds, status: 'pending' as const }];
    });
  }
}
