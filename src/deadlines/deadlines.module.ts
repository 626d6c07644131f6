import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AfterCommitJobs } from './after-commit-jobs';
import { Deadline } from './deadline.entity';
import { DeadlineJobs } from './deadline-jobs';
import { DeadlineReconciler, WORKERS_ENABLED } from './deadline-reconciler';
import { DeadlinesController } from './deadlines.controller';
import { DeadlinesService } from './deadlines.service';
import { JobHandlerRegistry } from './job-handler.registry';
import { JobQueues } from './job-queues';
import { QueueName } from './jobs.constants';
import { DeadlinesQueueProcessor, DeliveriesQueueProcessor, RetentionQueueProcessor } from './queue.processors';

/** The only module that talks to BullMQ. Workers run only where `workers` is on. */
@Global()
@Module({})
export class DeadlinesModule {
  static register(options: { workers: boolean }): DynamicModule {
    return {
      module: DeadlinesModule,
      imports: [
        TypeOrmModule.forFeature([Deadline]),
        BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
      ],
      controllers: [DeadlinesController],
      providers: [
        { provide: WORKERS_ENABLED, useValue: options.workers },
        DeadlinesService,
        JobHandlerRegistry,
        JobQueues,
        AfterCommitJobs,
        DeadlineJobs,
        DeadlineReconciler,
        ...(options.workers ? [DeadlinesQueueProcessor, RetentionQueueProcessor, DeliveriesQueueProcessor] : []),
      ],
      exports: [DeadlinesService, JobHandlerRegistry, JobQueues, AfterCommitJobs, DeadlineReconciler],
    };
  }
}
