import { HttpStatus, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Actor } from '../common/actor';
import { forbidden, ProblemException } from '../common/problem';
import { ApiKeysService } from './api-keys.service';
import { DashboardSessionsService } from './dashboard-sessions.service';
import { readCookie, SESSION_COOKIE } from './session-cookie';

/**
 * Who sent a request, for the API's guard and for pages served outside Nest's routing
 * (the queue board). The one place a credential is read from a request: another way to
 * sign in (a session) is added here and every caller accepts it.
 */
@Injectable()
export class RequestActors {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly sessions: DashboardSessionsService,
  ) {}

  async actorOf(request: Pick<FastifyRequest, 'headers'>): Promise<Actor> {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new ProblemException(HttpStatus.UNAUTHORIZED, 'Send an API key as "Authorization: Bearer <key>"');
    const actor = await this.apiKeys.authenticate(match[1]);
    if (!actor) throw new ProblemException(HttpStatus.UNAUTHORIZED, 'The API key is unknown or revoked');
    return actor;
  }

  /**
   * An admin, by API key or by the dashboard's session, so the queue board opens from the
   * dashboard in a browser, which sends no Authorization header. Only pages outside the API
   * take the session: the API's routes stay key-only, so a cookie never authorises them.
   */
  async requireAdmin(request: Pick<FastifyRequest, 'headers'>): Promise<Actor> {
    const token = request.headers.authorization === undefined ? readCookie(request, SESSION_COOKIE) : undefined;
    const session = token === undefined ? null : await this.sessions.resolve(token);
    const actor = session?.actor ?? (await this.actorOf(request));
    if (actor.role !== 'admin') throw forbidden(`The role ${actor.role} may not do this`);
    return actor;
  }
}
