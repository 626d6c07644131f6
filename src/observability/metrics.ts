import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The Prometheus registry of this process; modules add their own gauges to it. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  private countPendingDeadlines?: () => Promise<{ kind: string; count: number }[]>;

  /** Counted from Postgres at scrape time, so it is right whatever Redis has lost. */
  readonly deadlinesPending = new Gauge({
    name: 'deadlines_pending',
    help: 'Deadlines still pending, by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
    collect: async () => {
      if (!this.countPendingDeadlines) return;
      this.deadlinesPending.reset();
      for (const { kind, count } of await this.countPendingDeadlines()) this.deadlinesPending.set({ kind }, count);
    },
  });

  /** Set by deadlines/, which owns the table. */
  pendingDeadlinesFrom(count: () => Promise<{ kind: string; count: number }[]>): void {
    this.countPendingDeadlines = count;
  }

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
