import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainEvents, PublishedEvent } from '../common/domain-events';
import { Language } from '../common/language';
import { AppConfig } from '../config/app-config';
import { AfterCommitJobs } from '../jobs/after-commit-jobs';
import { JobRequest } from '../jobs/job-definition';
import { JobReconciler } from '../jobs/job-reconciler';
import { OnJob } from '../jobs/on-job.decorator';
import { PackedEvents, packEvents, unpackEvents } from './fanout-events';
import { renderMail } from './mail-render';
import { mailContext, MailContext, Reader, templateOf, untemplatedMail } from './message-templates';
import { ALL_EVENTS, webhookBody } from './notification-events';
import { DELIVERY_BATCH, deliveryJobs, emailJobs, ExpandFanout, fanoutJobs } from './notifications.queue';
import { Names, SubjectNames } from './subject-names.registry';
import { Webhook } from './webhook.entity';

/** Where a controller's mail goes and in which language; no address, no mail. */
export interface ControllerAddress {
  email: string;
  language: Language;
}

/** Each controller's contact, from the module that keeps them. */
export type ControllerAddressBook = (manager: EntityManager, controllerIds: string[]) => Promise<Map<string, ControllerAddress>>;

/** A Postgres array literal: unnest over a two-dimensional array would flatten it, so a row's array travels as one text. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/**
 * Turns every event a module publishes into outbox rows in the publisher's transaction —
 * one delivery per subscribed webhook and, with SMTP_URL set, e-mails written from the
 * event's template — and adds their jobs after commit. Each row keeps the controllers the
 * event concerns. Rows go in one statement per table whatever the number of events (a
 * breach at shared infrastructure publishes one per controller), and the ids the events
 * name are looked up once per kind of id for the whole batch.
 *
 * The officer reads the whole event in OFFICER_LANGUAGE; each controller's contact gets a
 * message of its own, in its controller's language, naming that controller alone.
 *
 * A transaction that announces more events than one delivery batch writes them as one
 * fan-out row instead (packed: what a run of events shares is kept once), and a job writes their rows after commit, in a transaction of its
 * own that also deletes the fan-out row: a breach for 20,000 controllers is answered without
 * writing 40,000 rendered messages first, and nothing is lost, as the row commits with the
 * fact and the reconciler re-adds the job of any row still there. The messages are those the
 * transaction would have written (its instant, its events), with the names, contacts and
 * subscriptions of when the job runs, seconds later.
 */
@Injectable()
export class Outbox implements OnModuleInit {
  private addressBook: ControllerAddressBook = () => Promise.resolve(new Map<string, ControllerAddress>());

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
    private readonly names: SubjectNames,
    private readonly afterCommit: AfterCommitJobs,
    private readonly reconciler: JobReconciler,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.drainInto((manager, events) => this.write(manager, events));
    this.reconciler.addSource('outbox-fanouts', () => this.pendingFanouts());
  }

  useAddressBook(addressBook: ControllerAddressBook): void {
    this.addressBook = addressBook;
  }

  private async write(manager: EntityManager, events: PublishedEvent[]): Promise<void> {
    const occurredAt = this.clock.now();
    if (events.length <= DELIVERY_BATCH) return this.writeRows(manager, events, occurredAt);
    const id = randomUUID();
    await manager.query(`INSERT INTO outbox_fanouts (id, occurred_at, events) VALUES ($1, $2, $3)`, [id, occurredAt, JSON.stringify(packEvents(events))]);
    await this.afterCommit.add(manager, fanoutJobs([id]));
  }

  /** A fan-out row's events written as rows, and the row gone, in one transaction; a second run finds nothing. */
  @OnJob(ExpandFanout)
  async expandFanout({ fanoutId }: { fanoutId: string }): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<{ occurred_at: Date; events: string }[]>(`WITH gone AS (DELETE FROM outbox_fanouts WHERE id = $1 RETURNING occurred_at, events) SELECT * FROM gone`, [fanoutId]);
      if (!row) return 'nothing to do';
      const stored = JSON.parse(row.events) as PackedEvents | PublishedEvent[];
      // A row written before events were packed holds them as they were published.
      const events = Array.isArray(stored) ? stored : unpackEvents(stored);
      await this.writeRows(manager, events, new Date(row.occurred_at));
      return `${events.length} events written`;
    });
  }

  private async *pendingFanouts(): AsyncGenerator<JobRequest[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM outbox_fanouts ORDER BY created_at, id`);
    if (rows.length) yield fanoutJobs(rows.map((r) => r.id));
  }

  private async writeRows(manager: EntityManager, events: PublishedEvent[], occurredAt: Date): Promise<void> {
    const eventNames = [...new Set(events.map((e) => e.event))];
    const webhooks = await manager
      .createQueryBuilder(Webhook, 'w')
      .select(['w.id', 'w.events'])
      .where('w.enabled')
      .andWhere('w.events && :events', { events: [...eventNames, ALL_EVENTS] })
      .getMany();
    const heard = (event: string) => webhooks.filter((w) => w.events.includes(event) || w.events.includes(ALL_EVENTS));
    const mailed = this.config.SMTP_URL ? events.filter((e) => e.mail !== 'none') : [];
    const mailing = new Set(mailed);
    const named = events.filter((e) => mailing.has(e) || heard(e.event).length > 0);
    const names: Names = named.length
      ? await this.names.resolve(
          manager,
          named.flatMap((e) => templateOf(e.event)?.names(e.data as never) ?? []),
        )
      : () => undefined;
    const deliveries = events.flatMap(({ event, data }) => {
      const subscribed = heard(event);
      if (subscribed.length === 0) return [];
      const withNames = { ...data, ...templateOf(event)?.webhook?.(data as never, names) };
      return subscribed.map((webhook) => {
        const id = randomUUID();
        return { id, webhookId: webhook.id, event, body: webhookBody(id, event, occurredAt, withNames), controllerIds: data.controllerIds, status: 'pending' as const };
      });
    });
    if (deliveries.length) {
      await manager.query(
        `INSERT INTO webhook_deliveries (id, webhook_id, event, body, controller_ids, status)
         SELECT x.id, x.webhook_id, x.event, x.body, x.controller_ids::uuid[], 'pending' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[]) AS x(id, webhook_id, event, body, controller_ids)`,
        [deliveries.map((d) => d.id), deliveries.map((d) => d.webhookId), deliveries.map((d) => d.event), deliveries.map((d) => d.body), deliveries.map((d) => arrayLiteral(d.controllerIds))],
      );
    }
    const emails = await this.emails(manager, mailed, names, occurredAt);
    if (emails.length) {
      await manager.query(
        `INSERT INTO email_messages (id, event, recipients, subject, body, html, controller_ids, status)
         SELECT x.id, x.event, x.recipients::text[], x.subject, x.body, x.html, x.controller_ids::uuid[], 'pending'
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS x(id, event, recipients, subject, body, html, controller_ids)`,
        [
          emails.map((e) => e.id),
          emails.map((e) => e.event),
          emails.map((e) => arrayLiteral(e.recipients)),
          emails.map((e) => e.subject),
          emails.map((e) => e.body),
          emails.map((e) => e.html),
          emails.map((e) => arrayLiteral(e.controllerIds)),
        ],
      );
    }
    await this.afterCommit.add(manager, [...deliveryJobs(deliveries.map((d) => d.id)), ...emailJobs(emails.map((e) => e.id))]);
  }

  private async emails(manager: EntityManager, mailed: PublishedEvent[], names: Names, occurredAt: Date) {
    if (mailed.length === 0) return [];
    const controllerIds = [...new Set(mailed.filter((e) => e.mail !== 'officer').flatMap((e) => e.data.controllerIds))];
    const contacts = controllerIds.length ? await this.addressBook(manager, controllerIds) : new Map<string, ControllerAddress>();
    const base = { publicUrl: this.config.publicUrl, occurredAt, officerEmail: this.config.OFFICER_EMAIL };
    const contexts = { nl: mailContext('nl', names, base), en: mailContext('en', names, base) } satisfies Record<Language, MailContext>;
    const officer = this.config.OFFICER_EMAIL;
    return mailed.flatMap(({ event, data, mail }) => {
      const write = (reader: Reader, recipient: string, language: Language, concerns: string[]) => {
        const ctx = contexts[language];
        const template = templateOf(event)?.mail;
        const { subject, text, html } = renderMail(template ? template(data as never, reader, ctx) : untemplatedMail(event, reader, ctx), language);
        return { id: randomUUID(), event, recipients: [recipient], subject, body: text, html, controllerIds: concerns };
      };
      const out = officer && mail !== 'controllers' ? [write({ kind: 'officer' }, officer, this.config.OFFICER_LANGUAGE, data.controllerIds)] : [];
      if (mail === 'officer') return out;
      for (const controllerId of data.controllerIds) {
        const contact = contacts.get(controllerId);
        if (contact) out.push(write({ kind: 'controller', controllerId }, contact.email, contact.language, [controllerId]));
      }
      return out;
    });
  }
}
