import { Controller, Get, Query } from '@nestjs/common';
import { AuditCheckpointsService } from '../audit/audit-checkpoints.service';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { CanRead } from '../common/roles.decorator';
import { auditPage } from './audit.page';
import { WebQueryDto } from './dto/web-page.query';
import { Html } from './html';
import { Web, WebContext } from './web-context';
import { WebPages } from './web-page.decorator';

/** Whether the audit chain verifies, and the checkpoint taken last. */
@Controller('audit')
@WebPages()
export class AuditPagesController {
  constructor(
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpointsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @CanRead()
  async show(@Web() web: WebContext, @Query() _query: WebQueryDto): Promise<Html> {
    const [verdict, latest] = await Promise.all([this.audit.verify(), this.checkpoints.list({ limit: 1 })]);
    return auditPage(web, { verdict, lastCheckpoint: latest.items[0] ?? null, checkedAt: this.clock.now() });
  }
}
