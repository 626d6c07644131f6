import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DomainEventsModule } from '../common/domain-events.module';
import { JobsModule } from '../jobs/jobs.module';
import { RetentionModule } from '../retention/retention.module';
import { DeliveryWorkers } from './delivery-workers';
import { EmailMessage } from './email-message.entity';
import { DeliveryQueue, EmailQueue } from './notifications.queue';
import { Outbox } from './outbox';
import { SignedWebhookClient } from './signed-webhook.client';
import { Webhook } from './webhook.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Where the domain events go: the outbox turns them into webhook deliveries and e-mails in
 * the publisher's transaction; the delivery workers send them after commit.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Webhook, WebhookDelivery, EmailMessage]), AuditModule, DomainEventsModule, JobsModule, RetentionModule],
  controllers: [WebhooksController],
  providers: [DeliveryQueue.provider, EmailQueue.provider, Outbox, DeliveryWorkers, WebhooksService, SignedWebhookClient],
  exports: [Outbox, SignedWebhookClient],
})
export class NotificationsModule {}
