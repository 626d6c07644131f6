import { Controller, Get, Query } from '@nestjs/common';
import { Clock } from '../common/clock';
import { IdParam } from '../common/id-param';
import { CanRead } from '../common/roles.decorator';
import { DataControllersService } from '../data-controllers/data-controllers.service';
import { DataSubjectRequestsService } from '../data-subject-requests/data-subject-requests.service';
import { ListDataSubjectRequestsQuery } from '../data-subject-requests/dto/list-data-subject-requests.query';
import { DSR_SUBJECT } from '../data-subject-requests/request-clocks';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { WebQueryDto } from './dto/web-page.query';
import { Html } from './html';
import { requestPage } from './request.page';
import { requestsPage } from './requests.page';
import { FormFields, Web, WebContext } from './web-context';
import { WebPages } from './web-page.decorator';
import { pickFields, validateAs } from './web-validation';

/** Data-subject requests with their clocks, soonest due first, and one request with its steps. */
@Controller('requests')
@WebPages()
export class RequestPagesController {
  constructor(
    private readonly requests: DataSubjectRequestsService,
    private readonly controllers: DataControllersService,
    private readonly deadlines: DeadlinesService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @CanRead()
  async list(@Web() web: WebContext, @Query() raw: FormFields): Promise<Html> {
    const query = await validateAs(ListDataSubjectRequestsQuery, { ...pickFields(raw, ['status', 'cursor', 'limit']), sort: 'dueAt' }, 'query');
    const page = await this.requests.list(query);
    const names = await this.controllers.namesOf(page.items.flatMap((r) => (r.controllerId ? [r.controllerId] : [])));
    return requestsPage(web, {
      now: this.clock.now(),
      rows: page.items.map((request) => ({ request, controllerName: request.controllerId ? (names.get(request.controllerId) ?? null) : null })),
      nextCursor: page.nextCursor,
      filters: raw,
    });
  }

  @Get(':id')
  @CanRead()
  async show(@Web() web: WebContext, @IdParam() id: string, @Query() _query: WebQueryDto): Promise<Html> {
    const request = await this.requests.get(id);
    const deadlines = await this.deadlines.forSubject(DSR_SUBJECT, id);
    // The request's clocks name its controller and agreement (data-subject-request-deadlines.query.ts).
    const about = [...(await this.deadlines.describe(deadlines)).values()][0];
    return requestPage(web, { request, deadlines, controllerName: about?.controllerName ?? null, agreementReference: about?.agreementReference ?? null, now: this.clock.now() });
  }
}
