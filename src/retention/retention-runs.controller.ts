import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { Page, PageQueryDto } from '../common/pagination';
import { StartRetentionRunDto } from './dto/start-retention-run.dto';
import { ErasureLedgerEntry } from './erasure-ledger-entry.entity';
import { CategoryCountsView, RequestedRunView, RetentionRunsService, RetentionRunView } from './retention-runs.service';
import { ApiPage } from '../common/api-docs.decorator';

@ApiExtraModels(CategoryCountsView)
@ApiTags('retention')
@Controller('retention/runs')
export class RetentionRunsController {
  constructor(private readonly runs: RetentionRunsService) {}

  /** Accepted, not done: the sweep runs on the retention queue; poll GET /retention/runs/:id. */
  @ApiOperation({ summary: 'Start a retention sweep' })
  @ApiAcceptedResponse({ type: RequestedRunView })
  @Post()
  @HttpCode(202)
  @CanWrite()
  start(@Body() dto: StartRetentionRunDto, @CurrentActor() actor: Actor): Promise<RequestedRunView> {
    return this.runs.request(dto ?? {}, actor);
  }

  @ApiOperation({ summary: 'List retention runs' })
  @ApiPage(RetentionRunView)
  @Get()
  @CanRead()
  list(@Query() query: PageQueryDto): Promise<Page<RetentionRunView>> {
    return this.runs.list(query);
  }

  @ApiOperation({ summary: 'Get a retention run with its counts' })
  @ApiOkResponse({ type: RetentionRunView })
  @Get(':id')
  @CanRead()
  get(@IdParam() id: string): Promise<RetentionRunView> {
    return this.runs.get(id);
  }

  /** The erasure ledger of a run: one entry per committed batch, never the content. */
  @ApiOperation({ summary: 'Get the erasure ledger of a retention run' })
  @ApiOkResponse({ type: [ErasureLedgerEntry] })
  @Get(':id/ledger')
  @CanRead()
  ledger(@IdParam() id: string): Promise<ErasureLedgerEntry[]> {
    return this.runs.ledgerOf(id);
  }
}
