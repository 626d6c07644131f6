import { Controller, Get, Query } from '@nestjs/common';
import { CanRead } from '../common/roles.decorator';
import { DataControllersService } from '../data-controllers/data-controllers.service';
import { LegalHoldsService } from '../retention/legal-holds.service';
import { RetentionPoliciesService } from '../retention/retention-policies.service';
import { RetentionRunsService } from '../retention/retention-runs.service';
import { RetentionQueryDto } from './dto/retention.query';
import { Html } from './html';
import { retentionPage } from './retention.page';
import { Web, WebContext } from './web-context';
import { WebPages } from './web-page.decorator';

const RUNS_SHOWN = 10;
const HOLDS_SHOWN = 50;

/** Retention policies, the latest sweeps with the ledger of one, and the legal holds in force. */
@Controller('retention')
@WebPages()
export class RetentionPagesController {
  constructor(
    private readonly policies: RetentionPoliciesService,
    private readonly runs: RetentionRunsService,
    private readonly holds: LegalHoldsService,
    private readonly controllers: DataControllersService,
  ) {}

  @Get()
  @CanRead()
  async show(@Web() web: WebContext, @Query() query: RetentionQueryDto): Promise<Html> {
    const [policies, runs, holds] = await Promise.all([this.policies.list(), this.runs.list({ limit: RUNS_SHOWN }), this.holds.list({ active: 'true', limit: HOLDS_SHOWN })]);
    const run = query.run ? (runs.items.find((r) => r.id === query.run) ?? (await this.runs.get(query.run))) : runs.items[0];
    const [entries, controllerNames] = await Promise.all([
      run ? this.runs.ledgerOf(run.id) : null,
      this.controllers.namesOf(holds.items.flatMap((h) => (h.scope.controllerId ? [h.scope.controllerId] : []))),
    ]);
    return retentionPage(web, {
      policies,
      runs: runs.items,
      ledger: run && entries ? { run, entries } : null,
      holds: holds.items,
      moreHolds: holds.nextCursor !== null,
      controllerNames,
    });
  }
}
