import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Metrics } from './metrics';

/**
 * One log line per request, and its metrics: method, route pattern (never the path as
 * sent, which may hold ids of people's records, nor the query, which may hold a token),
 * status and duration. Written by the base logger, not a child per request: binding a
 * logger to every request cost more CPU than a read's own work (bench/README.md, "Reads").
 */
export function observeRequests(fastify: FastifyInstance, metrics: Metrics): void {
  const logger = new Logger('HTTP');
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    const status = reply.statusCode;
    metrics.httpRequests.inc({ method: request.method, route, status: String(status) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    logger.log({ method: request.method, route, status, durationMs: Math.round(reply.elapsedTime * 10) / 10 }, 'request completed');
    done();
  });
}
