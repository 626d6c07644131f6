import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryWorkers } from './delivery-workers';
import { EmailMessage } from './email-message.entity';
import { NotificationsService } from './notifications.service';
import { Webhook } from './webhook.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Global: any module announces its events through NotificationsService.publish. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Webhook, WebhookDelivery, EmailMessage])],
  controllers: [WebhooksController],
  providers: [NotificationsService, DeliveryWorkers, WebhooksService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
