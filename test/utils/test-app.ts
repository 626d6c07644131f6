import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureHttpApp, createFastifyAdapter } from '../../src/bootstrap';
import { Clock } from '../../src/common/clock';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { resolveAuditChainKeys } from '../../src/config/audit-chain-keys';
import { RedisLocation } from '../../src/config/local-redis';
import { redisOptionsFromUrl } from '../../src/config/redis-options';
import { DatabaseLocation } from '../../src/database/database.module';
import { createDatabaseFromTemplate, databaseUrl, dropDatabase, TEST_REDIS_URL, uniqueName } from './test-database';

export const ADMIN_KEY = 'pat_test_admin_key_0123456789abcdef';
export const AUDIT_CHAIN_KEY = 'pat_test_audit_chain_key_0123456789abcdef';

export interface TestAppOptions {
  /** Replaces the system clock (a FakeClock, usually). */
  clock?: Clock;
  /** Run the BullMQ workers in the app (default on). */
  workers?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Boot on this database as it is (one another test app left with `close({ keepDatabase: true })`) instead of a fresh copy. */
  databaseName?: string;
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  dataSource: DataSource;
  databaseName: string;
  /** A supertest agent with the given key (admin by default). */
  as(key?: string): ReturnType<typeof authorised>;
  /** Issues a key of a role through the API and returns it. */
  keyFor(role: 'officer' | 'auditor' | 'admin' | 'reporter', processorId?: string): Promise<string>;
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

function authorised(app: NestFastifyApplication, key: string) {
  const server = app.getHttpServer();
  const withKey = (test: request.Test) => test.set('authorization', `Bearer ${key}`);
  return {
    get: (path: string) => withKey(request(server).get(path)),
    post: (path: string) => withKey(request(server).post(path)),
    put: (path: string) => withKey(request(server).put(path)),
    patch: (path: string) => withKey(request(server).patch(path)),
    delete: (path: string) => withKey(request(server).delete(path)),
  };
}

export function runTemplate(): string {
  const template = process.env.PAT_TEST_TEMPLATE_DB;
  if (!template) throw new Error('PAT_TEST_TEMPLATE_DB is not set: run the tests through jest, whose globalSetup creates it');
  return template;
}

/**
 * Boots the whole application against this test file's own copy of the migrated
 * database and its own BullMQ prefix, with real Postgres and real Redis.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const databaseName = options.databaseName ?? (await createDatabaseFromTemplate(runTemplate()));
  const config = loadConfig({
    DATABASE_URL: databaseUrl(databaseName),
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: uniqueName('pat_test'),
    ADMIN_API_KEY: ADMIN_KEY,
    AUDIT_CHAIN_KEY,
    LOG_LEVEL: 'error',
    WORKERS: options.workers === false ? 'off' : 'on',
    RECONCILE_INTERVAL_MS: '600000',
    ...options.env,
  });
  let builder = Test.createTestingModule({
    imports: [
      AppModule.forRoot({
        config,
        database: new DatabaseLocation(config.DATABASE_URL!),
        redis: new RedisLocation(config.REDIS_URL!),
        auditChainKeys: resolveAuditChainKeys(config),
        workers: config.workersEnabled,
      }),
    ],
  });
  if (options.clock) builder = builder.overrideProvider(Clock).useValue(options.clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config), { logger: ['error', 'warn'] });
  configureHttpApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  return {
    app,
    config,
    dataSource: app.get(DataSource),
    databaseName,
    as: (key = ADMIN_KEY) => authorised(app, key),
    async keyFor(role, processorId) {
      const res = await authorised(app, ADMIN_KEY)
        .post('/api/v1/api-keys')
        .send({ name: `${role} key`, role, ...(processorId ? { processorId } : {}) });
      if (res.status !== 201) throw new Error(`could not issue a ${role} key: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { key: string }).key;
    },
    async close({ keepDatabase = false } = {}) {
      await app.close();
      await clearQueuePrefix(config.QUEUE_PREFIX);
      if (!keepDatabase) await dropDatabase(databaseName);
    },
  };
}

/**
 * Removes every BullMQ key under a test's prefix at once, as Redis coming back empty would.
 * One script, so nothing runs in between: a SCAN-and-DEL loop racing a job being added could
 * leave a job's hash without its place in a queue, which BullMQ then never hands out and
 * refuses to add again under the same id — a state a Redis that lost its data never shows.
 */
export async function clearQueuePrefix(prefix: string): Promise<void> {
  const redis = new Redis(redisOptionsFromUrl(TEST_REDIS_URL));
  try {
    await redis.eval(
      `local keys = redis.call('KEYS', ARGV[1])
       for i = 1, #keys, 1000 do redis.call('DEL', unpack(keys, i, math.min(i + 999, #keys))) end
       return #keys`,
      0,
      `${prefix}:*`,
    );
  } finally {
    redis.disconnect();
  }
}
