import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { PageQueryDto } from '../common/pagination';
import { ContactsService } from './contacts.service';
import { CreateContactDto, UpdateContactDto } from './dto/contact.dto';

/** No DELETE: contacts leave through the retention sweep, which honours legal holds and writes the ledger. */
@ApiTags('controllers')
@Controller('controllers/:id/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post()
  @CanWrite()
  create(@IdParam() controllerId: string, @Body() dto: CreateContactDto, @CurrentActor() actor: Actor) {
    return this.contacts.create(controllerId, dto, actor);
  }

  @Get()
  @CanRead()
  list(@IdParam() controllerId: string, @Query() page: PageQueryDto) {
    return this.contacts.list(controllerId, page);
  }

  @Get(':contactId')
  @CanRead()
  get(@IdParam() controllerId: string, @IdParam('contactId') id: string) {
    return this.contacts.get(controllerId, id);
  }

  @Patch(':contactId')
  @CanWrite()
  update(@IdParam() controllerId: string, @IdParam('contactId') id: string, @Body() dto: UpdateContactDto, @CurrentActor() actor: Actor) {
    return this.contacts.update(controllerId, id, dto, actor);
  }
}
