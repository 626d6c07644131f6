import { Controller, Get, Query } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Roles } from '../common/roles.decorator';
import { DeadlineFilter, DeadlinesService } from '../deadlines/deadlines.service';
import { Deadline } from '../deadlines/deadline.entity';
import { INCIDENT } from '../incidents/incident-rules';
import { IncidentRegisterService } from '../incidents/incident-register.service';
import { WebPageQueryDto } from './dto/web-page.query';
import { Html } from './html';
import { DescribedDeadline, todayPage } from './today.page';
import { Web, WebContext } from './web-context';
import { endOfWeek } from './web-format';
import { WebPages } from './web-page.decorator';

const PAGE_SIZE = 50;
const MISSED_SHOWN = 20;

@Controller()
@WebPages()
export class TodayController {
  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly register: IncidentRegisterService,
    private readonly clock: Clock,
  ) {}

  /** Every pending deadline soonest first (overdue ones lead), the missed ones still open, and the counts that matter today. */
  @Get()
  @Roles('officer', 'auditor', 'reporter')
  async today(@Web() web: WebContext, @Query() query: WebPageQueryDto): Promise<Html> {
    const now = this.clock.now();
    const weekEnd = endOfWeek(now);
    const scope = await this.scopeOf(web);
    const page = await this.deadlines.list({ ...scope, status: 'pending' }, { limit: query.limit ?? PAGE_SIZE, cursor: query.cursor }, 'dueAt');
    const firstPage = !query.cursor;
    const [tally, missedCount, missed] = firstPage
      ? await Promise.all([
          this.deadlines.pendingTally(scope, now, weekEnd),
          this.deadlines.count({ ...scope, status: 'missed' }),
          this.deadlines.list({ ...scope, status: 'missed' }, { limit: MISSED_SHOWN }, 'dueAt'),
        ])
      : [{ overdue: 0, dueSoon: 0, total: 0 }, 0, { items: [] as Deadline[] }];
    const about = await this.deadlines.describe([...page.items, ...missed.items]);
    const describe = (deadline: Deadline): DescribedDeadline => ({ deadline, about: about.get(deadline.id) ?? null });
    return todayPage(web, {
      now,
      weekEnd,
      counts: { overdue: tally.overdue, thisWeek: tally.dueSoon, missed: missedCount, pending: tally.total },
      pending: page.items.map(describe),
      missed: missed.items.map(describe),
      nextCursor: page.nextCursor,
      firstPage,
    });
  }

  /** A reporter sees the clocks of its processor's breaches only (its latest 200), as in the API. */
  private async scopeOf(web: WebContext): Promise<DeadlineFilter> {
    if (web.actor.role !== 'reporter') return {};
    const incidents = await this.register.list(web.actor, { limit: 200 });
    return { subjectType: INCIDENT, subjectIds: incidents.items.map((i) => i.id) };
  }
}
