import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { DataExportService } from './data-export.service';
import { DeletionCertificate, DeletionCertificateService } from './deletion-certificate.service';
import { DeletionTasksQuery, DeletionTaskView } from './deletion-tasks.query';
import { renderDeletionCertificatePdf } from './deletion-certificate.pdf';
import { ChangeEndOfContractChoiceDto } from './dto/change-end-of-contract-choice.dto';
import { ConfirmDeletionTaskDto, ListDeletionTasksQuery } from './dto/confirm-deletion-task.dto';
import { TerminateAgreementDto } from './dto/terminate-agreement.dto';
import { EndOfContractChoiceView, TerminationService, TerminationView } from './termination.service';

/** Termination and what follows it; the rest of /agreements lives in agreements/. */
@ApiTags('contract end')
@Controller()
export class ContractEndController {
  constructor(
    private readonly termination: TerminationService,
    private readonly deletionTasks: DeletionTasksQuery,
    private readonly certificates: DeletionCertificateService,
    private readonly exports: DataExportService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post('agreements/:id/terminate')
  @HttpCode(200)
  @CanWrite()
  terminate(@IdParam() id: string, @Body() dto: TerminateAgreementDto, @CurrentActor() actor: Actor): Promise<TerminationView> {
    return this.termination.terminate(id, dto, actor);
  }

  /** Return, delete or both: the controller may change its mind until the contract ends. */
  @Post('agreements/:id/end-of-contract-choice')
  @HttpCode(200)
  @CanWrite()
  changeChoice(@IdParam() id: string, @Body() dto: ChangeEndOfContractChoiceDto, @CurrentActor() actor: Actor): Promise<EndOfContractChoiceView> {
    return this.termination.changeChoice(id, dto, actor);
  }

  /** JSON by default; `Accept: application/pdf` for the signed-off document. */
  @Get('agreements/:id/deletion-certificate')
  @CanRead()
  @ApiProduces('application/json', 'application/pdf')
  async certificate(@IdParam() id: string, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<DeletionCertificate | Buffer> {
    const certificate = await this.certificates.build(id);
    if (!accept?.includes('application/pdf')) return certificate;
    void reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="deletion-certificate-${certificate.agreement.reference}.pdf"`);
    return renderDeletionCertificatePdf(certificate);
  }

  /** The returned records; personal data, so the officer only. */
  @Get('agreements/:id/data-export')
  @CanWrite()
  async dataExport(@IdParam() id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const found = await this.exports.download(this.dataSource.manager, id);
    void reply.header('content-type', found.mediaType).header('x-content-sha256', found.sha256);
    return found.content;
  }

  @Get('deletion-tasks')
  @CanRead()
  list(@Query() query: ListDeletionTasksQuery): Promise<DeletionTaskView[]> {
    return this.deletionTasks.list(query.agreementId);
  }

  @Post('deletion-tasks/:id/confirm')
  @HttpCode(200)
  @CanWrite()
  confirm(@IdParam() id: string, @Body() dto: ConfirmDeletionTaskDto, @CurrentActor() actor: Actor): Promise<DeletionTaskView> {
    return this.termination.confirm(id, dto, actor);
  }
}
