import { ValueProvider } from '@nestjs/common';

/** What a handler learns of the attempt; `lastAttempt`: no retry follows if this one fails. */
export interface JobMeta {
  attemptsMade: number;
  lastAttempt: boolean;
  jobId?: string;
}

/**
 * A job a feature declares on one of its queues. The payload type travels with the
 * definition, so producers and the `@OnJob` handler agree on it at compile time.
 * Payloads carry ids, never entities: a handler re-reads the row and acts only if the
 * fact still calls for it.
 */
export class JobDefinition<P> {
  /** Never set: carries P for the compiler. */
  declare readonly payload?: P;

  /**
   * `priority`: BullMQ hands out every job of its queue that has none before any that has one,
   * so a kind with a priority yields to the other kinds on its queue (lower numbers first among
   * those that have one). Unset: handed out first, in order.
   */
  constructor(
    readonly queue: QueueDefinition,
    readonly name: string,
    readonly priority?: number,
  ) {}

  get key(): string {
    return `${this.queue.name}/${this.name}`;
  }

  request<O extends { jobId?: string; delay?: number }>(data: P, options?: O): JobRequest<P> & O {
    return { job: this, data, ...(options as O) };
  }
}

/**
 * A BullMQ queue a feature owns. The feature declares it by listing `queue.provider` in its
 * module; the platform finds it at boot, opens the queue and (where workers run) its worker.
 */
export class QueueDefinition {
  // Private (and so out of JSON): a job refers to its queue, and the queue to its jobs.
  readonly #jobs: JobDefinition<unknown>[] = [];

  private readonly token: symbol;

  /** `concurrency`: handlers that wait on row locks and Postgres, not on the CPU, can run several at a time. */
  constructor(
    readonly name: string,
    readonly concurrency = 1,
  ) {
    this.token = Symbol(`queue ${name}`);
  }

  get jobs(): readonly JobDefinition<unknown>[] {
    return this.#jobs;
  }

  job<P>(name: string, options: { priority?: number } = {}): JobDefinition<P> {
    if (this.#jobs.some((j) => j.name === name)) throw new Error(`job ${name} is declared twice on queue ${this.name}`);
    const job = new JobDefinition<P>(this, name, options.priority);
    this.#jobs.push(job);
    return job;
  }

  /** A token of its own, so two definitions of one name both reach the platform, which refuses them. */
  get provider(): ValueProvider<QueueDefinition> {
    return { provide: this.token, useValue: this };
  }
}

export interface JobRequest<P = unknown> {
  job: JobDefinition<P>;
  data: P;
  jobId?: string;
  delay?: number;
}

/**
 * Options for every job, in one place. Retries back off exponentially; finished jobs are
 * kept only long enough to de-duplicate a re-add by the reconciler and to inspect
 * failures, then Redis forgets them (Postgres keeps the facts).
 */
export const JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} as const;

/**
 * Deterministic job ids are `<rowId>-<step>`: BullMQ 5 throws "Custom Id cannot contain :"
 * for an id with a ':' that does not split into exactly three parts (it reserves those for
 * legacy repeatable jobs), so the separator is '-'.
 */
export const stepJobId = (rowId: string, step: string): string => `${rowId}-${step}`;
