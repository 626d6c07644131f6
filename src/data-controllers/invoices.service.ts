import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { mapPage, Page, PageQueryDto, paginate } from '../common/pagination';
import { conflict, notFound } from '../common/problem';
import { assertControllerExists } from './data-controllers.service';
import { CreateInvoiceDto, UpdateInvoiceDto } from './dto/invoice.dto';
import { assertNotInFuture } from '../common/instant';
import { Invoice } from './invoice.entity';
import { InvoiceView } from './data-controller.view';

/** Invoices: kept 7 years for the tax authority, so only the retention sweep deletes them. */
@Injectable()
export class InvoicesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async create(controllerId: string, dto: CreateInvoiceDto, actor: Actor): Promise<InvoiceView> {
    const issuedAt = this.issued(dto.issuedAt);
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      await assertControllerExists(manager, controllerId);
      await assertNumberFree(manager, controllerId, dto.number);
      const row = await manager.save(
        manager.create(Invoice, {
          controllerId,
          number: dto.number,
          issuedAt,
          amountCents: dto.amountCents,
          currency: dto.currency ?? 'EUR',
          billingName: dto.billingName,
          billingAddress: dto.billingAddress ?? null,
          billingEmail: dto.billingEmail ?? null,
          anonymizedAt: null,
        }),
      );
      const after = invoiceView(row);
      audit({ action: 'invoice.created', entityType: 'invoice', entityId: row.id, after });
      return after;
    });
  }

  async list(controllerId: string, page: PageQueryDto): Promise<Page<InvoiceView>> {
    await assertControllerExists(this.dataSource.manager, controllerId);
    const qb = this.dataSource.getRepository(Invoice).createQueryBuilder('invoice').where('invoice.controller_id = :controllerId', { controllerId });
    return mapPage(await paginate(qb, page), invoiceView);
  }

  async get(controllerId: string, id: string): Promise<InvoiceView> {
    const row = await this.dataSource.manager.findOne(Invoice, { where: { id, controllerId } });
    if (!row) throw notFound('invoice', id);
    return invoiceView(row);
  }

  async update(controllerId: string, id: string, dto: UpdateInvoiceDto, actor: Actor): Promise<InvoiceView> {
    const issuedAt = dto.issuedAt === undefined ? undefined : this.issued(dto.issuedAt);
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const row = await manager.findOne(Invoice, { where: { id, controllerId }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound('invoice', id);
      if (row.anonymizedAt) throw conflict('this invoice was anonymised under the retention policy and can no longer be changed');
      if (dto.number !== undefined && dto.number !== row.number) await assertNumberFree(manager, controllerId, dto.number, id);
      const before = invoiceView(row);
      manager.merge(Invoice, row, { ...dto, issuedAt });
      const after = invoiceView(await manager.save(row));
      audit({ action: 'invoice.updated', entityType: 'invoice', entityId: id, before, after });
      return after;
    });
  }

  private issued(value: string): Date {
    const at = new Date(value);
    assertNotInFuture('issuedAt', at, this.clock.now());
    return at;
  }
}

/**
 * The unique constraint backs this up under a race (then the filter answers 409 too);
 * checking first lets the answer name `number`.
 */
async function assertNumberFree(manager: EntityManager, controllerId: string, number: string, exceptId?: string): Promise<void> {
  const taken = await manager.exists(Invoice, { where: { controllerId, number, ...(exceptId ? { id: Not(exceptId) } : {}) } });
  if (taken) throw conflict(`this controller already has an invoice numbered ${number}`, 'number');
}

export function invoiceView(row: Invoice): InvoiceView {
  return {
    id: row.id,
    controllerId: row.controllerId,
    number: row.number,
    issuedAt: row.issuedAt,
    amountCents: row.amountCents,
    currency: row.currency,
    billingName: row.billingName,
    billingAddress: row.billingAddress,
    billingEmail: row.billingEmail,
    anonymizedAt: row.anonymizedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
