import { Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DashboardSessionsService } from '../auth/dashboard-sessions.service';
import { Roles } from '../common/roles.decorator';
import { readCookie, SESSION_COOKIE } from '../auth/session-cookie';
import { setCookie } from './web-context';
import { FormPost } from './web-forms';
import { WebPages } from './web-page.decorator';
import { redirectAfterPost } from './web-reply';

@Controller()
@WebPages()
export class SignOutController {
  constructor(private readonly sessions: DashboardSessionsService) {}

  /** Ends the session in the database, not only in this browser: a copied cookie stops working too. */
  @FormPost('sign-out')
  @Roles('officer', 'auditor', 'reporter')
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const token = readCookie(request, SESSION_COOKIE);
    if (token) await this.sessions.close(token);
    setCookie(request, reply, SESSION_COOKIE, '', 0);
    redirectAfterPost(reply, '/sign-in?signedOut=1');
  }
}
