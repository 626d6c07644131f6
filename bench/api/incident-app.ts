import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AppModule } from '../../src/app.module';
import { configureHttpApp, createFastifyAdapter } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { RedisLocation } from '../../src/config/local-redis';
import { DatabaseLocation } from '../../src/database/database.module';
import { incidentBody, seedAgreement, seedController, seedProcessor } from '../../test/factories';
import { BENCH_AUDIT_CHAIN_KEYS, REDIS_URL, clearPrefix, dbUrl, onServer } from '../shared';

export const ADMIN_KEY = 'pat_bench_admin_key_0123456789abcdef';

export interface IncidentBenchApp {
  /** `POST` here with `body` and `headers`: a valid breach report for a seeded processor and controller. */
  url: string;
  /** The app's own origin (`http://127.0.0.1:port`) and the seeded processor, for other routes. */
  origin: string;
  processorId: string;
  body: string;
  headers: Record<string, string>;
  database: string;
  close(): Promise<void>;
}

/** The real app, workers on, listening on loopback, on its own database and BullMQ prefix. */
export async function startIncidentBenchApp(): Promise<IncidentBenchApp> {
  const database = `pat_bench_${randomBytes(4).toString('hex')}`;
  const prefix = `pat_bench_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE ${database}`);
  const config = loadConfig({ DATABASE_URL: dbUrl(database), REDIS_URL, QUEUE_PREFIX: prefix, ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'error', WORKERS: 'on' });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, database: new DatabaseLocation(config.DATABASE_URL!), redis: new RedisLocation(REDIS_URL), auditChainKeys: BENCH_AUDIT_CHAIN_KEYS, workers: true }),
    createFastifyAdapter(config),
    { logger: ['error'] },
  );
  configureHttpApp(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const close = async () => {
    await app.close();
    await clearPrefix(prefix);
    await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  };

  const seed = new Client({ connectionString: dbUrl(database) });
  await seed.connect();
  try {
    const processorId = await seedProcessor(seed);
    const controllerId = await seedController(seed);
    await seedAgreement(seed, { controllerId, processorId });
    const body = JSON.stringify(incidentBody({ processorId, affectedControllerIds: [controllerId] }));
    const origin = await app.getUrl();
    return {
      url: `${origin}/api/v1/incidents`,
      origin,
      processorId,
      body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      database,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  } finally {
    await seed.end();
  }
}
