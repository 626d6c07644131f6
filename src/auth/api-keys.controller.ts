import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { IdParam } from '../common/id-param';
import { PageQueryDto } from '../common/pagination';
import { AdminOnly, CurrentActor } from '../common/roles.decorator';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('api-keys')
@Controller('api-keys')
@AdminOnly()
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  issue(@Body() dto: CreateApiKeyDto, @CurrentActor() actor: Actor) {
    return this.apiKeys.issue(dto, actor);
  }

  @Get()
  list(@Query() query: PageQueryDto) {
    return this.apiKeys.list(query);
  }

  @Post(':id/revoke')
  revoke(@IdParam() id: string, @CurrentActor() actor: Actor) {
    return this.apiKeys.revoke(id, actor);
  }
}
