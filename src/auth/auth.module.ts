import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ApiKey } from './api-key.entity';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { DashboardSession } from './dashboard-session.entity';
import { DashboardSessionsService } from './dashboard-sessions.service';
import { RequestActors } from './request-actors.service';

/** API keys, the guard every route goes through (APP_GUARD, so test modules get it too) and the dashboard's sessions. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKey, DashboardSession]), AuditModule],
  providers: [ApiKeysService, RequestActors, DashboardSessionsService, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  controllers: [ApiKeysController],
  exports: [ApiKeysService, RequestActors, DashboardSessionsService],
})
export class AuthModule {}
