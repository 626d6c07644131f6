import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeysService } from './api-keys.service';
import { forbidden, ProblemException } from '../common/problem';
import { AuthenticatedRequest, PUBLIC_KEY, ROLES_KEY } from '../common/roles.decorator';
import { Role } from '../common/actor';

/** Every route needs `Authorization: Bearer <key>` unless marked @Public. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new ProblemException(HttpStatus.UNAUTHORIZED, 'Send an API key as "Authorization: Bearer <key>"');
    const actor = await this.apiKeys.authenticate(match[1]);
    if (!actor) throw new ProblemException(HttpStatus.UNAUTHORIZED, 'The API key is unknown or revoked');
    request.actor = actor;

    const allowed = this.reflector.getAllAndOverride<Exclude<Role, 'admin'>[]>(ROLES_KEY, targets) ?? [];
    if (actor.role === 'admin' || (allowed as string[]).includes(actor.role)) return true;
    throw forbidden(`The role ${actor.role} may not do this`);
  }
}
