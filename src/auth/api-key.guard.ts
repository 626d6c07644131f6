import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden } from '../common/problem';
import { RequestActors } from './request-actors.service';
import { AuthenticatedRequest, GrantedRole, mayAct, PUBLIC_KEY, ROLES_KEY } from '../common/roles.decorator';

/** Every route needs `Authorization: Bearer <key>` unless marked @Public. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly actors: RequestActors,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = await this.actors.actorOf(request);
    request.actor = actor;

    if (mayAct(actor.role, this.reflector.getAllAndOverride<GrantedRole[]>(ROLES_KEY, targets) ?? [])) return true;
    throw forbidden(`The role ${actor.role} may not do this`);
  }
}
