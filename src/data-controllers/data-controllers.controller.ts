import { Body, Controller, Get, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { csvFile } from '../common/csv';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { NameSearchQueryDto } from '../common/pagination';
import { CONTROLLER_CSV_HEADER, DataControllersService } from './data-controllers.service';
import { ControllersCsvQuery } from './dto/controllers-csv.query';
import { CreateDataControllerDto } from './dto/create-data-controller.dto';
import { UpdateDataControllerDto } from './dto/update-data-controller.dto';
import { DataControllerView } from './data-controller.view';
import { ApiPage } from '../common/api-docs.decorator';

/** Controllers (verwerkingsverantwoordelijken): the clients whose data is processed. */
@ApiTags('controllers')
@Controller('controllers')
export class DataControllersController {
  constructor(private readonly controllers: DataControllersService) {}

  @ApiOperation({ summary: 'Register a controller (client)' })
  @ApiCreatedResponse({ type: DataControllerView })
  @Post()
  @CanWrite()
  create(@Body() dto: CreateDataControllerDto, @CurrentActor() actor: Actor) {
    return this.controllers.create(dto, actor);
  }

  @ApiOperation({ summary: 'List controllers' })
  @ApiPage(DataControllerView)
  @Get()
  @CanRead()
  list(@Query() query: NameSearchQueryDto) {
    return this.controllers.list(query);
  }

  /** The registry as a CSV (UTF-8 with a byte-order mark), by name, streamed; `q` narrows as in the list. */
  @ApiOperation({ summary: 'Export the controllers as CSV' })
  @ApiOkResponse({ description: 'one row per controller', content: { 'text/csv': { schema: { type: 'string' } } } })
  @Get('export.csv')
  @CanRead()
  @ApiProduces('text/csv')
  async exportCsv(@Query() query: ControllersCsvQuery): Promise<StreamableFile> {
    const { rows, close } = await this.controllers.csv(query);
    return csvFile({ fileName: 'controllers.csv', header: CONTROLLER_CSV_HEADER, rows, delimiter: query.delimiter, close });
  }

  @ApiOperation({ summary: 'Get a controller' })
  @ApiOkResponse({ type: DataControllerView })
  @Get(':id')
  @CanRead()
  get(@IdParam() id: string) {
    return this.controllers.get(id);
  }

  @ApiOperation({ summary: 'Change a controller' })
  @ApiOkResponse({ type: DataControllerView })
  @Patch(':id')
  @CanWrite()
  update(@IdParam() id: string, @Body() dto: UpdateDataControllerDto, @CurrentActor() actor: Actor) {
    return this.controllers.update(id, dto, actor);
  }
}
