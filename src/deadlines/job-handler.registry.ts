import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from './jobs.constants';

/** `lastAttempt`: no retry follows if this one fails, so a handler can record the final outcome. */
export type JobHandler<N extends JobName> = (payload: JobPayloads[N], meta: { attemptsMade: number; lastAttempt: boolean; jobId?: string }) => Promise<unknown>;

/**
 * Domain modules say here what a job means for them (retention registers the sweep,
 * notifications the deliveries); the queue processors in this folder only dispatch.
 * That keeps BullMQ inside deadlines/ without modules importing each other in a circle.
 */
@Injectable()
export class JobHandlerRegistry {
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (this.handlers.has(name)) throw new Error(`job ${name} already has a handler`);
    this.handlers.set(name, handler as JobHandler<JobName>);
  }

  get<N extends JobName>(name: N): JobHandler<N> {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`no handler registered for job ${name}`);
    return handler as JobHandler<N>;
  }

  /** Names without a handler; checked at boot so a missing one fails loudly, not at 3 a.m. */
  missing(): JobName[] {
    return Object.values(JobName).filter((name) => !this.handlers.has(name));
  }
}
