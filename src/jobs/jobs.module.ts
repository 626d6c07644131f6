import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ObservabilityModule } from '../observability/observability.module';
import { AfterCommitJobs } from './after-commit-jobs';
import { JobHandlers } from './job-handlers';
import { JobQueues } from './job-queues';
import { JobReconciler, ReconcileQueue } from './job-reconciler';
import { JobWorkers } from './job-workers';

/**
 * The job platform: BullMQ queues and workers for the queues features declare, handler
 * discovery, the after-commit buffer and the reconciler. It knows no feature: features
 * list `queue.provider` in their module and mark handlers with `@OnJob`.
 */
@Module({
  imports: [DiscoveryModule, ObservabilityModule],
  providers: [ReconcileQueue.provider, JobHandlers, JobQueues, AfterCommitJobs, JobReconciler, JobWorkers],
  exports: [JobQueues, AfterCommitJobs, JobReconciler],
})
export class JobsModule {}
