import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { PageQueryDto } from '../common/pagination';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { DeliveryView, WebhooksService, WebhookView } from './webhooks.service';
import { ApiPage } from '../common/api-docs.decorator';

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @ApiOperation({ summary: 'Subscribe a webhook' })
  @ApiCreatedResponse({ type: WebhookView })
  @Post()
  @CanWrite()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(actor, dto);
  }

  @ApiOperation({ summary: 'List webhooks' })
  @ApiPage(WebhookView)
  @Get()
  @CanRead()
  list(@Query() page: PageQueryDto) {
    return this.webhooks.list(page);
  }

  @ApiOperation({ summary: 'Get a webhook' })
  @ApiOkResponse({ type: WebhookView })
  @Get(':id')
  @CanRead()
  get(@IdParam() id: string) {
    return this.webhooks.get(id);
  }

  @ApiOperation({ summary: 'List the deliveries of a webhook' })
  @ApiPage(DeliveryView)
  @Get(':id/deliveries')
  @CanRead()
  deliveries(@IdParam() id: string, @Query() page: PageQueryDto) {
    return this.webhooks.deliveries(id, page);
  }

  @ApiOperation({ summary: 'Disable a webhook' })
  @ApiOkResponse({ type: WebhookView })
  @Post(':id/disable')
  @HttpCode(200)
  @CanWrite()
  disable(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.webhooks.setEnabled(actor, id, false);
  }

  @ApiOperation({ summary: 'Enable a webhook' })
  @ApiOkResponse({ type: WebhookView })
  @Post(':id/enable')
  @HttpCode(200)
  @CanWrite()
  enable(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.webhooks.setEnabled(actor, id, true);
  }

  @ApiOperation({ summary: 'Delete a webhook' })
  @ApiNoContentResponse({ description: 'deleted' })
  @Delete(':id')
  @HttpCode(204)
  @CanWrite()
  async remove(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    await this.webhooks.remove(actor, id);
  }
}
