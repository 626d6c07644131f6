import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AgreementDataStore } from '../agreements/agreement-data-store.entity';
import { ProcessingAgreement } from '../agreements/processing-agreement.entity';
import { notFound } from '../common/problem';
import { DeletionTask } from './deletion-task.entity';

export interface DeletionTaskView {
  id: string;
  agreementId: string;
  controllerId: string;
  dataStore: { id: string; name: string };
  method: DeletionTask['method'];
  status: DeletionTask['status'];
  requestAt: Date;
  dueAt: Date;
  requestedAt: Date | null;
  deliveredAt: Date | null;
  deliveryAttempts: number;
  lastDeliveryError: string | null;
  confirmedAt: Date | null;
  evidence: string | null;
  /** The person who confirmed (older confirmations: the API key's name), and their function when given. */
  confirmedBy: string | null;
  confirmedByFunction: string | null;
  /** Where this store's copy went when the controller chose return: from the store's answer or its confirmation. */
  returned: { location: string; checksum: string | null; description: string | null } | null;
  lateReason: string | null;
}

/** The deletion tasks as the API, the audit trail and the certificate show them: per data store, by its name. */
@Injectable()
export class DeletionTasksQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(agreementId: string): Promise<DeletionTaskView[]> {
    const exists = await this.dataSource.manager.exists(ProcessingAgreement, { where: { id: agreementId } });
    if (!exists) throw notFound('Agreement', agreementId);
    return this.views(this.dataSource.manager, { agreementId });
  }

  /** `manager`: a command reads its own uncommitted writes to return and audit them. */
  async views(manager: EntityManager, where: { agreementId?: string; id?: string }): Promise<DeletionTaskView[]> {
    const tasks = await manager.find(DeletionTask, { where });
    if (tasks.length === 0) return [];
    const stores = await manager.find(AgreementDataStore, { where: { id: In(tasks.map((t) => t.dataStoreId)) } });
    const name = new Map(stores.map((s) => [s.id, s.name]));
    const byStoreName = (a: DeletionTaskView, b: DeletionTaskView) => a.dataStore.name.localeCompare(b.dataStore.name);
    return tasks
      .map((t) => ({
        id: t.id,
        agreementId: t.agreementId,
        controllerId: t.controllerId,
        dataStore: { id: t.dataStoreId, name: name.get(t.dataStoreId) ?? '' },
        method: t.method,
        status: t.status,
        requestAt: t.requestAt,
        dueAt: t.dueAt,
        requestedAt: t.requestedAt,
        deliveredAt: t.deliveredAt,
        deliveryAttempts: t.deliveryAttempts,
        lastDeliveryError: t.lastDeliveryError,
        confirmedAt: t.confirmedAt,
        evidence: t.evidence,
        confirmedBy: t.confirmedByName,
        confirmedByFunction: t.confirmedByFunction,
        returned: t.returnedLocation ? { location: t.returnedLocation, checksum: t.returnedChecksum, description: t.returnedDescription } : null,
        lateReason: t.lateReason,
      }))
      .sort(byStoreName);
  }
}
