import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { isUUID } from 'class-validator';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { IdParam } from '../common/id-param';
import { notFound } from '../common/problem';
import { CanRead, CanReport, CanWrite, mayAct, REPORTING_ROLES, Roles, WRITING_ROLES } from '../common/roles.decorator';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { renderAuthorityDraftPdf } from '../incidents/authority-draft.pdf';
import { AssessRiskDto } from '../incidents/dto/assess-risk.dto';
import { ListIncidentsQuery } from '../incidents/dto/list-incidents.query';
import { RecordNotificationDto } from '../incidents/dto/record-notification.dto';
import { ReportIncidentDto } from '../incidents/dto/report-incident.dto';
import { UpdateIncidentDto } from '../incidents/dto/update-incident.dto';
import { IncidentLifecycleService } from '../incidents/incident-lifecycle.service';
import { IncidentRegisterService } from '../incidents/incident-register.service';
import { IncidentReportingService } from '../incidents/incident-reporting.service';
import { ReportChoicesQuery } from '../incidents/report-choices.query';
import { INCIDENT } from '../incidents/incident-rules';
import { authorityDraftPage } from './authority-draft.page';
import { notificationBody, registerQuery, reportBody, riskDecisionBody, updateBody } from './breach-forms';
import { breachReportPage, BreachReportData } from './breach-report.page';
import { BreachFormName, BreachForms, breachPage, BreachPageData } from './breach.page';
import { breachesPage } from './breaches.page';
import { BreachQueryDto } from './dto/breach.query';
import { NewBreachQueryDto } from './dto/new-breach.query';
import { Html } from './html';
import { Form, FormFields, Web, WebContext } from './web-context';
import { FormPost } from './web-forms';
import { WebPages } from './web-page.decorator';
import { redirectAfterPost, sendPage } from './web-reply';
import { refusal, validateAs } from './web-validation';

/** What each role may do to a breach, as the API's routes allow it. */
function formsFor(actor: Actor): BreachForms {
  const officer = mayAct(actor.role, WRITING_ROLES);
  return { update: mayAct(actor.role, REPORTING_ROLES), notification: officer, riskDecision: officer };
}

/** A form's value that is a UUID (a processor's id, the report's idempotency key); anything else is as if not sent. */
const uuidIn = (value: unknown) => (typeof value === 'string' && isUUID(value) ? value.toLowerCase() : undefined);

/** The breach register, one breach with its clocks and forms, and the AP draft. */
@Controller('breaches')
@WebPages()
export class BreachesController {
  constructor(
    private readonly register: IncidentRegisterService,
    private readonly lifecycle: IncidentLifecycleService,
    private readonly reporting: IncidentReportingService,
    private readonly choices: ReportChoicesQuery,
    private readonly deadlines: DeadlinesService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('officer', 'auditor', 'reporter')
  async list(@Web() web: WebContext, @Query() raw: FormFields): Promise<Html> {
    const query = await validateAs(ListIncidentsQuery, registerQuery(raw), 'query');
    const page = await this.register.list(web.actor, query);
    const ids = page.items.map((i) => i.id);
    const next = new Map((ids.length ? await this.deadlines.soonestPerSubject({ subjectType: INCIDENT, subjectIds: ids, status: ['pending', 'missed'] }) : []).map((d) => [d.subjectId, d]));
    return breachesPage(web, {
      now: this.clock.now(),
      rows: page.items.map((incident) => ({ incident, next: next.get(incident.id) ?? null })),
      nextCursor: page.nextCursor,
      filters: raw,
      mayReport: mayAct(web.actor.role, REPORTING_ROLES),
    });
  }

  @Get('new')
  @CanReport()
  async newReport(@Web() web: WebContext, @Query() query: NewBreachQueryDto): Promise<Html> {
    const data = await this.reportData(web, query.processorId, randomUUID(), query.q);
    if (query.processorId && !data.choices) throw notFound('processor', query.processorId);
    return breachReportPage(web, data);
  }

  /** The report through the API's DTO and service; its idempotency key makes a second submit of the same form answer the first breach. */
  @FormPost()
  @CanReport()
  async report(@Web() web: WebContext, @Form() form: FormFields, @Res() reply: FastifyReply): Promise<void> {
    const idempotencyKey = uuidIn(form.idempotencyKey);
    let id: string;
    try {
      id = (await this.reporting.report(web.actor, await validateAs(ReportIncidentDto, reportBody(form)), idempotencyKey)).body.id;
    } catch (error) {
      const refused = refusal(error, form, web.lang);
      // Reporting for another processor than its key's is not the form's to correct.
      if (!refused || refused.status === 403) throw error;
      // The same controllers listed as when the form was filled in, so every ticked one is there again.
      const q = typeof form.q === 'string' ? form.q.slice(0, 200) : undefined;
      const data = await this.reportData(web, uuidIn(form.processorId), idempotencyKey ?? randomUUID(), q);
      return sendPage(reply, refused.status, breachReportPage(web, { ...data, refused: refused.state }));
    }
    redirectAfterPost(reply, `/breaches/${id}?saved=report`);
  }

  @Get(':id')
  @Roles('officer', 'auditor', 'reporter')
  async show(@Web() web: WebContext, @IdParam() id: string, @Query() query: BreachQueryDto): Promise<Html> {
    return breachPage(web, await this.pageData(web, id, { saved: query.saved }));
  }

  @Get(':id/authority-draft')
  @CanRead()
  async authorityDraft(@Web() web: WebContext, @IdParam() id: string): Promise<Html> {
    return authorityDraftPage(web, id, await this.register.authorityDraft(id, web.lang, undefined));
  }

  @Get(':id/authority-draft.pdf')
  @CanRead()
  async authorityDraftPdf(@Web() web: WebContext, @IdParam() id: string, @Res() reply: FastifyReply): Promise<void> {
    const draft = await this.register.authorityDraft(id, web.lang, undefined);
    const name = `${draft.language === 'en' ? 'draft-breach-notification' : 'concept-melding-datalek'}-${draft.reportType}`;
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${name}.pdf"`)
      .header('cache-control', 'no-store')
      .send(await renderAuthorityDraftPdf(draft));
  }

  @FormPost(':id/updates')
  @CanReport()
  async addUpdate(@Web() web: WebContext, @IdParam() id: string, @Form() form: FormFields, @Res() reply: FastifyReply): Promise<void> {
    await this.submit(web, id, 'update', form, reply, async () => this.lifecycle.update(web.actor, id, await validateAs(UpdateIncidentDto, updateBody(form))));
  }

  @FormPost(':id/notifications')
  @CanWrite()
  async recordNotification(@Web() web: WebContext, @IdParam() id: string, @Form() form: FormFields, @Res() reply: FastifyReply): Promise<void> {
    await this.submit(web, id, 'notification', form, reply, async () => this.lifecycle.recordNotification(web.actor, id, await validateAs(RecordNotificationDto, notificationBody(form))));
  }

  @FormPost(':id/risk-decision')
  @CanWrite()
  async recordRiskDecision(@Web() web: WebContext, @IdParam() id: string, @Form() form: FormFields, @Res() reply: FastifyReply): Promise<void> {
    await this.submit(web, id, 'risk', form, reply, async () => this.lifecycle.assessRisk(web.actor, id, await validateAs(AssessRiskDto, riskDecisionBody(form))));
  }

  /** Applies a form through the API's DTO and service; a refusal shows the breach again with the form's messages, a success goes back to it. */
  private async submit(web: WebContext, id: string, name: BreachFormName, form: FormFields, reply: FastifyReply, apply: () => Promise<unknown>): Promise<void> {
    try {
      await apply();
    } catch (error) {
      const refused = refusal(error, form, web.lang);
      // A breach that does not exist (or is another processor's) is the error page's to say, not the form's.
      if (!refused || refused.status === 404) throw error;
      return sendPage(reply, refused.status, breachPage(web, await this.pageData(web, id, { refused: { form: name, state: refused.state } })));
    }
    redirectAfterPost(reply, `/breaches/${id}?saved=${name}#${name}-title`);
  }

  /** A reporter reports for its key's processor; an officer for the one it chose, or the only one there is. */
  private async reportData(web: WebContext, asked: string | undefined, idempotencyKey: string, q?: string): Promise<BreachReportData> {
    const now = this.clock.now();
    const processors = web.actor.role === 'reporter' ? null : await this.choices.processors();
    const processorId = processors ? (asked ?? (processors.length === 1 ? processors[0].id : undefined)) : (web.actor.processorId ?? undefined);
    return { now, processors, choices: processorId ? await this.choices.forProcessor(processorId, now, q || undefined) : null, idempotencyKey, q: q || undefined };
  }

  private async pageData(web: WebContext, id: string, extra: Pick<BreachPageData, 'refused' | 'saved'>): Promise<BreachPageData> {
    const incident = await this.register.get(web.actor, id);
    const deadlines = await this.deadlines.find({ ids: incident.deadlines.map((d) => d.id) });
    return { incident, now: this.clock.now(), about: await this.deadlines.describe(deadlines), may: formsFor(web.actor), ...extra };
  }
}
