import { Body, Controller, Get, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { csvFile } from '../common/csv';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { NameSearchQueryDto } from '../common/pagination';
import { CONTROLLER_CSV_HEADER, DataControllersService } from './data-controllers.service';
import { ControllersCsvQuery } from './dto/controllers-csv.query';
import { CreateDataControllerDto } from './dto/create-data-controller.dto';
import { UpdateDataControllerDto } from './dto/update-data-controller.dto';

/** Controllers (verwerkingsverantwoordelijken): the clients whose data is processed. */
@ApiTags('controllers')
@Controller('controllers')
export class DataControllersController {
  constructor(private readonly controllers: DataControllersService) {}

  @Post()
  @CanWrite()
  create(@Body() dto: CreateDataControllerDto, @CurrentActor() actor: Actor) {
    return this.controllers.create(dto, actor);
  }

  @Get()
  @CanRead()
  list(@Query() query: NameSearchQueryDto) {
    return this.controllers.list(query);
  }

  /** The registry as a CSV (UTF-8 with a byte-order mark), by name, streamed; `q` narrows as in the list. */
  @Get('export.csv')
  @CanRead()
  @ApiProduces('text/csv')
  async exportCsv(@Query() query: ControllersCsvQuery): Promise<StreamableFile> {
    const { rows, close } = await this.controllers.csv(query);
    return csvFile({ fileName: 'controllers.csv', header: CONTROLLER_CSV_HEADER, rows, delimiter: query.delimiter, close });
  }

  @Get(':id')
  @CanRead()
  get(@IdParam() id: string) {
    return this.controllers.get(id);
  }

  @Patch(':id')
  @CanWrite()
  update(@IdParam() id: string, @Body() dto: UpdateDataControllerDto, @CurrentActor() actor: Actor) {
    return this.controllers.update(id, dto, actor);
  }
}
