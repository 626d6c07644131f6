import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgreementDataStore } from '../agreements/agreement-data-store.entity';
import { Clock } from '../common/clock';
import { SignedWebhookClient } from '../notifications/signed-webhook.client';
import { DeletionTask } from './deletion-task.entity';

/**
 * Asks a webhook data store to erase: a POST of
 * `{event: "deletion.requested", taskId, agreementId, controllerId, dataStore, requestedAt, dueAt}`
 * signed like every webhook (`X-Signature`, and `X-Signature-Timestamped` over the
 * attempt's `X-Signature-Timestamp`, with the store's erasure secret) by the same client,
 * which never follows a redirect. A failure throws, so the job's retries with backoff
 * try again.
 */
@Injectable()
export class ErasureRequestClient {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly client: SignedWebhookClient,
    private readonly clock: Clock,
  ) {}

  async deliver(taskId: string): Promise<string> {
    const task = await this.dataSource.manager.findOne(DeletionTask, { where: { id: taskId } });
    if (!task || task.status !== 'requested' || task.method !== 'webhook') return 'nothing to send';
    if (task.deliveredAt) return 'already delivered';
    const store = await this.dataSource.manager.createQueryBuilder(AgreementDataStore, 's').addSelect('s.erasureSecret').where('s.id = :id', { id: task.dataStoreId }).getOneOrFail();
    const body = JSON.stringify({
      event: 'deletion.requested',
      taskId: task.id,
      agreementId: task.agreementId,
      controllerId: task.controllerId,
      dataStore: { id: store.id, name: store.name },
      requestedAt: task.requestedAt?.toISOString(),
      dueAt: task.dueAt.toISOString(),
    });
    const { error: failure } = await this.client.post({ url: store.erasureUrl!, body, secret: store.erasureSecret, headers: { 'x-deletion-task-id': task.id } });
    // Two jobs for one task (the request and the due-date retry) may race: once delivered, a later failure changes nothing.
    await this.dataSource.query(
      `UPDATE deletion_tasks
       SET delivery_attempts = delivery_attempts + 1,
           last_delivery_error = CASE WHEN delivered_at IS NULL THEN $2 ELSE last_delivery_error END,
           delivered_at = coalesce(delivered_at, $3),
           updated_at = now()
       WHERE id = $1`,
      [task.id, failure, failure ? null : this.clock.now()],
    );
    if (failure) throw new Error(`erasure request to ${store.name} failed: ${failure}`);
    return 'delivered';
  }
}
