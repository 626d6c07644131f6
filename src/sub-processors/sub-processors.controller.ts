import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { CreateSubProcessorDto } from './dto/create-sub-processor.dto';
import { EndSubProcessorDto } from './dto/end-sub-processor.dto';
import { AnnounceDto, ApprovalDto, ObjectionDto, ResolveObjectionDto } from './dto/link-decisions.dto';
import { ListObjectionsQuery } from './dto/list-objections.query';
import { ListSubProcessorsQuery } from './dto/list-sub-processors.query';
import { UpdateSubProcessorDto } from './dto/update-sub-processor.dto';
import { OpenObjectionView, SubProcessorLinksQuery } from './sub-processor-links.query';
import { SubProcessorLinksService } from './sub-processor-links.service';
import { SubProcessorsService } from './sub-processors.service';
import { ApiPage, ApiProblems } from '../common/api-docs.decorator';
import { SubProcessorDetailView, SubProcessorView } from './sub-processor.view';

/** Sub-processors (sub-verwerkers) and, per agreement, whether the controller authorised them. */
@ApiTags('sub-processors')
@Controller('sub-processors')
export class SubProcessorsController {
  constructor(
    private readonly subProcessors: SubProcessorsService,
    private readonly links: SubProcessorLinksService,
    private readonly query: SubProcessorLinksQuery,
  ) {}

  @ApiOperation({ summary: 'Register a sub-processor' })
  @ApiCreatedResponse({ type: SubProcessorDetailView })
  @ApiProblems(409, 422)
  @Post()
  @CanWrite()
  create(@Body() dto: CreateSubProcessorDto, @CurrentActor() actor: Actor) {
    return this.subProcessors.create(dto, actor);
  }

  @ApiOperation({ summary: 'List sub-processors' })
  @ApiPage(SubProcessorView)
  @Get()
  @CanRead()
  list(@Query() query: ListSubProcessorsQuery) {
    return this.subProcessors.list(query);
  }

  /** The dashboard's feed: objections the officer still has to resolve (`?open=true`), oldest first. */
  @ApiOperation({ summary: "List controllers' objections to sub-processors" })
  @ApiPage(OpenObjectionView)
  @Get('objections')
  @CanRead()
  objections(@Query() query: ListObjectionsQuery) {
    return this.query.objections(query);
  }

  @ApiOperation({ summary: 'Get a sub-processor with its agreements' })
  @ApiOkResponse({ type: SubProcessorDetailView })
  @Get(':id')
  @CanRead()
  get(@IdParam() id: string) {
    return this.subProcessors.get(id);
  }

  @ApiOperation({ summary: 'Change a sub-processor' })
  @ApiOkResponse({ type: SubProcessorDetailView })
  @ApiProblems(409, 422)
  @Patch(':id')
  @CanWrite()
  update(@IdParam() id: string, @Body() dto: UpdateSubProcessorDto, @CurrentActor() actor: Actor) {
    return this.subProcessors.update(id, dto, actor);
  }

  @ApiOperation({ summary: 'Announce a sub-processor for agreements' })
  @ApiCreatedResponse({ type: SubProcessorDetailView })
  @ApiProblems(409, 422)
  @Post(':id/agreements')
  @CanWrite()
  announce(@IdParam() id: string, @Body() dto: AnnounceDto, @CurrentActor() actor: Actor) {
    return this.subProcessors.announceFor(id, dto, actor);
  }

  @ApiOperation({ summary: "Record a controller's objection" })
  @ApiCreatedResponse({ type: SubProcessorDetailView })
  @ApiProblems(409, 422)
  @Post(':id/objections')
  @CanWrite()
  object(@IdParam() id: string, @Body() dto: ObjectionDto, @CurrentActor() actor: Actor) {
    return this.links.object(id, dto, actor);
  }

  @ApiOperation({ summary: 'Resolve an objection' })
  @ApiOkResponse({ type: SubProcessorDetailView })
  @ApiProblems(409, 422)
  @Post(':id/objections/resolve')
  @HttpCode(HttpStatus.OK)
  @CanWrite()
  resolve(@IdParam() id: string, @Body() dto: ResolveObjectionDto, @CurrentActor() actor: Actor) {
    return this.links.resolve(id, dto, actor);
  }

  @ApiOperation({ summary: "Record a controller's approval or refusal" })
  @ApiCreatedResponse({ type: SubProcessorDetailView })
  @ApiProblems(409, 422)
  @Post(':id/approvals')
  @CanWrite()
  decide(@IdParam() id: string, @Body() dto: ApprovalDto, @CurrentActor() actor: Actor) {
    return this.links.decide(id, dto, actor);
  }

  @ApiOperation({ summary: 'End the use of a sub-processor' })
  @ApiOkResponse({ type: SubProcessorDetailView })
  @ApiProblems(409, 422)
  @Post(':id/end')
  @HttpCode(HttpStatus.OK)
  @CanWrite()
  end(@IdParam() id: string, @Body() dto: EndSubProcessorDto, @CurrentActor() actor: Actor) {
    return this.links.end(id, dto, actor);
  }
}
