import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { conflict, notFound } from '../common/problem';
import { mapPage, Page, PageQueryDto, paginate } from '../common/pagination';
import { Contact } from './contact.entity';
import { assertControllerExists } from './data-controllers.service';
import { CreateContactDto, UpdateContactDto } from './dto/contact.dto';
import { assertNotInFuture } from '../common/instant';
import { ContactView } from './data-controller.view';

/** Contact persons: personal data under the 1-year policy, counted from lastActivityAt. */
@Injectable()
export class ContactsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async create(controllerId: string, dto: CreateContactDto, actor: Actor): Promise<ContactView> {
    const lastActivityAt = this.lastActivity(dto.lastActivityAt ?? undefined) ?? this.clock.now();
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      await assertControllerExists(manager, controllerId);
      const row = await manager.save(
        manager.create(Contact, {
          controllerId,
          name: dto.name,
          email: dto.email ?? null,
          phone: dto.phone ?? null,
          role: dto.role ?? null,
          lastActivityAt,
          anonymizedAt: null,
        }),
      );
      const after = contactView(row);
      audit({ action: 'contact.created', entityType: 'contact', entityId: row.id, after });
      return after;
    });
  }

  async list(controllerId: string, page: PageQueryDto): Promise<Page<ContactView>> {
    await assertControllerExists(this.dataSource.manager, controllerId);
    const qb = this.dataSource.getRepository(Contact).createQueryBuilder('contact').where('contact.controller_id = :controllerId', { controllerId });
    return mapPage(await paginate(qb, page), contactView);
  }

  async get(controllerId: string, id: string): Promise<ContactView> {
    const row = await this.dataSource.manager.findOne(Contact, { where: { id, controllerId } });
    if (!row) throw notFound('contact', id);
    return contactView(row);
  }

  async update(controllerId: string, id: string, dto: UpdateContactDto, actor: Actor): Promise<ContactView> {
    const lastActivityAt = this.lastActivity(dto.lastActivityAt);
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const row = await manager.findOne(Contact, { where: { id, controllerId }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound('contact', id);
      // Refilling an anonymised contact would undo a retention action behind the ledger's back.
      if (row.anonymizedAt) throw conflict('this contact was anonymised under the retention policy and can no longer be changed');
      const before = contactView(row);
      manager.merge(Contact, row, { ...dto, lastActivityAt });
      const after = contactView(await manager.save(row));
      audit({ action: 'contact.updated', entityType: 'contact', entityId: id, before, after });
      return after;
    });
  }

  private lastActivity(value: string | undefined): Date | undefined {
    if (value === undefined) return undefined;
    const at = new Date(value);
    assertNotInFuture('lastActivityAt', at, this.clock.now());
    return at;
  }
}

export function contactView(row: Contact): ContactView {
  return {
    id: row.id,
    controllerId: row.controllerId,
    name: row.name,
    email: row.email,
    phone: row.phone,
    role: row.role,
    lastActivityAt: row.lastActivityAt,
    anonymizedAt: row.anonymizedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
