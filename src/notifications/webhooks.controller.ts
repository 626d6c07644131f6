import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { PageQueryDto } from '../common/pagination';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @CanWrite()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(actor, dto);
  }

  @Get()
  @CanRead()
  list(@Query() page: PageQueryDto) {
    return this.webhooks.list(page);
  }

  @Get(':id')
  @CanRead()
  get(@IdParam() id: string) {
    return this.webhooks.get(id);
  }

  @Get(':id/deliveries')
  @CanRead()
  deliveries(@IdParam() id: string, @Query() page: PageQueryDto) {
    return this.webhooks.deliveries(id, page);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @CanWrite()
  disable(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.webhooks.setEnabled(actor, id, false);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @CanWrite()
  enable(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.webhooks.setEnabled(actor, id, true);
  }

  @Delete(':id')
  @HttpCode(204)
  @CanWrite()
  async remove(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    await this.webhooks.remove(actor, id);
  }
}
