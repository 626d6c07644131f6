import { Body, Controller, Get, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { csvFile } from '../common/csv';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { AgreementsService, GAPS_CSV_HEADER } from './agreements.service';
import { CreateAgreementDto } from './dto/create-agreement.dto';
import { AgreementGapsCsvQuery, AgreementScopeQuery, ListAgreementsQuery } from './dto/list-agreements.query';
import { UpdateAgreementDto } from './dto/update-agreement.dto';
import { ApiPage, ApiProblems } from '../common/api-docs.decorator';
import { AgreementDetailView, AgreementView, GapPortfolioView } from './agreement.view';

/** Processor agreements (verwerkersovereenkomsten). Termination lives in contract-end/. */
@ApiTags('agreements')
@Controller('agreements')
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  @ApiOperation({ summary: 'Register a processor agreement' })
  @ApiCreatedResponse({ type: AgreementDetailView })
  @ApiProblems(409, 422)
  @Post()
  @CanWrite()
  create(@Body() dto: CreateAgreementDto, @CurrentActor() actor: Actor) {
    return this.agreements.create(dto, actor);
  }

  @ApiOperation({ summary: 'List processor agreements' })
  @ApiPage(AgreementView)
  @Get()
  @CanRead()
  list(@Query() query: ListAgreementsQuery) {
    return this.agreements.list(query);
  }

  /** The portfolio of Art. 28(3) gaps: per obligation, how many agreements miss it and which. */
  @ApiOperation({ summary: 'Art. 28(3) gaps across the portfolio' })
  @ApiOkResponse({ type: GapPortfolioView })
  @Get('gaps')
  @CanRead()
  gaps(@Query() query: AgreementScopeQuery) {
    return this.agreements.gaps(query);
  }

  /** One row per agreement with gaps, which obligations it misses and what they ask, as a CSV (UTF-8 with a byte-order mark), streamed. */
  @ApiOperation({ summary: 'Export the agreements with Art. 28(3) gaps as CSV' })
  @ApiOkResponse({ description: 'one row per agreement with gaps', content: { 'text/csv': { schema: { type: 'string' } } } })
  @Get('gaps/export.csv')
  @CanRead()
  @ApiProduces('text/csv')
  async gapsCsv(@Query() query: AgreementGapsCsvQuery): Promise<StreamableFile> {
    const { rows, close } = await this.agreements.gapsCsv(query);
    return csvFile({ fileName: 'agreement-gaps.csv', header: GAPS_CSV_HEADER, rows, delimiter: query.delimiter, close });
  }

  @ApiOperation({ summary: 'Get a processor agreement' })
  @ApiOkResponse({ type: AgreementDetailView })
  @Get(':id')
  @CanRead()
  get(@IdParam() id: string) {
    return this.agreements.get(id);
  }

  @ApiOperation({ summary: 'Change a processor agreement' })
  @ApiOkResponse({ type: AgreementDetailView })
  @ApiProblems(409, 422)
  @Patch(':id')
  @CanWrite()
  update(@IdParam() id: string, @Body() dto: UpdateAgreementDto, @CurrentActor() actor: Actor) {
    return this.agreements.update(id, dto, actor);
  }
}
