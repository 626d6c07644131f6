import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgreementDataStore } from '../agreements/agreement-data-store.entity';
import { ProcessingAgreement } from '../agreements/processing-agreement.entity';
import { Clock } from '../common/clock';
import { SignedWebhookClient } from '../notifications/signed-webhook.client';
import { returnedFromAnswer } from './contract-end-rules';
import { DeletionTask } from './deletion-task.entity';

/**
 * Asks a webhook data store to erase: a POST of
 * `{event: "deletion.requested", taskId, agreementId, controllerId, dataStore, endOfContract, requestedAt, dueAt}`
 * signed like every webhook (`X-Signature`, and `X-Signature-Timestamped` over the
 * attempt's `X-Signature-Timestamp`, with the store's erasure secret) by the same client,
 * which never follows a redirect. A failure throws, so the job's retries with backoff
 * try again. When the controller chose return, the store may answer
 * `{"returned": {"location", "checksum"?, "description"?}}`: where its copy went, kept on
 * the task for the certificate.
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
    const agreement = await this.dataSource.manager.findOneByOrFail(ProcessingAgreement, { id: task.agreementId });
    const body = JSON.stringify({
      event: 'deletion.requested',
      taskId: task.id,
      agreementId: task.agreementId,
      controllerId: task.controllerId,
      dataStore: { id: store.id, name: store.name },
      endOfContract: { action: agreement.endOfContractAction },
      requestedAt: task.requestedAt?.toISOString(),
      dueAt: task.dueAt.toISOString(),
    });
    const { error: failure, answer } = await this.client.post({ url: store.erasureUrl!, body, secret: store.erasureSecret, headers: { 'x-deletion-task-id': task.id }, readAnswer: true });
    const returned = failure ? null : returnedFromAnswer(answer ?? null);
    // Two jobs for one task (the request and the due-date retry) may race: once delivered, a later answer changes nothing.
    await this.dataSource.query(
      `UPDATE deletion_tasks
       SET delivery_attempts = delivery_attempts + 1,
           last_delivery_error = CASE WHEN delivered_at IS NULL THEN $2 ELSE last_delivery_error END,
           returned_location = CASE WHEN delivered_at IS NULL AND returned_location IS NULL AND $4::text IS NOT NULL THEN $4 ELSE returned_location END,
           returned_checksum = CASE WHEN delivered_at IS NULL AND returned_location IS NULL AND $4::text IS NOT NULL THEN $5 ELSE returned_checksum END,
           returned_description = CASE WHEN delivered_at IS NULL AND returned_location IS NULL AND $4::text IS NOT NULL THEN $6 ELSE returned_description END,
           delivered_at = coalesce(delivered_at, $3),
           updated_at = now()
       WHERE id = $1`,
      [task.id, failure, failure ? null : this.clock.now(), returned?.location ?? null, returned?.checksum ?? null, returned?.description ?? null],
    );
    if (failure) throw new Error(`erasure request to ${store.name} failed: ${failure}`);
    return 'delivered';
  }
}
