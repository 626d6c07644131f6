import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { CreateSubProcessorDto } from './dto/create-sub-processor.dto';
import { AnnounceDto, ApprovalDto, ObjectionDto } from './dto/link-decisions.dto';
import { ListSubProcessorsQuery } from './dto/list-sub-processors.query';
import { UpdateSubProcessorDto } from './dto/update-sub-processor.dto';
import { SubProcessorsService } from './sub-processors.service';

/** Sub-processors (sub-verwerkers) and, per agreement, whether the controller authorised them. */
@ApiTags('sub-processors')
@Controller('sub-processors')
export class SubProcessorsController {
  constructor(private readonly subProcessors: SubProcessorsService) {}

  @Post()
  @CanWrite()
  create(@Body() dto: CreateSubProcessorDto, @CurrentActor() actor: Actor) {
    return this.subProcessors.create(dto, actor);
  }

  @Get()
  @CanRead()
  list(@Query() query: ListSubProcessorsQuery) {
    return this.subProcessors.list(query);
  }

  @Get(':id')
  @CanRead()
  get(@IdParam() id: string) {
    return this.subProcessors.get(id);
  }

  @Patch(':id')
  @CanWrite()
  update(@IdParam() id: string, @Body() dto: UpdateSubProcessorDto, @CurrentActor() actor: Actor) {
    return this.subProcessors.update(id, dto, actor);
  }

  @Post(':id/agreements')
  @CanWrite()
  announce(@IdParam() id: string, @Body() dto: AnnounceDto, @CurrentActor() actor: Actor) {
    return this.subProcessors.announceFor(id, dto.agreementIds, actor);
  }

  @Post(':id/objections')
  @CanWrite()
  object(@IdParam() id: string, @Body() dto: ObjectionDto, @CurrentActor() actor: Actor) {
    return this.subProcessors.object(id, dto, actor);
  }

  @Post(':id/approvals')
  @CanWrite()
  decide(@IdParam() id: string, @Body() dto: ApprovalDto, @CurrentActor() actor: Actor) {
    return this.subProcessors.decide(id, dto, actor);
  }
}
