import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CanRead } from '../common/auth/roles.decorator';
import { mapPage, paginate } from '../common/pagination';
import { Deadline } from './deadline.entity';
import { toDeadlineView } from './deadline.view';
import { ListDeadlinesQuery } from './dto/list-deadlines.query';

@ApiTags('deadlines')
@Controller('deadlines')
export class DeadlinesController {
  constructor(@InjectRepository(Deadline) private readonly deadlines: Repository<Deadline>) {}

  /** Every timed obligation across subjects, newest first. */
  @Get()
  @CanRead()
  async list(@Query() query: ListDeadlinesQuery) {
    const qb = this.deadlines.createQueryBuilder('d');
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('d.kind = :kind', { kind: query.kind });
    if (query.dueBefore) qb.andWhere('d.due_at < :dueBefore', { dueBefore: query.dueBefore });
    if (query.controllerId) qb.andWhere('d.controller_id = :controllerId', { controllerId: query.controllerId });
    if (query.subjectId) qb.andWhere('d.subject_id = :subjectId', { subjectId: query.subjectId });
    return mapPage(await paginate(qb, query), toDeadlineView);
  }
}
