import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { once } from 'node:events';
import { AppModule } from './app.module';
import { parseJsonBody } from './common/json-body';
import { resolveConstraintsFrom } from './common/registered-value.validator';
import { completeApiDocument } from './common/api-document';
import { PROBLEM_CONTENT_TYPE } from './common/problem';
import { routingProblem } from './common/problem.filter';
import { AppConfig } from './config/app-config';
import { resolveAuditChainKeys } from './config/audit-chain-keys';
import { resolveRedisLocation } from './config/local-redis';
import { ShutdownSteps } from './config/shutdown';
import { resolveDatabaseLocation } from './database/database.module';
import { RequestActors } from './auth/request-actors.service';
import { JobQueues } from './jobs/job-queues';
import { mountQueueBoard } from './jobs/queue-board';
import { Metrics } from './observability/metrics';
import { observeRequests } from './observability/request-observer';
import { registerFormParser } from './web/web-forms';
import { servedPath } from './web/dashboard-routes';

export const API_PREFIX = 'api/v1';

/** Fastify under Nest, with the dashboard's pages (GET and form POST) at their own paths beside the prefixed API. */
class HttpAdapter extends FastifyAdapter {
  override get(...args: unknown[]) {
    return super.get(...atServedPath(args));
  }

  override post(...args: unknown[]) {
    return super.post(...atServedPath(args));
  }
}

/** Nest calls the adapter with (path, handler). */
function atServedPath(args: unknown[]): unknown[] {
  return args.length === 2 && typeof args[0] === 'string' ? [servedPath(args[0], args[1], API_PREFIX), args[1]] : args;
}

export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new HttpAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: true,
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const problem = routingProblem(error);
      if (problem.status >= 500) request.log.error(error);
      void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
    },
  });
}

/** Everything about the HTTP app that is not a module: prefix, error shape, docs, metrics. */
export function configureHttpApp(app: NestFastifyApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'metrics', 'calendar.ics'] });
  resolveConstraintsFrom(app);
  const fastify = app.getHttpAdapter().getInstance();
  // JSON only, through the service's own parser (depth limit, prototype keys); Nest then
  // registers none of its defaults, and without Fastify's text parser a form or text body
  // is a 415 like any other type — forms only on the dashboard's form routes.
  fastify.removeContentTypeParser('text/plain');
  app.useBodyParser('application/json', {}, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body.toString('utf8')));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  registerFormParser(fastify);
  observeRequests(fastify, app.get(Metrics));
  // Closing the server waits for every request in flight, a client that never sends the rest
  // of its body included: a step like any other, past which its connections are cut.
  const shutdown = app.get(ShutdownSteps);
  fastify.addHook('preClose', (done) => {
    void shutdown.within(
      'the HTTP requests in flight',
      () => once(fastify.server, 'close'),
      () => fastify.server.closeAllConnections(),
    );
    done();
  });
  const actors = app.get(RequestActors);
  const jobQueues = app.get(JobQueues);
  mountQueueBoard(
    fastify,
    () => jobQueues.all(),
    (request) => actors.requireAdmin(request),
  );
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Processor-agreement compliance tracker')
      .setDescription('GDPR processor agreements, breach clocks, retention and deletion on contract end')
      .setVersion('1')
      // Not addBearerAuth, which calls every bearer token a JWT.
      .addSecurity('bearer', { type: 'http', scheme: 'bearer', description: 'API key' })
      .build(),
  );
  SwaggerModule.setup('docs', app, completeApiDocument(document));
}

/** The app closes through the entry point's SignalShutdown, whose steps bound every wait of its stop. */
export async function createHttpApp(config: AppConfig, shutdown: ShutdownSteps): Promise<NestFastifyApplication> {
  const auditChainKeys = resolveAuditChainKeys(config);
  const database = await resolveDatabaseLocation(config, shutdown);
  const redis = await resolveRedisLocation(config, shutdown);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, database, redis, auditChainKeys, workers: config.workersEnabled, shutdown }), createFastifyAdapter(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  configureHttpApp(app);
  return app;
}

export async function createWorkerContext(config: AppConfig, shutdown: ShutdownSteps): Promise<INestApplicationContext> {
  const auditChainKeys = resolveAuditChainKeys(config);
  const database = await resolveDatabaseLocation(config, shutdown);
  const redis = await resolveRedisLocation(config, shutdown);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, database, redis, auditChainKeys, workers: true, shutdown }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  return app;
}
