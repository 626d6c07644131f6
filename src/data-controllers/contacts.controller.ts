import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { PageQueryDto } from '../common/pagination';
import { ContactsService } from './contacts.service';
import { CreateContactDto, UpdateContactDto } from './dto/contact.dto';
import { ContactView } from './data-controller.view';
import { ApiPage, ApiProblems } from '../common/api-docs.decorator';

/** No DELETE: contacts leave through the retention sweep, which honours legal holds and writes the ledger. */
@ApiTags('controllers')
@Controller('controllers/:id/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @ApiOperation({ summary: 'Add a contact person of a controller' })
  @ApiCreatedResponse({ type: ContactView })
  @ApiProblems(409)
  @Post()
  @CanWrite()
  create(@IdParam() controllerId: string, @Body() dto: CreateContactDto, @CurrentActor() actor: Actor) {
    return this.contacts.create(controllerId, dto, actor);
  }

  @ApiOperation({ summary: 'List the contacts of a controller' })
  @ApiPage(ContactView)
  @Get()
  @CanRead()
  list(@IdParam() controllerId: string, @Query() page: PageQueryDto) {
    return this.contacts.list(controllerId, page);
  }

  @ApiOperation({ summary: 'Get a contact of a controller' })
  @ApiOkResponse({ type: ContactView })
  @Get(':contactId')
  @CanRead()
  get(@IdParam() controllerId: string, @IdParam('contactId') id: string) {
    return this.contacts.get(controllerId, id);
  }

  @ApiOperation({ summary: 'Change a contact of a controller' })
  @ApiOkResponse({ type: ContactView })
  @ApiProblems(409)
  @Patch(':contactId')
  @CanWrite()
  update(@IdParam() controllerId: string, @IdParam('contactId') id: string, @Body() dto: UpdateContactDto, @CurrentActor() actor: Actor) {
    return this.contacts.update(controllerId, id, dto, actor);
  }
}
