import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ApiKey } from './api-key.entity';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { RequestActors } from './request-actors.service';

/** API keys and the guard every route goes through (APP_GUARD, so test modules get it too). */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKey]), AuditModule],
  providers: [ApiKeysService, RequestActors, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  controllers: [ApiKeysController],
  exports: [ApiKeysService, RequestActors],
})
export class AuthModule {}
