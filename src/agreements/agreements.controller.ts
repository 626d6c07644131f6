import { Body, Controller, Get, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { csvFile } from '../common/csv';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { AgreementsService, GAPS_CSV_HEADER } from './agreements.service';
import { CreateAgreementDto } from './dto/create-agreement.dto';
import { AgreementGapsCsvQuery, AgreementScopeQuery, ListAgreementsQuery } from './dto/list-agreements.query';
import { UpdateAgreementDto } from './dto/update-agreement.dto';

/** Processor agreements (verwerkersovereenkomsten). Termination lives in contract-end/. */
@ApiTags('agreements')
@Controller('agreements')
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  @Post()
  @CanWrite()
  create(@Body() dto: CreateAgreementDto, @CurrentActor() actor: Actor) {
    return this.agreements.create(dto, actor);
  }

  @Get()
  @CanRead()
  list(@Query() query: ListAgreementsQuery) {
    return this.agreements.list(query);
  }

  /** The portfolio of Art. 28(3) gaps: per obligation, how many agreements miss it and which. */
  @Get('gaps')
  @CanRead()
  gaps(@Query() query: AgreementScopeQuery) {
    return this.agreements.gaps(query);
  }

  /** One row per agreement with gaps, which obligations it misses and what they ask, as a CSV (UTF-8 with a byte-order mark), streamed. */
  @Get('gaps/export.csv')
  @CanRead()
  @ApiProduces('text/csv')
  async gapsCsv(@Query() query: AgreementGapsCsvQuery): Promise<StreamableFile> {
    const { rows, close } = await this.agreements.gapsCsv(query);
    return csvFile({ fileName: 'agreement-gaps.csv', header: GAPS_CSV_HEADER, rows, delimiter: query.delimiter, close });
  }

  @Get(':id')
  @CanRead()
  get(@IdParam() id: string) {
    return this.agreements.get(id);
  }

  @Patch(':id')
  @CanWrite()
  update(@IdParam() id: string, @Body() dto: UpdateAgreementDto, @CurrentActor() actor: Actor) {
    return this.agreements.update(id, dto, actor);
  }
}
