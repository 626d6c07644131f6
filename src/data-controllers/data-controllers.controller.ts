import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { NameSearchQueryDto } from '../common/pagination';
import { DataControllersService } from './data-controllers.service';
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
