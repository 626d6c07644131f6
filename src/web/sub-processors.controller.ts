import { Controller, Get, Query } from '@nestjs/common';
import { CanRead } from '../common/roles.decorator';
import { SubProcessorLinksQuery } from '../sub-processors/sub-processor-links.query';
import { SubProcessorsService } from '../sub-processors/sub-processors.service';
import { WebPageQueryDto } from './dto/web-page.query';
import { Html } from './html';
import { subProcessorsPage } from './sub-processors.page';
import { Web, WebContext } from './web-context';
import { WebPages } from './web-page.decorator';

/** How many open objections the page lists, oldest first. */
const OBJECTIONS_SHOWN = 50;

/** Sub-processors with their country, transfer safeguard and agreements, and the objections still open. */
@Controller('sub-processors')
@WebPages()
export class SubProcessorPagesController {
  constructor(
    private readonly subProcessors: SubProcessorsService,
    private readonly links: SubProcessorLinksQuery,
  ) {}

  @Get()
  @CanRead()
  async list(@Web() web: WebContext, @Query() query: WebPageQueryDto): Promise<Html> {
    const [page, objections] = await Promise.all([
      this.subProcessors.list({ limit: query.limit, cursor: query.cursor }),
      query.cursor ? null : this.links.objections({ open: 'true', limit: OBJECTIONS_SHOWN }),
    ]);
    const using = await this.links.agreementsUsing(page.items.map((s) => s.id));
    return subProcessorsPage(web, {
      rows: page.items.map((subProcessor) => ({ subProcessor, agreements: using.get(subProcessor.id) ?? [] })),
      nextCursor: page.nextCursor,
      objections: objections?.items ?? [],
      moreObjections: objections?.nextCursor != null,
    });
  }
}
