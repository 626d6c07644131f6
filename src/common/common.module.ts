import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { Clock, SystemClock } from './clock';
import { ProblemFilter } from './problem.filter';
import { RegisteredValueConstraint } from './registered-value.validator';
import { createValidationPipe } from './validation.pipe';

/**
 * The clock (global: every rule that reads time takes it from here), and the pipe (with
 * its registry-aware constraint) and filter every route goes through, registered as APP_* providers so test modules get
 * exactly what production gets.
 */
@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }, { provide: APP_PIPE, useFactory: createValidationPipe }, { provide: APP_FILTER, useClass: ProblemFilter }, RegisteredValueConstraint],
  exports: [Clock],
})
export class CommonModule {}
