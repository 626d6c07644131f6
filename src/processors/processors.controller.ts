import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { NameSearchQueryDto } from '../common/pagination';
import { CreateProcessorDto } from './dto/create-processor.dto';
import { UpdateProcessorDto } from './dto/update-processor.dto';
import { ProcessorsService } from './processors.service';
import { ProcessorView } from './processor.view';
import { ApiPage } from '../common/api-docs.decorator';

@ApiTags('processors')
@Controller('processors')
export class ProcessorsController {
  constructor(private readonly processors: ProcessorsService) {}

  @ApiOperation({ summary: 'Register a processor' })
  @ApiCreatedResponse({ type: ProcessorView })
  @Post()
  @CanWrite()
  create(@Body() dto: CreateProcessorDto, @CurrentActor() actor: Actor) {
    return this.processors.create(dto, actor);
  }

  @ApiOperation({ summary: 'List processors' })
  @ApiPage(ProcessorView)
  @Get()
  @CanRead()
  list(@Query() query: NameSearchQueryDto) {
    return this.processors.list(query);
  }

  @ApiOperation({ summary: 'Get a processor' })
  @ApiOkResponse({ type: ProcessorView })
  @Get(':id')
  @CanRead()
  get(@IdParam() id: string) {
    return this.processors.get(id);
  }

  @ApiOperation({ summary: 'Change a processor' })
  @ApiOkResponse({ type: ProcessorView })
  @Patch(':id')
  @CanWrite()
  update(@IdParam() id: string, @Body() dto: UpdateProcessorDto, @CurrentActor() actor: Actor) {
    return this.processors.update(id, dto, actor);
  }
}
