import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CanRead } from '../common/roles.decorator';
import { mapPage } from '../common/pagination';
import { DeadlineView, toDeadlineView } from './deadline.view';
import { DeadlinesService } from './deadlines.service';
import { ListDeadlinesQuery } from './dto/list-deadlines.query';
import { ApiPage } from '../common/api-docs.decorator';

@ApiTags('deadlines')
@Controller('deadlines')
export class DeadlinesController {
  constructor(private readonly deadlines: DeadlinesService) {}

  /** Every timed obligation across subjects, with what each is about, newest first or (`sort=dueAt`) soonest due first. */
  @ApiOperation({ summary: 'List deadlines across subjects' })
  @ApiPage(DeadlineView)
  @Get()
  @CanRead()
  async list(@Query() query: ListDeadlinesQuery) {
    const { limit, cursor, subjectId, sort, ...filter } = query;
    const page = await this.deadlines.list({ ...filter, ...(subjectId ? { subjectIds: [subjectId] } : {}) }, { limit, cursor }, sort);
    const about = await this.deadlines.describe(page.items);
    return mapPage(page, (deadline) => toDeadlineView(deadline, about.get(deadline.id) ?? null));
  }
}
