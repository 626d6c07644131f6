import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { mapPage, Page, paginate, PageQueryDto } from '../common/pagination';
import { notFound } from '../common/problem';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { Webhook } from './webhook.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText, ApiTexts } from '../common/api-docs.decorator';

export class WebhookView {
  @ApiId() id: string;
  @ApiText({ format: 'uri' }) url: string;
  @ApiTexts() events: string[];
  @ApiProperty() enabled: boolean;
  @ApiInstant() createdAt: string;
}

export class DeliveryView {
  @ApiId() id: string;
  @ApiText() event: string;
  @ApiText() status: string;
  @ApiProperty({ type: 'integer' }) attempts: number;
  @ApiProperty({ type: 'integer', nullable: true }) lastStatusCode: number | null;
  @ApiText({ nullable: true }) lastError: string | null;
  @ApiInstant({ nullable: true }) deliveredAt: string | null;
  @ApiInstant() createdAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the body delivered: {id, event, occurredAt, data}' }) payload: unknown;
}

/** The secret is write-only: no view carries it. */
const toView = (w: Webhook): WebhookView => ({ id: w.id, url: w.url, events: w.events, enabled: w.enabled, createdAt: w.createdAt.toISOString() });

const toDeliveryView = (d: WebhookDelivery): DeliveryView => ({
  id: d.id,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
  payload: JSON.parse(d.body) as unknown,
});

@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async create(actor: Actor, dto: CreateWebhookDto): Promise<WebhookView> {
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const webhook = await manager.save(manager.create(Webhook, { url: dto.url, events: [...new Set(dto.events)], secret: dto.secret, enabled: true }));
      const view = toView(webhook);
      audit({ action: 'webhook.created', entityType: 'webhook', entityId: webhook.id, after: view });
      return view;
    });
  }

  async list(page: PageQueryDto): Promise<Page<WebhookView>> {
    return mapPage(await paginate(this.dataSource.getRepository(Webhook).createQueryBuilder('w'), page), toView);
  }

  async get(id: string): Promise<WebhookView> {
    const webhook = await this.dataSource.getRepository(Webhook).findOneBy({ id });
    if (!webhook) throw notFound('webhook', id);
    return toView(webhook);
  }

  async setEnabled(actor: Actor, id: string, enabled: boolean): Promise<WebhookView> {
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const webhook = await manager.findOne(Webhook, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!webhook) throw notFound('webhook', id);
      const before = toView(webhook);
      webhook.enabled = enabled;
      const after = toView(await manager.save(webhook));
      audit({ action: enabled ? 'webhook.enabled' : 'webhook.disabled', entityType: 'webhook', entityId: id, before, after });
      return after;
    });
  }

  /** Removes the subscription with its delivery log; the audit log keeps that it existed. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const webhook = await manager.findOne(Webhook, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!webhook) throw notFound('webhook', id);
      await manager.delete(Webhook, { id });
      audit({ action: 'webhook.deleted', entityType: 'webhook', entityId: id, before: toView(webhook) });
    });
  }

  async deliveries(id: string, page: PageQueryDto): Promise<Page<DeliveryView>> {
    await this.get(id);
    const qb = this.dataSource.getRepository(WebhookDelivery).createQueryBuilder('d').where('d.webhook_id = :id', { id });
    return mapPage(await paginate(qb, page), toDeliveryView);
  }
}
