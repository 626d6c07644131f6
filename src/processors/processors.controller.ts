import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { NameSearchQueryDto } from '../common/pagination';
import { CreateProcessorDto } from './dto/create-processor.dto';
import { UpdateProcessorDto } from './dto/update-processor.dto';
import { ProcessorsService } from './processors.service';

@ApiTags('processors')
@Controller('processors')
export class ProcessorsController {
  constructor(private readonly processors: ProcessorsService) {}

  @Post()
  @CanWrite()
  create(@Body() dto: CreateProcessorDto, @CurrentActor() actor: Actor) {
    return this.processors.create(dto, actor);
  }

  @Get()
  @CanRead()
  list(@Query() query: NameSearchQueryDto) {
    return this.processors.list(query);
  }

  @Get(':id')
  @CanRead()
  get(@IdParam() id: string) {
    return this.processors.get(id);
  }

  @Patch(':id')
  @CanWrite()
  update(@IdParam() id: string, @Body() dto: UpdateProcessorDto, @CurrentActor() actor: Actor) {
    return this.processors.update(id, dto, actor);
  }
}
