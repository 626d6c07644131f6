import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { IdParam } from '../common/id-param';
import { PageQueryDto } from '../common/pagination';
import { AdminOnly, CurrentActor } from '../common/roles.decorator';
import { ApiKeysService, ApiKeyView, IssuedApiKey } from './api-keys.service';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { ApiPage, ApiProblems } from '../common/api-docs.decorator';

@ApiTags('api-keys')
@Controller('api-keys')
@AdminOnly()
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @ApiOperation({ summary: 'Issue an API key (shown once)' })
  @ApiCreatedResponse({ type: IssuedApiKey })
  @ApiProblems(422)
  @Post()
  issue(@Body() dto: CreateApiKeyDto, @CurrentActor() actor: Actor) {
    return this.apiKeys.issue(dto, actor);
  }

  @ApiOperation({ summary: 'List API keys' })
  @ApiPage(ApiKeyView)
  @Get()
  list(@Query() query: PageQueryDto) {
    return this.apiKeys.list(query);
  }

  @ApiOperation({ summary: 'Revoke an API key' })
  @ApiCreatedResponse({ type: ApiKeyView, description: 'the key, revoked (also when it already was)' })
  @Post(':id/revoke')
  revoke(@IdParam() id: string, @CurrentActor() actor: Actor) {
    return this.apiKeys.revoke(id, actor);
  }
}
