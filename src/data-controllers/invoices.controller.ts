import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { PageQueryDto } from '../common/pagination';
import { InvoicesService } from './invoices.service';
import { CreateInvoiceDto, UpdateInvoiceDto } from './dto/invoice.dto';

/** No DELETE: invoices fall under the 7-year fiscal duty; only the retention sweep removes them. */
@ApiTags('controllers')
@Controller('controllers/:id/invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Post()
  @CanWrite()
  create(@IdParam() controllerId: string, @Body() dto: CreateInvoiceDto, @CurrentActor() actor: Actor) {
    return this.invoices.create(controllerId, dto, actor);
  }

  @Get()
  @CanRead()
  list(@IdParam() controllerId: string, @Query() page: PageQueryDto) {
    return this.invoices.list(controllerId, page);
  }

  @Get(':invoiceId')
  @CanRead()
  get(@IdParam() controllerId: string, @IdParam('invoiceId') id: string) {
    return this.invoices.get(controllerId, id);
  }

  @Patch(':invoiceId')
  @CanWrite()
  update(@IdParam() controllerId: string, @IdParam('invoiceId') id: string, @Body() dto: UpdateInvoiceDto, @CurrentActor() actor: Actor) {
    return this.invoices.update(controllerId, id, dto, actor);
  }
}
