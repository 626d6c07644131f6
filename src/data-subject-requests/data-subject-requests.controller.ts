import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { IdParam } from '../common/id-param';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { DataSubjectRequestsService } from './data-subject-requests.service';
import { CreateDataSubjectRequestDto } from './dto/create-data-subject-request.dto';
import { ListDataSubjectRequestsQuery } from './dto/list-data-subject-requests.query';
import { CompleteDto, ExtendDto, ExtensionNoticeDto, ForwardedDto, IdentityReceivedDto, IdentityRequestedDto } from './dto/request-steps.dto';
import { ApiPage, ApiProblems } from '../common/api-docs.decorator';
import { DataSubjectRequestView } from './data-subject-request.view';

/** Requests from data subjects (Art. 12, 15–22, 28(3)(e) GDPR) and their clocks. */
@ApiTags('data-subject-requests')
@Controller('data-subject-requests')
export class DataSubjectRequestsController {
  constructor(private readonly requests: DataSubjectRequestsService) {}

  @ApiOperation({ summary: 'Register a data-subject request' })
  @ApiCreatedResponse({ type: DataSubjectRequestView })
  @ApiProblems(422)
  @Post()
  @CanWrite()
  create(@Body() dto: CreateDataSubjectRequestDto, @CurrentActor() actor: Actor) {
    return this.requests.create(dto, actor);
  }

  @ApiOperation({ summary: 'List data-subject requests' })
  @ApiPage(DataSubjectRequestView)
  @Get()
  @CanRead()
  list(@Query() query: ListDataSubjectRequestsQuery) {
    return this.requests.list(query);
  }

  @ApiOperation({ summary: 'Get a data-subject request with its clocks' })
  @ApiOkResponse({ type: DataSubjectRequestView })
  @Get(':id')
  @CanRead()
  get(@IdParam() id: string) {
    return this.requests.get(id);
  }

  @ApiOperation({ summary: 'Record that identification was asked of the requester' })
  @ApiOkResponse({ type: DataSubjectRequestView })
  @ApiProblems(409, 422)
  @Post(':id/identity-requested')
  @HttpCode(200)
  @CanWrite()
  identityRequested(@IdParam() id: string, @Body() dto: IdentityRequestedDto, @CurrentActor() actor: Actor) {
    return this.requests.identityRequested(id, dto, actor);
  }

  @ApiOperation({ summary: "Record that the requester's identification arrived" })
  @ApiOkResponse({ type: DataSubjectRequestView })
  @ApiProblems(409, 422)
  @Post(':id/identity-received')
  @HttpCode(200)
  @CanWrite()
  identityReceived(@IdParam() id: string, @Body() dto: IdentityReceivedDto, @CurrentActor() actor: Actor) {
    return this.requests.identityReceived(id, dto, actor);
  }

  @ApiOperation({ summary: 'Record that the request was forwarded to the controller' })
  @ApiOkResponse({ type: DataSubjectRequestView })
  @ApiProblems(409, 422)
  @Post(':id/forwarded')
  @HttpCode(200)
  @CanWrite()
  forwarded(@IdParam() id: string, @Body() dto: ForwardedDto, @CurrentActor() actor: Actor) {
    return this.requests.forwarded(id, dto, actor);
  }

  @ApiOperation({ summary: 'Extend the answer period by up to two months' })
  @ApiOkResponse({ type: DataSubjectRequestView })
  @ApiProblems(409, 422)
  @Post(':id/extend')
  @HttpCode(200)
  @CanWrite()
  extend(@IdParam() id: string, @Body() dto: ExtendDto, @CurrentActor() actor: Actor) {
    return this.requests.extend(id, dto, actor);
  }

  @ApiOperation({ summary: 'Record that the requester was told of the extension' })
  @ApiOkResponse({ type: DataSubjectRequestView })
  @ApiProblems(409, 422)
  @Post(':id/extension-notice')
  @HttpCode(200)
  @CanWrite()
  extensionNotice(@IdParam() id: string, @Body() dto: ExtensionNoticeDto, @CurrentActor() actor: Actor) {
    return this.requests.extensionNotice(id, dto, actor);
  }

  @ApiOperation({ summary: 'Record the answer to the request' })
  @ApiOkResponse({ type: DataSubjectRequestView })
  @ApiProblems(409, 422)
  @Post(':id/complete')
  @HttpCode(200)
  @CanWrite()
  complete(@IdParam() id: string, @Body() dto: CompleteDto, @CurrentActor() actor: Actor) {
    return this.requests.complete(id, dto, actor);
  }
}
