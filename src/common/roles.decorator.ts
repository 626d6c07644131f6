import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor, Role } from './actor';
import { ApiProblems } from './api-docs.decorator';

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';

/**
 * Which roles may call a route besides `admin`, who may call every route. A route
 * without @Roles is admin-only, so a forgotten decorator fails closed.
 */
export const Roles = (...roles: Exclude<Role, 'admin'>[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth(), ApiProblems(401, 403));

/** Reading the registry: the officer and the auditor. */
export const CanRead = () => Roles('officer', 'auditor');
/** Changing the registry: the officer. */
export const CanWrite = () => Roles('officer');
export const AdminOnly = () => Roles();

export const Public = () => SetMetadata(PUBLIC_KEY, true);

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
