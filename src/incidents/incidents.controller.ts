import { Body, Controller, Get, Headers, HttpCode, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../common/actor';
import { pickLanguage } from '../common/language';
import { CanRead, CanReport, CanWrite, CurrentActor, Roles } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { ProblemException } from '../common/problem';
import { AuthorityDraftView } from './authority-draft-texts';
import { renderAuthorityDraftPdf } from './authority-draft.pdf';
import { csvFile } from '../common/csv';
import { AuthorityDraftQuery } from './dto/authority-draft.query';
import { AssessRiskDto } from './dto/assess-risk.dto';
import { ExportIncidentsQuery, ListIncidentsQuery } from './dto/list-incidents.query';
import { CancelDeadlineDto, CloseIncidentDto } from './dto/reason.dto';
import { RecordNotificationDto } from './dto/record-notification.dto';
import { SeverityAssessmentDto } from './dto/severity-assessment.dto';
import { ReportIncidentDto } from './dto/report-incident.dto';
import { UpdateIncidentDto } from './dto/update-incident.dto';
import { IncidentLifecycleService } from './incident-lifecycle.service';
import { IncidentRegisterService } from './incident-register.service';
import { IncidentReportingService } from './incident-reporting.service';
import { IncidentSeverityService } from './incident-severity.service';
import { REGISTER_CSV_HEADER } from './register-csv';
import { ApiPage, ApiProblems } from '../common/api-docs.decorator';
import { IncidentDetail, IncidentSummaryView } from './incident.view';
import { SeverityAssessmentView } from './incident-severity.view';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

@ApiTags('incidents')
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly reporting: IncidentReportingService,
    private readonly lifecycle: IncidentLifecycleService,
    private readonly register: IncidentRegisterService,
    private readonly severity: IncidentSeverityService,
  ) {}

  /** The breach report. A retry with the same Idempotency-Key returns the first answer. */
  @ApiOperation({ summary: 'Report a personal data breach' })
  @ApiCreatedResponse({ type: IncidentDetail, description: 'the breach as reported; a retry with the same Idempotency-Key answers the first response' })
  @ApiProblems(422)
  @Post()
  @CanReport()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async report(@CurrentActor() actor: Actor, @Body() dto: ReportIncidentDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new ProblemException(400, 'Idempotency-Key must be 1–200 visible ASCII characters', [{ field: 'Idempotency-Key', message: 'invalid' }]);
    }
    const result = await this.reporting.report(actor, dto, key);
    void reply.status(result.status);
    return result.body;
  }

  /** The register (Art. 33(5)). */
  @ApiOperation({ summary: 'List the breach register' })
  @ApiPage(IncidentSummaryView)
  @Get()
  @Roles('officer', 'auditor', 'reporter')
  list(@CurrentActor() actor: Actor, @Query() query: ListIncidentsQuery) {
    return this.register.list(actor, query);
  }

  /** The register as a CSV (UTF-8 with a byte-order mark), streamed; the list's filters apply. */
  @ApiOperation({ summary: 'Export the breach register as CSV' })
  @ApiOkResponse({ description: 'the register, one row per breach', content: { 'text/csv': { schema: { type: 'string' } } } })
  @Get('export.csv')
  @CanRead()
  @ApiProduces('text/csv')
  async exportCsv(@CurrentActor() actor: Actor, @Query() query: ExportIncidentsQuery): Promise<StreamableFile> {
    const { rows, close } = await this.register.csv(actor, query);
    return csvFile({ fileName: 'breach-register.csv', header: REGISTER_CSV_HEADER, rows, delimiter: query.delimiter, close });
  }

  @ApiOperation({ summary: 'Get a breach with its deadlines and timeline' })
  @ApiOkResponse({ type: IncidentDetail })
  @Get(':id')
  @Roles('officer', 'auditor', 'reporter')
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.register.get(actor, id);
  }

  /**
   * The AP's meldformulier, answered from the record: JSON by default, `Accept:
   * application/pdf` for a document; Dutch unless `?lang=en` or Accept-Language asks for
   * English. What the record does not know yet reads "volgt" (Art. 33(4)).
   */
  @ApiOperation({ summary: 'Get the draft of the notification to the AP (JSON or PDF)' })
  @ApiExtraModels(AuthorityDraftView)
  @ApiOkResponse({
    description: 'the draft; as a PDF when Accept asks for application/pdf',
    content: { 'application/json': { schema: { $ref: getSchemaPath(AuthorityDraftView) } }, 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(409)
  @Get(':id/authority-draft')
  @CanRead()
  @ApiProduces('application/json', 'application/pdf')
  async authorityDraft(
    @IdParam() id: string,
    @Query() query: AuthorityDraftQuery,
    @Headers('accept') accept: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthorityDraftView | Buffer> {
    const draft = await this.register.authorityDraft(id, pickLanguage(query.lang, acceptLanguage), query.type);
    void reply.header('content-language', draft.language).header('vary', 'Accept, Accept-Language');
    if (!accept?.includes('application/pdf')) return draft;
    const name = `${draft.language === 'en' ? 'draft-breach-notification' : 'concept-melding-datalek'}-${draft.reportType}`;
    void reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`);
    return renderAuthorityDraftPdf(draft);
  }

  @ApiOperation({ summary: 'Add phased information to a breach' })
  @ApiCreatedResponse({ type: IncidentDetail })
  @ApiProblems(409, 422)
  @Post(':id/updates')
  @HttpCode(201)
  @CanReport()
  update(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: UpdateIncidentDto) {
    return this.lifecycle.update(actor, id, dto);
  }

  /** The facts behind the breach's severity: answers the ENISA score and a recommendation; each PUT is kept as a new version. */
  @ApiOperation({ summary: 'Assess the severity of a breach (ENISA)' })
  @ApiOkResponse({ type: SeverityAssessmentView })
  @ApiProblems(409, 422)
  @Put(':id/severity-assessment')
  @HttpCode(200)
  @CanWrite()
  assessSeverity(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: SeverityAssessmentDto) {
    return this.severity.assess(actor, id, dto);
  }

  @ApiOperation({ summary: 'Record the risk decision of a breach' })
  @ApiOkResponse({ type: IncidentDetail })
  @ApiProblems(409, 422)
  @Post(':id/risk-assessment')
  @HttpCode(200)
  @CanWrite()
  assessRisk(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: AssessRiskDto) {
    return this.lifecycle.assessRisk(actor, id, dto);
  }

  @ApiOperation({ summary: 'Record a notification, closing its deadline' })
  @ApiCreatedResponse({ type: IncidentDetail })
  @ApiProblems(409, 422)
  @Post(':id/notifications')
  @HttpCode(201)
  @CanWrite()
  recordNotification(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: RecordNotificationDto) {
    return this.lifecycle.recordNotification(actor, id, dto);
  }

  @ApiOperation({ summary: 'Cancel a deadline of a breach' })
  @ApiOkResponse({ type: IncidentDetail })
  @ApiProblems(409, 422)
  @Post(':id/deadlines/:deadlineId/cancel')
  @HttpCode(200)
  @CanWrite()
  cancelDeadline(@CurrentActor() actor: Actor, @IdParam() id: string, @IdParam('deadlineId') deadlineId: string, @Body() dto: CancelDeadlineDto) {
    return this.lifecycle.cancelDeadline(actor, id, deadlineId, dto.reason);
  }

  @ApiOperation({ summary: 'Close a breach' })
  @ApiOkResponse({ type: IncidentDetail })
  @ApiProblems(409, 422)
  @Post(':id/close')
  @HttpCode(200)
  @CanWrite()
  close(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: CloseIncidentDto) {
    return this.lifecycle.close(actor, id, dto.note);
  }
}
