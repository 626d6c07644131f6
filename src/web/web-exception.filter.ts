import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ProblemFilter } from '../common/problem.filter';
import { html } from './html';
import { barePage, page } from './layout';
import { resolveLanguage, WebRequest } from './web-context';
import { splitUrl } from './web-nav';
import { pageHeaders } from './web-page.interceptor';
import { SignInRequired } from './web-session.guard';
import { COMMON_TEXTS, errorTitle } from './web-texts';

/** Where to come back to after signing in: only a path of this site, never another origin. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/**
 * The dashboard's errors are pages, not problem+json: the same status and detail the API's
 * filter would give, in the layout, so a person can find their way back. Without a session
 * the browser is sent to sign in, and back here afterwards.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebExceptionFilter');
  private readonly problems = new ProblemFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<WebRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof SignInRequired) {
      const next = request.method === 'GET' ? request.url : '/';
      void reply
        .status(303)
        .header('location', next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`)
        .send();
      return;
    }
    const problem = this.problems.toProblem(exception);
    if (problem.status >= 500) this.logger.error({ err: exception, req: { id: request.id, method: request.method, url: request.url } });
    const web = request.web;
    const lang = web?.lang ?? resolveLanguage(request, reply);
    const t = COMMON_TEXTS[lang];
    const title = errorTitle(problem.status, problem.title, lang);
    const content = html`<h1>${problem.status} · ${title}</h1>
      <div class="alert" role="alert">
        <p>${problem.status >= 500 ? t.error : problem.detail}</p>
        ${
          problem.errors?.length
            ? html`<ul>
                ${problem.errors.map((e) => html`<li><strong>${e.field}</strong>: ${e.message}</li>`)}
              </ul>`
            : ''
        }
      </div>
      <p><a href="/">${t.back}</a></p>`;
    const body = web ? page(web, title, content) : barePage(lang, splitUrl(request.url), title, content);
    void pageHeaders(reply.status(problem.status)).send(body.value);
  }
}
