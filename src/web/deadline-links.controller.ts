import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles } from '../common/roles.decorator';
import { IdParam } from '../common/id-param';
import { notFound } from '../common/problem';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { DSR_SUBJECT } from '../data-subject-requests/request-clocks';
import { INCIDENT } from '../incidents/incident-rules';
import { LINK_SUBJECT, SubProcessorLinksQuery } from '../sub-processors/sub-processor-links.query';
import { WebPages } from './web-page.decorator';

/**
 * `/deadlines/:id`, the address e-mails and calendar events give for a deadline: sends the
 * browser on to the page of what the deadline is about, which may move without breaking links.
 */
@Controller('deadlines')
@WebPages()
export class DeadlineLinksController {
  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly links: SubProcessorLinksQuery,
  ) {}

  @Get(':id')
  @Roles('officer', 'auditor', 'reporter')
  async follow(@IdParam() id: string, @Res() reply: FastifyReply): Promise<void> {
    const [deadline] = await this.deadlines.find({ ids: [id] });
    if (!deadline) throw notFound('deadline', id);
    void reply
      .status(303)
      .header('location', await this.pageOf(deadline.subjectType, deadline.subjectId))
      .send();
  }

  private async pageOf(subjectType: string, subjectId: string): Promise<string> {
    switch (subjectType) {
      case INCIDENT:
        return `/breaches/${subjectId}`;
      case 'agreement':
        return `/agreements/${subjectId}`;
      case LINK_SUBJECT: {
        const agreementId = await this.links.agreementOf(subjectId);
        return agreementId ? `/agreements/${agreementId}` : '/';
      }
      case DSR_SUBJECT:
        return `/requests/${subjectId}`;
      default:
        return '/';
    }
  }
}
