import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { ApiKeyGuard } from './auth/api-key.guard';
import { Clock, SystemClock } from './clock';
import { ProblemFilter } from './problem.filter';
import { createValidationPipe } from './validation.pipe';

/**
 * The clock, and the pipe, guard and filter every route goes through. Registered as
 * APP_* providers so test modules get exactly what production gets.
 */
@Global()
@Module({
  imports: [ApiKeysModule],
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_FILTER, useClass: ProblemFilter },
  ],
  exports: [Clock],
})
export class CommonModule {}
