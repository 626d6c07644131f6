import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { JobDefinition, JobMeta, QueueDefinition } from './job-definition';
import { JobHandler, ON_JOB } from './on-job.decorator';

interface FoundHandler {
  job: JobDefinition<unknown>;
  run: JobHandler<unknown>;
  where: string;
}

/**
 * Finds, at boot, the queues features declare and the `@OnJob` methods that handle their
 * jobs, and refuses a job with no handler or two, a handler for an undeclared job, and two
 * queues of one name: a missing handler fails the boot, not a job at 3 a.m.
 */
@Injectable()
export class JobHandlers implements OnModuleInit {
  private readonly queueByName = new Map<string, QueueDefinition>();
  private readonly handlerByKey = new Map<string, FoundHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    const providers = this.discovery.getProviders();
    for (const { instance } of providers) {
      if (!(instance instanceof QueueDefinition)) continue;
      const known = this.queueByName.get(instance.name);
      if (known && known !== instance) throw new Error(`two queues are named ${instance.name}`);
      this.queueByName.set(instance.name, instance);
    }
    const found = new Map<string, FoundHandler[]>();
    for (const { instance } of providers) {
      if (!instance || typeof instance !== 'object' || instance instanceof QueueDefinition) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = prototype[method];
        if (typeof fn !== 'function') continue;
        const job = Reflect.getMetadata(ON_JOB, fn) as JobDefinition<unknown> | undefined;
        if (!job) continue;
        const run = (fn as JobHandler<unknown>).bind(instance);
        found.set(job.key, [...(found.get(job.key) ?? []), { job, run, where: `${(instance as object).constructor.name}.${method}` }]);
      }
    }
    const problems: string[] = [];
    for (const [key, handlers] of found) {
      const { job } = handlers[0];
      if (this.queueByName.get(job.queue.name) !== job.queue) problems.push(`${key} is handled by ${handlers[0].where}, but its queue is not declared by any module`);
      if (handlers.length > 1) problems.push(`${key} has ${handlers.length} handlers: ${handlers.map((h) => h.where).join(', ')}`);
      this.handlerByKey.set(key, handlers[0]);
    }
    for (const queue of this.queueByName.values()) {
      for (const job of queue.jobs) if (!found.has(job.key)) problems.push(`${job.key} has no @OnJob handler`);
    }
    if (problems.length) throw new Error(`job handlers: ${problems.join('; ')}`);
  }

  queues(): QueueDefinition[] {
    return [...this.queueByName.values()];
  }

  isDeclared(queue: QueueDefinition): boolean {
    return this.queueByName.get(queue.name) === queue;
  }

  async run(queueName: string, jobName: string, payload: unknown, meta: JobMeta): Promise<unknown> {
    const handler = this.handlerByKey.get(`${queueName}/${jobName}`);
    if (!handler) throw new Error(`unknown job ${jobName} on ${queueName}`);
    return handler.run(payload, meta);
  }
}
