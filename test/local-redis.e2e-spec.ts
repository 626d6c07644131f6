import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from './utils/free-port';
import { isRunning } from './utils/processes';
import { AUDIT_CHAIN_KEY, runTemplate } from './utils/test-app';
import { createDatabaseFromTemplate, databaseUrl, dropDatabase, uniqueName } from './utils/test-database';
import { waitFor } from './utils/wait-for';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..');

/**
 * The built service with no REDIS_URL, as `npm start` runs it. The test Redis holds the
 * default port, so LOCAL_REDIS_PORT points the service at a free one, where nothing runs.
 */
describe('the service without REDIS_URL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pat-local-redis-'));
  const queuePrefix = uniqueName('pat_test');
  let databaseName: string;
  let httpPort: number;
  let redisPort: number;
  let child: ChildProcess | undefined;
  let output = '';

  function start(path = process.env.PATH): ChildProcess {
    output = '';
    const service = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
      env: {
        PATH: path,
        HOME: process.env.HOME,
        PORT: String(httpPort),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl(databaseName),
        AUDIT_CHAIN_KEY,
        LOCAL_REDIS_PORT: String(redisPort),
        QUEUE_PREFIX: queuePrefix,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    service.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    return service;
  }

  async function health(service: ChildProcess): Promise<Record<string, string>> {
    return waitFor(
      `the service to answer /health (output: ${output})`,
      async () => {
        if (service.exitCode !== null) throw new Error(`the service exited with ${service.exitCode}: ${output}`);
        const res = await fetch(`http://127.0.0.1:${httpPort}/health`).catch(() => undefined);
        return res?.status === 200 ? ((await res.json()) as Record<string, string>) : undefined;
      },
      30_000,
    );
  }

  async function stop(service: ChildProcess): Promise<void> {
    const exited = new Promise<void>((resolve) => service.once('exit', () => resolve()));
    service.kill('SIGTERM');
    await exited;
  }

  beforeAll(async () => {
    databaseName = await createDatabaseFromTemplate(runTemplate());
    httpPort = await freePort();
    redisPort = await freePort();
  });

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  afterAll(async () => {
    await dropDatabase(databaseName);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts a redis-server with its files in DATA_DIR, uses it, and stops it on SIGTERM', async () => {
    // Not a skip: CI installs redis-server, and without it this feature is untested.
    expect(execFileSync('redis-server', ['--version']).toString()).toMatch(/^Redis server/);

    child = start();
    expect(await health(child)).toEqual({ status: 'ok', database: 'up', redis: 'up' });

    const pid = Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8'));
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toContain(`redis-server 127.0.0.1:${redisPort}`);
    const redis = new Redis({ host: '127.0.0.1', port: redisPort, lazyConnect: true });
    try {
      await redis.connect();
      expect(await redis.config('GET', 'dir')).toEqual(['dir', join(realpathSync(dataDir), 'redis')]);
      expect(await redis.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
      // The service's queues live there: the nightly retention sweep is scheduled at boot.
      await waitFor('the service to schedule its jobs in that Redis', async () => ((await redis.keys(`${queuePrefix}:*`)).length > 0 ? true : undefined));
    } finally {
      redis.disconnect();
    }

    await stop(child);
    await waitFor(`redis-server (pid ${pid}) to stop`, () => (isRunning(pid) ? undefined : true), 5_000);
    expect(existsSync(join(dataDir, 'redis', 'redis.pid'))).toBe(false);
    expect(output).not.toMatch(/error|lost Redis|unreachable/i);
  });

  it('says how to install redis-server when there is none, and runs on without Redis', async () => {
    const emptyPath = mkdtempSync(join(tmpdir(), 'pat-no-redis-path-'));
    try {
      child = start(emptyPath);
      expect(await health(child)).toEqual({ status: 'degraded', database: 'up', redis: 'down' });
      expect(output).toContain('apt-get install redis-server');
      await stop(child);
    } finally {
      rmSync(emptyPath, { recursive: true, force: true });
    }
  });
});
