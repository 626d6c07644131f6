import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { csrfTokenMatches, DashboardSessionsService } from '../auth/dashboard-sessions.service';
import { forbidden } from '../common/problem';
import { GrantedRole, mayAct, ROLES_KEY } from '../common/roles.decorator';
import { readCookie, SESSION_COOKIE } from '../auth/session-cookie';
import { CSRF_FIELD, resolveLanguage, WebRequest } from './web-context';
import { splitUrl } from './web-nav';

/** No session (none, expired, or its key revoked): the filter sends the browser to sign in. */
export class SignInRequired extends HttpException {
  constructor() {
    super('Sign in to continue', HttpStatus.UNAUTHORIZED);
  }
}

/** A state-changing request from a page of another origin: refused whatever its token. */
function fromAnotherOrigin(request: WebRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== request.host;
  } catch {
    return true;
  }
}

/**
 * The dashboard's authentication: the session cookie instead of a bearer key, then the
 * same roles as the API (@Roles on the route; admin always; none means admin only). Every
 * request that is not a read must carry the session's CSRF token in its form.
 */
@Injectable()
export class WebSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: DashboardSessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WebRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const lang = resolveLanguage(request, reply);
    const token = readCookie(request, SESSION_COOKIE);
    const session = token ? await this.sessions.resolve(token) : null;
    if (!session) throw new SignInRequired();
    request.actor = session.actor;
    request.web = { session, actor: session.actor, lang, ...splitUrl(request.url) };

    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const sent = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      if (fromAnotherOrigin(request) || !csrfTokenMatches(session, sent)) throw forbidden('The form is out of date or did not come from this dashboard; reload the page and try again');
    }
    if (mayAct(session.actor.role, this.reflector.getAllAndOverride<GrantedRole[]>(ROLES_KEY, [context.getHandler(), context.getClass()]) ?? [])) return true;
    throw forbidden(`The role ${session.actor.role} may not do this`);
  }
}
