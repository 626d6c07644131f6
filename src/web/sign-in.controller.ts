import { Controller, Get, Header, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DashboardSessionsService, SESSION_ABSOLUTE_MS } from '../auth/dashboard-sessions.service';
import { DASHBOARD_CSS } from './dashboard-stylesheet';
import { Html } from './html';
import { STYLESHEET_PATH } from './layout';
import { signInPage } from './sign-in.page';
import { SESSION_COOKIE } from '../auth/session-cookie';
import { Form, FormFields, resolveLanguage, setCookie } from './web-context';
import { safeNext } from './web-exception.filter';
import { FormPost } from './web-forms';
import { PublicWebPages } from './web-page.decorator';
import { redirectAfterPost, sendPage } from './web-reply';

/** What a browser reaches without a session: the sign-in and the stylesheet it needs. */
@Controller()
@PublicWebPages()
export class SignInController {
  constructor(private readonly sessions: DashboardSessionsService) {}

  @Get('sign-in')
  form(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Query('next') next: unknown, @Query('signedOut') signedOut: unknown): Html {
    return signInPage(resolveLanguage(request, reply), { next: safeNext(next), signedOut: signedOut === '1' });
  }

  /** Exchanges the key for a session cookie; the key itself goes no further than this request. */
  @FormPost('sign-in')
  async signIn(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Form() form: FormFields): Promise<void> {
    const lang = resolveLanguage(request, reply);
    const next = safeNext(form.next);
    const opened = typeof form.key === 'string' && form.key.length <= 200 ? await this.sessions.open(form.key.trim()) : null;
    if (!opened) return sendPage(reply, 401, signInPage(lang, { next, refused: true }));
    setCookie(request, reply, SESSION_COOKIE, opened.token, SESSION_ABSOLUTE_MS / 1000);
    redirectAfterPost(reply, next);
  }

  @Get(STYLESHEET_PATH.slice(1))
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'public, max-age=3600')
  stylesheet(): string {
    return DASHBOARD_CSS;
  }
}
