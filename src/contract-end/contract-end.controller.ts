import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Actor } from '../common/actor';
import { pickLanguage } from '../common/language';
import { Page } from '../common/pagination';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { DataExportService } from './data-export.service';
import { CertificateVerification, DeletionCertificate, DeletionCertificateService } from './deletion-certificate.service';
import { DeletionCertificateView } from './deletion-certificate.view';
import { DeletionConfirmationView } from './deletion-confirmation.view';
import { DeletionTasksQuery, DeletionTaskView } from './deletion-tasks.query';
import { deletionCertificateFileName, renderDeletionCertificatePdf } from './deletion-certificate.pdf';
import { ChangeEndOfContractChoiceDto } from './dto/change-end-of-contract-choice.dto';
import { ConfirmDeletionTaskDto, ListDeletionTasksQuery } from './dto/confirm-deletion-task.dto';
import { DeletionCertificateQuery, VerifyDeletionCertificateQuery } from './dto/deletion-certificate.query';
import { RecordDeletionConfirmationDto } from './dto/record-deletion-confirmation.dto';
import { TerminateAgreementDto } from './dto/terminate-agreement.dto';
import { EndOfContractChoiceView, TerminationService, TerminationView } from './termination.service';
import { ApiPage, ApiProblems } from '../common/api-docs.decorator';

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

  @ApiOperation({ summary: 'Terminate an agreement and schedule contract-end deletion' })
  @ApiOkResponse({ type: TerminationView })
  @ApiProblems(409, 422)
  @Post('agreements/:id/terminate')
  @HttpCode(200)
  @CanWrite()
  terminate(@IdParam() id: string, @Body() dto: TerminateAgreementDto, @CurrentActor() actor: Actor): Promise<TerminationView> {
    return this.termination.terminate(id, dto, actor);
  }

  /** Return, delete or both: the controller may change its mind until the contract ends. */
  @ApiOperation({ summary: "Change the controller's return-or-delete choice" })
  @ApiOkResponse({ type: EndOfContractChoiceView })
  @ApiProblems(409, 422)
  @Post('agreements/:id/end-of-contract-choice')
  @HttpCode(200)
  @CanWrite()
  changeChoice(@IdParam() id: string, @Body() dto: ChangeEndOfContractChoiceDto, @CurrentActor() actor: Actor): Promise<EndOfContractChoiceView> {
    return this.termination.changeChoice(id, dto, actor);
  }

  /**
   * The vernietigingsverklaring: JSON by default, `Accept: application/pdf` for the
   * document; Dutch unless `?lang=en` or Accept-Language asks for English. A `draft`
   * until every store confirmed (or, without stores, a person recorded the erasure).
   */
  @ApiOperation({ summary: 'Get the deletion certificate (JSON or PDF)' })
  @ApiExtraModels(DeletionCertificateView)
  @ApiOkResponse({
    description: 'the certificate; as a PDF when Accept asks for application/pdf',
    content: { 'application/json': { schema: { $ref: getSchemaPath(DeletionCertificateView) } }, 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(409)
  @Get('agreements/:id/deletion-certificate')
  @CanRead()
  @ApiProduces('application/json', 'application/pdf')
  async certificate(
    @IdParam() id: string,
    @Query() query: DeletionCertificateQuery,
    @Headers('accept') accept: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeletionCertificate | Buffer> {
    const certificate = await this.certificates.build(id, pickLanguage(query.lang, acceptLanguage));
    void reply.header('content-language', certificate.language).header('vary', 'Accept, Accept-Language');
    if (!accept?.includes('application/pdf')) return certificate;
    void reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${deletionCertificateFileName(certificate)}"`);
    return renderDeletionCertificatePdf(certificate);
  }

  /** Whether a certificate's hash still matches the data: `matches` is false once anything it states has changed. */
  @ApiOperation({ summary: 'Verify a deletion certificate against its hash' })
  @ApiOkResponse({ type: CertificateVerification })
  @Get('agreements/:id/deletion-certificate/verify')
  @CanRead()
  verifyCertificate(@IdParam() id: string, @Query() query: VerifyDeletionCertificateQuery): Promise<CertificateVerification> {
    return this.certificates.verify(id, query.hash);
  }

  /** For an agreement that lists no data stores: a person records what was erased or returned, where, and the evidence. */
  @ApiOperation({ summary: "Record a person's confirmation of erasure or return" })
  @ApiCreatedResponse({ type: DeletionConfirmationView })
  @ApiProblems(409, 422)
  @Post('agreements/:id/deletion-confirmation')
  @CanWrite()
  recordConfirmation(@IdParam() id: string, @Body() dto: RecordDeletionConfirmationDto, @CurrentActor() actor: Actor): Promise<DeletionConfirmationView> {
    return this.termination.recordConfirmation(id, dto, actor);
  }

  /** The returned records; personal data, so the officer only. */
  @ApiOperation({ summary: 'Download the records returned to the controller' })
  @ApiOkResponse({
    description: 'the export as it was made, in its media type; X-Content-SHA256 holds its digest',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(410)
  @Get('agreements/:id/data-export')
  @CanWrite()
  async dataExport(@IdParam() id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const found = await this.exports.download(this.dataSource.manager, id);
    void reply.header('content-type', found.mediaType).header('x-content-sha256', found.sha256);
    return found.content;
  }

  @ApiOperation({ summary: 'List the deletion tasks of data stores' })
  @ApiPage(DeletionTaskView)
  @Get('deletion-tasks')
  @CanRead()
  list(@Query() query: ListDeletionTasksQuery): Promise<Page<DeletionTaskView>> {
    return this.deletionTasks.list(query);
  }

  @ApiOperation({ summary: 'Confirm that a data store erased the data' })
  @ApiOkResponse({ type: DeletionTaskView })
  @ApiProblems(409, 422)
  @Post('deletion-tasks/:id/confirm')
  @HttpCode(200)
  @CanWrite()
  confirm(@IdParam() id: string, @Body() dto: ConfirmDeletionTaskDto, @CurrentActor() actor: Actor): Promise<DeletionTaskView> {
    return this.termination.confirm(id, dto, actor);
  }
}
