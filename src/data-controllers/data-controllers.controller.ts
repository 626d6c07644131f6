import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { NameSearchQueryDto } from '../common/pagination';
import { DataControllersService } from './data-controllers.service';
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
