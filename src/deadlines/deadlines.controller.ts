import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CanRead } from '../common/roles.decorator';
import { mapPage } from '../common/pagination';
import { toDeadlineView } from './deadline.view';
import { DeadlinesService } from './deadlines.service';
import { ListDeadlinesQuery } from './dto/list-deadlines.query';

@ApiTags('deadlines')
@Controller('deadlines')
export class DeadlinesController {
  constructor(private readonly deadlines: DeadlinesService) {}

  /** Every timed obligation across subjects, with what each is about, newest first or (`sort=dueAt`) soonest due first. */
  @Get()
  @CanRead()
  async list(@Query() query: ListDeadlinesQuery) {
    const { limit, cursor, subjectId, sort, ...filter } = query;
    const page = await this.deadlines.list({ ...filter, ...(subjectId ? { subjectIds: [subjectId] } : {}) }, { limit, cursor }, sort);
    const about = await this.deadlines.describe(page.items);
    return mapPage(page, (deadline) => toDeadlineView(deadline, about.get(deadline.id) ?? null));
  }
}
