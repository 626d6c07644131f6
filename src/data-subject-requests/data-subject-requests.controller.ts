import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { IdParam } from '../common/id-param';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { DataSubjectRequestsService } from './data-subject-requests.service';
import { CreateDataSubjectRequestDto } from './dto/create-data-subject-request.dto';
import { ListDataSubjectRequestsQuery } from './dto/list-data-subject-requests.query';
import { CompleteDto, ExtendDto, ExtensionNoticeDto, ForwardedDto, IdentityReceivedDto, IdentityRequestedDto } from './dto/request-steps.dto';

/** Requests from data subjects (Art. 12, 15–22, 28(3)(e) GDPR) and their clocks. */
@ApiTags('data-subject-requests')
@Controller('data-subject-requests')
export class DataSubjectRequestsController {
  constructor(private readonly requests: DataSubjectRequestsService) {}

  @Post()
  @CanWrite()
  create(@Body() dto: CreateDataSubjectRequestDto, @CurrentActor() actor: Actor) {
    return this.requests.create(dto, actor);
  }

  @Get()
  @CanRead()
  list(@Query() query: ListDataSubjectRequestsQuery) {
    return this.requests.list(query);
  }

  @Get(':id')
  @CanRead()
  get(@IdParam() id: string) {
    return this.requests.get(id);
  }

  @Post(':id/identity-requested')
  @HttpCode(200)
  @CanWrite()
  identityRequested(@IdParam() id: string, @Body() dto: IdentityRequestedDto, @CurrentActor() actor: Actor) {
    return this.requests.identityRequested(id, dto, actor);
  }

  @Post(':id/identity-received')
  @HttpCode(200)
  @CanWrite()
  identityReceived(@IdParam() id: string, @Body() dto: IdentityReceivedDto, @CurrentActor() actor: Actor) {
    return this.requests.identityReceived(id, dto, actor);
  }

  @Post(':id/forwarded')
  @HttpCode(200)
  @CanWrite()
  forwarded(@IdParam() id: string, @Body() dto: ForwardedDto, @CurrentActor() actor: Actor) {
    return this.requests.forwarded(id, dto, actor);
  }

  @Post(':id/extend')
  @HttpCode(200)
  @CanWrite()
  extend(@IdParam() id: string, @Body() dto: ExtendDto, @CurrentActor() actor: Actor) {
    return this.requests.extend(id, dto, actor);
  }

  @Post(':id/extension-notice')
  @HttpCode(200)
  @CanWrite()
  extensionNotice(@IdParam() id: string, @Body() dto: ExtensionNoticeDto, @CurrentActor() actor: Actor) {
    return this.requests.extensionNotice(id, dto, actor);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @CanWrite()
  complete(@IdParam() id: string, @Body() dto: CompleteDto, @CurrentActor() actor: Actor) {
    return this.requests.complete(id, dto, actor);
  }
}
