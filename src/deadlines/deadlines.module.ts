import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Deadline } from './deadline.entity';
import { DeadlinesService } from './deadlines.service';
import { JobHandlerRegistry } from './job-handler.registry';
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
      providers: [
        DeadlinesService,
        JobHandlerRegistry,
        ...(options.workers ? [DeadlinesQueueProcessor, RetentionQueueProcessor, DeliveriesQueueProcessor] : []),
      ],
      exports: [DeadlinesService, JobHandlerRegistry],
    };
  }
}
