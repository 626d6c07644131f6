import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { mapPage, NameSearchQueryDto, Page, paginate, whereNameContains } from '../common/pagination';
import { notFound } from '../common/problem';
import { DataController } from './data-controller.entity';
import { CreateDataControllerDto } from './dto/create-data-controller.dto';
import { UpdateDataControllerDto } from './dto/update-data-controller.dto';

export type DataControllerView = ReturnType<typeof dataControllerView>;

@Injectable()
export class DataControllersService {
  constructor(
    @InjectRepository(DataController) private readonly controllers: Repository<DataController>,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async create(dto: CreateDataControllerDto, actor: Actor): Promise<DataControllerView> {
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const row = await manager.save(
        manager.create(DataController, {
          name: dto.name,
          country: dto.country,
          kvkNumber: dto.kvkNumber ?? null,
          contactEmail: dto.contactEmail ?? null,
          dpoName: dto.dpoName ?? null,
          dpoEmail: dto.dpoEmail ?? null,
          language: dto.language ?? null,
        }),
      );
      const after = dataControllerView(row);
      audit({ action: 'controller.created', entityType: 'controller', entityId: row.id, after });
      return after;
    });
  }

  async list(query: NameSearchQueryDto): Promise<Page<DataControllerView>> {
    return mapPage(await paginate(whereNameContains(this.controllers.createQueryBuilder('c'), query.q), query), dataControllerView);
  }

  async get(id: string): Promise<DataControllerView> {
    const row = await this.controllers.findOne({ where: { id } });
    if (!row) throw notFound('controller', id);
    return dataControllerView(row);
  }

  async update(id: string, dto: UpdateDataControllerDto, actor: Actor): Promise<DataControllerView> {
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const row = await manager.findOne(DataController, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound('controller', id);
      const before = dataControllerView(row);
      manager.merge(DataController, row, dto);
      const after = dataControllerView(await manager.save(row));
      audit({ action: 'controller.updated', entityType: 'controller', entityId: id, before, after });
      return after;
    });
  }
}

/** A 404 for a controller named in the path, checked inside the caller's transaction. */
export async function assertControllerExists(manager: EntityManager, id: string): Promise<void> {
  if (!(await manager.exists(DataController, { where: { id } }))) throw notFound('controller', id);
}

export function dataControllerView(row: DataController) {
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    kvkNumber: row.kvkNumber,
    contactEmail: row.contactEmail,
    dpoName: row.dpoName,
    dpoEmail: row.dpoEmail,
    language: row.language,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
