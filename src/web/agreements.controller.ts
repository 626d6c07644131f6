import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AgreementsService } from '../agreements/agreements.service';
import { ListAgreementsQuery } from '../agreements/dto/list-agreements.query';
import { Clock } from '../common/clock';
import { IdParam } from '../common/id-param';
import { CanRead } from '../common/roles.decorator';
import { deletionCertificateFileName, renderDeletionCertificatePdf } from '../contract-end/deletion-certificate.pdf';
import { DeletionCertificateService } from '../contract-end/deletion-certificate.service';
import { DataControllersService } from '../data-controllers/data-controllers.service';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { ProcessorsService } from '../processors/processors.service';
import { AgreementSubProcessorView, LINK_SUBJECT } from '../sub-processors/sub-processor-links.query';
import { agreementPage } from './agreement.page';
import { agreementsPage, GAP_EXAMPLES } from './agreements.page';
import { WebQueryDto } from './dto/web-page.query';
import { Html } from './html';
import { FormFields, Web, WebContext } from './web-context';
import { startOfDay } from './web-format';
import { WebPages } from './web-page.decorator';
import { pickFields, validateAs } from './web-validation';

const PORTFOLIO_FILTERS = ['status', 'hasGaps', 'endingBefore', 'cursor', 'limit'] as const;

/** The list's filter form as the API's query: a day picked as "ends before" is the first instant of that Amsterdam day. */
export function portfolioQuery(query: FormFields): Record<string, unknown> {
  const picked: Record<string, unknown> = pickFields(query, PORTFOLIO_FILTERS);
  if (typeof picked.endingBefore === 'string') picked.endingBefore = startOfDay(picked.endingBefore, 0);
  return picked;
}

/** The portfolio of processor agreements with their Art. 28(3) gaps, and one agreement with its sub-processors and clocks. */
@Controller('agreements')
@WebPages()
export class AgreementPagesController {
  constructor(
    private readonly agreements: AgreementsService,
    private readonly controllers: DataControllersService,
    private readonly processors: ProcessorsService,
    private readonly deadlines: DeadlinesService,
    private readonly certificates: DeletionCertificateService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @CanRead()
  async list(@Web() web: WebContext, @Query() raw: FormFields): Promise<Html> {
    const query = await validateAs(ListAgreementsQuery, portfolioQuery(raw), 'query');
    const [page, portfolio] = await Promise.all([this.agreements.list(query), this.agreements.gapSummary(GAP_EXAMPLES)]);
    const names = await this.controllers.namesOf(page.items.map((a) => a.controllerId));
    return agreementsPage(web, {
      now: this.clock.now(),
      rows: page.items.map((agreement) => ({ agreement, controllerName: names.get(agreement.controllerId) ?? null })),
      nextCursor: page.nextCursor,
      portfolio,
      filters: raw,
    });
  }

  @Get(':id')
  @CanRead()
  async show(@Web() web: WebContext, @IdParam() id: string, @Query() _query: WebQueryDto): Promise<Html> {
    const agreement = await this.agreements.get(id);
    // The sub-processors module adds this section to every agreement it reads (AgreementDetails).
    const subProcessors = (agreement.subProcessors ?? []) as AgreementSubProcessorView[];
    const [controller, processor, own, ofLinks] = await Promise.all([
      this.controllers.get(agreement.controllerId),
      this.processors.get(agreement.processorId),
      this.deadlines.forSubject('agreement', id),
      subProcessors.length ? this.deadlines.find({ subjectType: LINK_SUBJECT, subjectIds: subProcessors.map((l) => l.id) }) : [],
    ]);
    const deadlines = [...own, ...ofLinks].sort((x, y) => x.dueAt.getTime() - y.dueAt.getTime());
    return agreementPage(web, {
      agreement,
      subProcessors,
      controllerName: controller.name,
      processorName: processor.name,
      deadlines,
      about: await this.deadlines.describe(ofLinks),
      now: this.clock.now(),
    });
  }

  /** The vernietigingsverklaring of an agreement that was terminated or ended, in the page's language. */
  @Get(':id/deletion-certificate.pdf')
  @CanRead()
  async deletionCertificate(@Web() web: WebContext, @IdParam() id: string, @Res() reply: FastifyReply): Promise<void> {
    const certificate = await this.certificates.build(id, web.lang);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${deletionCertificateFileName(certificate)}"`)
      .header('cache-control', 'no-store')
      .send(await renderDeletionCertificatePdf(certificate));
  }
}
