import { Module, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RouteInfo } from '@nestjs/common/interfaces';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { ContractEndModule } from '../contract-end/contract-end.module';
import { DataControllersModule } from '../data-controllers/data-controllers.module';
import { DataSubjectRequestsModule } from '../data-subject-requests/data-subject-requests.module';
import { ProcessorsModule } from '../processors/processors.module';
import { RetentionModule } from '../retention/retention.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { SubProcessorsModule } from '../sub-processors/sub-processors.module';
import { AgreementPagesController } from './agreements.controller';
import { AuditPagesController } from './audit.controller';
import { BreachesController } from './breaches.controller';
import { DeadlineLinksController } from './deadline-links.controller';
import { RequestPagesController } from './requests.controller';
import { RetentionPagesController } from './retention.controller';
import { SignInController } from './sign-in.controller';
import { SignOutController } from './sign-out.controller';
import { SubProcessorPagesController } from './sub-processors.controller';
import { TodayController } from './today.controller';
import { WebSessionGuard } from './web-session.guard';

/** Every controller of the dashboard; a new view adds its controller here. */
const WEB_CONTROLLERS: Type[] = [
  SignInController,
  SignOutController,
  TodayController,
  BreachesController,
  AgreementPagesController,
  SubProcessorPagesController,
  RequestPagesController,
  RetentionPagesController,
  AuditPagesController,
  DeadlineLinksController,
];

/**
 * The officer's dashboard: server-rendered pages at `/`, outside the API's `/api/v1`,
 * reading and changing through the same services the API controllers use.
 */
@Module({
  imports: [
    AuthModule,
    DeadlinesModule,
    IncidentsModule,
    SubProcessorsModule,
    AgreementsModule,
    ContractEndModule,
    DataControllersModule,
    ProcessorsModule,
    DataSubjectRequestsModule,
    RetentionModule,
    AuditModule,
  ],
  controllers: WEB_CONTROLLERS,
  providers: [WebSessionGuard],
})
export class WebModule {}

const joinPath = (...parts: (string | undefined)[]) =>
  parts
    .flatMap((part) => (part ?? '').split('/'))
    .filter(Boolean)
    .join('/');

/** The dashboard's routes, read from its controllers: served outside /api/v1 (dashboard-routes.ts) and left out of the OpenAPI document. */
export function webRoutes(): RouteInfo[] {
  return WEB_CONTROLLERS.flatMap((controller) => {
    const base = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype).flatMap((name) => {
      const handler = prototype[name];
      if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) return [];
      const path = joinPath(base, Reflect.getMetadata(PATH_METADATA, handler) as string);
      return [{ path: path || '/', method: Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod }];
    });
  });
}
