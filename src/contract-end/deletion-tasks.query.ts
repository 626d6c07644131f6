import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AgreementDataStore } from '../agreements/agreement-data-store.entity';
import { ProcessingAgreement } from '../agreements/processing-agreement.entity';
import { Page, PageOrder, paginate } from '../common/pagination';
import { notFound } from '../common/problem';
import { DeletionTask } from './deletion-task.entity';
import { ListDeletionTasksQuery } from './dto/confirm-deletion-task.dto';
import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText } from '../common/api-docs.decorator';

const SOONEST_DUE_FIRST: PageOrder<DeletionTask> = { column: 'due_at', key: 'dueAt', direction: 'ASC' };

export class DataStoreRefView {
  @ApiId() id: string;
  @ApiText() name: string;
}

export class ReturnedCopyView {
  @ApiText() location: string;
  @ApiText({ nullable: true }) checksum: string | null;
  @ApiText({ nullable: true }) description: string | null;
}

export class DeletionTaskView {
  @ApiId() id: string;
  @ApiId() agreementId: string;
  @ApiId() controllerId: string;
  @ApiProperty({ type: DataStoreRefView }) dataStore: DataStoreRefView;
  @ApiText({ enum: ['webhook', 'manual'] }) method: DeletionTask['method'];
  @ApiText({ enum: ['scheduled', 'requested', 'confirmed'] }) status: DeletionTask['status'];
  @ApiInstant() requestAt: Date;
  @ApiInstant() dueAt: Date;
  @ApiInstant({ nullable: true }) requestedAt: Date | null;
  @ApiInstant({ nullable: true }) deliveredAt: Date | null;
  @ApiProperty({ type: 'integer' }) deliveryAttempts: number;
  @ApiText({ nullable: true }) lastDeliveryError: string | null;
  @ApiInstant({ nullable: true }) confirmedAt: Date | null;
  @ApiText({ nullable: true }) evidence: string | null;
  /** The person who confirmed (older confirmations: the API key's name), and their function when given. */
  @ApiText({ nullable: true, description: "the person who confirmed (older confirmations: the API key's name)" }) confirmedBy: string | null;
  @ApiText({ nullable: true }) confirmedByFunction: string | null;
  /** Where this store's copy went when the controller chose return: from the store's answer or its confirmation. */
  @ApiProperty({ type: ReturnedCopyView, nullable: true, description: "where this store's copy went when the controller chose return" })
  returned: ReturnedCopyView | null;
  @ApiText({ nullable: true }) lateReason: string | null;
}

/** The deletion tasks as the API, the audit trail and the certificate show them: per data store, by its name. */
@Injectable()
export class DeletionTasksQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of deletion tasks, soonest due first; of one agreement when `agreementId` is given. */
  async list(query: ListDeletionTasksQuery): Promise<Page<DeletionTaskView>> {
    const qb = this.dataSource.getRepository(DeletionTask).createQueryBuilder('t');
    if (query.agreementId) {
      const exists = await this.dataSource.manager.exists(ProcessingAgreement, { where: { id: query.agreementId } });
      if (!exists) throw notFound('Agreement', query.agreementId);
      qb.andWhere('t.agreement_id = :agreementId', { agreementId: query.agreementId });
    }
    const page = await paginate(qb, query, SOONEST_DUE_FIRST);
    return { items: await this.toViews(this.dataSource.manager, page.items), nextCursor: page.nextCursor };
  }

  /** `manager`: a command reads its own uncommitted writes to return and audit them. By data store name. */
  async views(manager: EntityManager, where: { agreementId?: string; id?: string }): Promise<DeletionTaskView[]> {
    const byStoreName = (a: DeletionTaskView, b: DeletionTaskView) => a.dataStore.name.localeCompare(b.dataStore.name);
    return (await this.toViews(manager, await manager.find(DeletionTask, { where }))).sort(byStoreName);
  }

  /** The tasks with their stores' names, in the order given. */
  private async toViews(manager: EntityManager, tasks: DeletionTask[]): Promise<DeletionTaskView[]> {
    if (tasks.length === 0) return [];
    const stores = await manager.find(AgreementDataStore, { where: { id: In(tasks.map((t) => t.dataStoreId)) } });
    const name = new Map(stores.map((s) => [s.id, s.name]));
    return tasks.map((t) => ({
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
    }));
  }
}
