import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { IdParam } from '../common/id-param';
import { CanRead, CanWrite, Roles } from '../common/roles.decorator';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { renderAuthorityDraftPdf } from '../incidents/authority-draft.pdf';
import { AssessRiskDto } from '../incidents/dto/assess-risk.dto';
import { ListIncidentsQuery } from '../incidents/dto/list-incidents.query';
import { RecordNotificationDto } from '../incidents/dto/record-notification.dto';
import { UpdateIncidentDto } from '../incidents/dto/update-incident.dto';
import { IncidentLifecycleService } from '../incidents/incident-lifecycle.service';
import { IncidentRegisterService } from '../incidents/incident-register.service';
import { INCIDENT } from '../incidents/incident-rules';
import { authorityDraftPage } from './authority-draft.page';
import { notificationBody, registerQuery, riskDecisionBody, updateBody } from './breach-forms';
import { BreachFormName, BreachForms, breachPage, BreachPageData } from './breach.page';
import { breachesPage } from './breaches.page';
import { BreachQueryDto } from './dto/breach.query';
import { Html } from './html';
import { Form, FormFields, Web, WebContext } from './web-context';
import { FormPost } from './web-forms';
import { WebPages } from './web-page.decorator';
import { redirectAfterPost, sendPage } from './web-reply';
import { refusal, validateAs } from './web-validation';

/** What each role may do to a breach, as the API's routes allow it. */
function formsFor(actor: Actor): BreachForms {
  const officer = actor.role === 'officer' || actor.role === 'admin';
  return { update: officer || actor.role === 'reporter', notification: officer, riskDecision: officer };
}

/** The breach register, one breach with its clocks and forms, and the AP draft. */
@Controller('breaches')
@WebPages()
export class BreachesController {
  constructor(
    private readonly register: IncidentRegisterService,
    private readonly lifecycle: IncidentLifecycleService,
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
    return breachesPage(web, { now: this.clock.now(), rows: page.items.map((incident) => ({ incident, next: next.get(incident.id) ?? null })), nextCursor: page.nextCursor, filters: raw });
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
  @Roles('officer', 'reporter')
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
      const refused = refusal(error, form);
      // A breach that does not exist (or is another processor's) is the error page's to say, not the form's.
      if (!refused || refused.status === 404) throw error;
      return sendPage(reply, refused.status, breachPage(web, await this.pageData(web, id, { refused: { form: name, state: refused.state } })));
    }
    redirectAfterPost(reply, `/breaches/${id}?saved=${name}#${name}-title`);
  }

  private async pageData(web: WebContext, id: string, extra: Pick<BreachPageData, 'refused' | 'saved'>): Promise<BreachPageData> {
    const incident = await this.register.get(web.actor, id);
    const deadlines = await this.deadlines.find({ ids: incident.deadlines.map((d) => d.id) });
    return { incident, now: this.clock.now(), about: await this.deadlines.describe(deadlines), may: formsFor(web.actor), ...extra };
  }
}
