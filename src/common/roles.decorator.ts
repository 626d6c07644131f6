import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor, Role } from './actor';
import { ApiProblems } from './api-docs.decorator';

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';

/** A role a route can name; admin needs none. */
export type GrantedRole = Exclude<Role, 'admin'>;

/**
 * Which roles may call a route besides `admin`, who may call every route. A route
 * without @Roles is admin-only, so a forgotten decorator fails closed.
 */
export const Roles = (...roles: GrantedRole[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth(), ApiProblems(401, 403));

/** Whether `role` may do what `allowed` may: admin may do everything. The guards, and the dashboard's links and forms, ask this. */
export function mayAct(role: Actor['role'], allowed: readonly GrantedRole[]): boolean {
  return role === 'admin' || (allowed as readonly string[]).includes(role);
}

/** Reading the registry: the officer and the auditor. */
export const READING_ROLES: readonly GrantedRole[] = ['officer', 'auditor'];
/** Changing the registry: the officer. */
export const WRITING_ROLES: readonly GrantedRole[] = ['officer'];
/** Reporting a breach and adding to it: the officer, and a reporter for its key's processor. */
export const REPORTING_ROLES: readonly GrantedRole[] = ['officer', 'reporter'];

export const CanRead = () => Roles(...READING_ROLES);
export const CanWrite = () => Roles(...WRITING_ROLES);
export const CanReport = () => Roles(...REPORTING_ROLES);
export const AdminOnly = () => Roles();

export const Public = () => SetMetadata(PUBLIC_KEY, true);

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
