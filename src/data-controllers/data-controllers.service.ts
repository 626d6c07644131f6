import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { mapPage, NameSearchQueryDto, Page, paginate, whereNameContains } from '../common/pagination';
import { notFound } from '../common/problem';
import { CsvRows } from '../common/csv';
import { ReadSnapshot, selectProperties } from '../common/read-snapshot';
import { ControllersCsvQuery } from './dto/controllers-csv.query';
import { DataController } from './data-controller.entity';
import { CreateDataControllerDto } from './dto/create-data-controller.dto';
import { UpdateDataControllerDto } from './dto/update-data-controller.dto';
import { DataControllerView } from './data-controller.view';

/** The CSV's columns: the fields of the API's view, in its order. */
export const CONTROLLER_CSV_HEADER: (keyof DataControllerView)[] = ['id', 'name', 'country', 'kvkNumber', 'contactEmail', 'dpoName', 'dpoEmail', 'createdAt', 'updatedAt'];
/** About 50 kB of CSV per FETCH, a batch short-lived enough to die in V8's young generation (see `ReadSnapshot.batches`). */
const CONTROLLERS_PER_FETCH = 250;

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

  /** Every controller (or those whose name matches `q`) by name, from a cursor: the registry may be large. */
  async csv(query: ControllersCsvQuery): Promise<CsvRows> {
    const qb = selectProperties(whereNameContains(this.controllers.createQueryBuilder('c'), query.q), CONTROLLER_CSV_HEADER)
      .orderBy('c.name')
      .addOrderBy('c.id');
    const snapshot = await ReadSnapshot.open(this.controllers.manager.connection);
    async function* rows(): AsyncGenerator<unknown[][]> {
      for await (const batch of snapshot.batchesOf<DataController>('controller_register', qb, CONTROLLERS_PER_FETCH)) {
        yield batch.map((row) => CONTROLLER_CSV_HEADER.map((column) => row[column]));
      }
    }
    return { rows: rows(), close: () => snapshot.release() };
  }

  /** The names of these controllers by id, for a list that shows whom its rows concern; an unknown id is left out. */
  async namesOf(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const rows = unique.length ? await this.controllers.query<{ id: string; name: string }[]>('SELECT id, name FROM data_controllers WHERE id = ANY($1::uuid[])', [unique]) : [];
    return new Map(rows.map((r) => [r.id, r.name]));
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

export function dataControllerView(row: DataController): DataControllerView {
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
