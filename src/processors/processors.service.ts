import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { mapPage, NameSearchQueryDto, Page, paginate, whereNameContains } from '../common/pagination';
import { notFound } from '../common/problem';
import { ReadById } from '../common/read-by-id';
import { CreateProcessorDto } from './dto/create-processor.dto';
import { UpdateProcessorDto } from './dto/update-processor.dto';
import { Processor } from './processor.entity';
import { ProcessorView } from './processor.view';

@Injectable()
export class ProcessorsService {
  private readonly byId: ReadById<Processor>;

  constructor(
    @InjectRepository(Processor) private readonly processors: Repository<Processor>,
    private readonly unitOfWork: UnitOfWork,
  ) {
    this.byId = new ReadById(processors);
  }

  async create(dto: CreateProcessorDto, actor: Actor): Promise<ProcessorView> {
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const row = await manager.save(
        manager.create(Processor, {
          name: dto.name,
          country: dto.country,
          kvkNumber: dto.kvkNumber ?? null,
          contactEmail: dto.contactEmail ?? null,
          dpoName: dto.dpoName ?? null,
          dpoEmail: dto.dpoEmail ?? null,
          securityMeasures: dto.securityMeasures ?? [],
        }),
      );
      const after = processorView(row);
      audit({ action: 'processor.created', entityType: 'processor', entityId: row.id, after });
      return after;
    });
  }

  async list(query: NameSearchQueryDto): Promise<Page<ProcessorView>> {
    return mapPage(await paginate(whereNameContains(this.processors.createQueryBuilder('p'), query.q), query), processorView);
  }

  async get(id: string): Promise<ProcessorView> {
    const row = await this.byId.find(id);
    if (!row) throw notFound('processor', id);
    return processorView(row);
  }

  async update(id: string, dto: UpdateProcessorDto, actor: Actor): Promise<ProcessorView> {
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const row = await manager.findOne(Processor, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound('processor', id);
      const before = processorView(row);
      manager.merge(Processor, row, dto);
      const saved = await manager.save(row);
      const after = processorView(saved);
      audit({ action: 'processor.updated', entityType: 'processor', entityId: id, before, after });
      return after;
    });
  }
}

export function processorView(row: Processor): ProcessorView {
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    kvkNumber: row.kvkNumber,
    contactEmail: row.contactEmail,
    dpoName: row.dpoName,
    dpoEmail: row.dpoEmail,
    securityMeasures: row.securityMeasures,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
