import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgreementDataStore } from '../agreements/agreement-data-store.entity';
import { Clock } from '../common/clock';
import { signBody } from '../notifications/webhook-signature';
import { DeletionTask } from './deletion-task.entity';

const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Asks a webhook data store to erase: a POST of
 * `{event: "deletion.requested", taskId, agreementId, controllerId, dataStore, requestedAt, dueAt}`
 * signed like every webhook (`X-Signature: sha256=<HMAC of the body>` with the store's
 * erasure secret). A failure throws, so the job's retries with backoff try again.
 */
@Injectable()
export class ErasureRequestSender {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async deliver(taskId: string): Promise<string> {
    const task = await this.dataSource.manager.findOne(DeletionTask, { where: { id: taskId } });
    if (!task || task.status !== 'requested' || task.method !== 'webhook') return 'nothing to send';
    if (task.deliveredAt) return 'already delivered';
    const store = await this.dataSource.manager
      .createQueryBuilder(AgreementDataStore, 's')
      .addSelect('s.erasureSecret')
      .where('s.id = :id', { id: task.dataStoreId })
      .getOneOrFail();
    const body = JSON.stringify({
      event: 'deletion.requested',
      taskId: task.id,
      agreementId: task.agreementId,
      controllerId: task.controllerId,
      dataStore: { id: store.id, name: store.name },
      requestedAt: task.requestedAt?.toISOString(),
      dueAt: task.dueAt.toISOString(),
    });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-deletion-task-id': task.id };
    if (store.erasureSecret) headers['x-signature'] = signBody(store.erasureSecret, body);
    let failure: string | null = null;
    try {
      const response = await fetch(store.erasureUrl!, { method: 'POST', body, headers, signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
      if (!response.ok) failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
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
