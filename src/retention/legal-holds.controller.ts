import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { Page } from '../common/pagination';
import { LegalHoldQueryDto, PlaceLegalHoldDto, ReleaseLegalHoldDto } from './dto/place-legal-hold.dto';
import { LegalHoldsService, LegalHoldView } from './legal-holds.service';
import { ApiPage, ApiProblems } from '../common/api-docs.decorator';

@ApiTags('retention')
@Controller('legal-holds')
export class LegalHoldsController {
  constructor(private readonly holds: LegalHoldsService) {}

  @ApiOperation({ summary: 'Place a legal hold' })
  @ApiCreatedResponse({ type: LegalHoldView })
  @ApiProblems(422)
  @Post()
  @CanWrite()
  place(@Body() dto: PlaceLegalHoldDto, @CurrentActor() actor: Actor): Promise<LegalHoldView> {
    return this.holds.place(dto, actor);
  }

  @ApiOperation({ summary: 'Release a legal hold' })
  @ApiOkResponse({ type: LegalHoldView })
  @ApiProblems(409)
  @Post(':id/release')
  @HttpCode(200)
  @CanWrite()
  release(@IdParam() id: string, @Body() dto: ReleaseLegalHoldDto, @CurrentActor() actor: Actor): Promise<LegalHoldView> {
    return this.holds.release(id, dto ?? {}, actor);
  }

  @ApiOperation({ summary: 'List legal holds' })
  @ApiPage(LegalHoldView)
  @Get()
  @CanRead()
  list(@Query() query: LegalHoldQueryDto): Promise<Page<LegalHoldView>> {
    return this.holds.list(query);
  }

  @ApiOperation({ summary: 'Get a legal hold' })
  @ApiOkResponse({ type: LegalHoldView })
  @Get(':id')
  @CanRead()
  get(@IdParam() id: string): Promise<LegalHoldView> {
    return this.holds.get(id);
  }
}
