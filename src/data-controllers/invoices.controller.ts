import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { PageQueryDto } from '../common/pagination';
import { InvoicesService } from './invoices.service';
import { CreateInvoiceDto, UpdateInvoiceDto } from './dto/invoice.dto';
import { InvoiceView } from './data-controller.view';
import { ApiPage, ApiProblems } from '../common/api-docs.decorator';

/** No DELETE: invoices fall under the 7-year fiscal duty; only the retention sweep removes them. */
@ApiTags('controllers')
@Controller('controllers/:id/invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @ApiOperation({ summary: 'Add an invoice of a controller' })
  @ApiCreatedResponse({ type: InvoiceView })
  @ApiProblems(409)
  @Post()
  @CanWrite()
  create(@IdParam() controllerId: string, @Body() dto: CreateInvoiceDto, @CurrentActor() actor: Actor) {
    return this.invoices.create(controllerId, dto, actor);
  }

  @ApiOperation({ summary: 'List the invoices of a controller' })
  @ApiPage(InvoiceView)
  @Get()
  @CanRead()
  list(@IdParam() controllerId: string, @Query() page: PageQueryDto) {
    return this.invoices.list(controllerId, page);
  }

  @ApiOperation({ summary: 'Get an invoice of a controller' })
  @ApiOkResponse({ type: InvoiceView })
  @Get(':invoiceId')
  @CanRead()
  get(@IdParam() controllerId: string, @IdParam('invoiceId') id: string) {
    return this.invoices.get(controllerId, id);
  }

  @ApiOperation({ summary: 'Change an invoice of a controller' })
  @ApiOkResponse({ type: InvoiceView })
  @ApiProblems(409)
  @Patch(':invoiceId')
  @CanWrite()
  update(@IdParam() controllerId: string, @IdParam('invoiceId') id: string, @Body() dto: UpdateInvoiceDto, @CurrentActor() actor: Actor) {
    return this.invoices.update(controllerId, id, dto, actor);
  }
}
