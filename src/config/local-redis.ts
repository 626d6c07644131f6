// In config/ rather than a folder of its own: it answers "which Redis?", as REDIS_URL and
// redis-options.ts here already do, and ConfigModule is what hands that answer to every
// module. Starting a process is only the fallback of that answer, as the embedded
// Postgres is the fallback of DATABASE_URL.
import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { AppConfig } from './app-config';
import { ShutdownSteps } from './shutdown';

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 10_000;

/** Where Redis is; holds the redis-server started here, if any, and stops it last. */
export class RedisLocation implements OnApplicationShutdown {
  constructor(
    readonly url: string,
    private readonly local?: LocalRedis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.local?.stop();
  }
}

/**
 * REDIS_URL as given; without it the Redis on the loopback port, started from the PATH with
 * its files in DATA_DIR/redis when nothing listens there, so a new user needs only Node.
 * Never fails the boot: without Redis the service still accepts breach reports.
 */
export async function resolveRedisLocation(config: AppConfig, shutdown: ShutdownSteps): Promise<RedisLocation> {
  if (config.REDIS_URL) return new RedisLocation(config.REDIS_URL);
  const port = config.LOCAL_REDIS_PORT;
  const url = `redis://${HOST}:${port}`;
  if (await isListening(port)) return new RedisLocation(url);
  return new RedisLocation(url, await startLocalRedis(resolve(config.DATA_DIR, 'redis'), port, shutdown));
}

class LocalRedis {
  // Also when the process ends without Nest's shutdown (a failed boot, a forced or
  // interrupted stop, a crash): never leave it running.
  private readonly stopOnExit = () => this.child.kill('SIGTERM');

  constructor(
    private readonly child: ChildProcess,
    private readonly shutdown: ShutdownSteps,
  ) {
    process.once('exit', this.stopOnExit);
  }

  /** SIGTERM saves its snapshot first, which may take a while; past a shutdown step, SIGKILL. */
  async stop(): Promise<void> {
    process.off('exit', this.stopOnExit);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await this.shutdown.within(
      'the local redis-server',
      () => exited,
      () => this.child.kill('SIGKILL'),
    );
  }
}

async function startLocalRedis(dir: string, port: number, shutdown: ShutdownSteps): Promise<LocalRedis | undefined> {
  const logger = new Logger('Redis');
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, 'redis.log');
  // Loopback only, as it has no password. Persistence is Redis' default snapshot, kept in
  // dir: a restart finds its jobs at once, yet nothing depends on it (Postgres holds every
  // fact and the reconciler rebuilds the jobs). Detached, so a terminal's Ctrl-C reaches
  // only this process, which closes its queues before it stops Redis.
  const child = spawn('redis-server', ['--port', String(port), '--bind', HOST, '--dir', dir, '--logfile', logFile, '--pidfile', join(dir, 'redis.pid')], { stdio: 'ignore', detached: true });
  const outcome = await new Promise<'up' | 'missing' | 'failed'>((settle) => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    child.on('error', (error: NodeJS.ErrnoException) => settle(error.code === 'ENOENT' ? 'missing' : 'failed'));
    child.once('exit', () => settle('failed'));
    const poll = async (): Promise<void> => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      if (await isListening(port)) return settle('up');
      if (Date.now() > deadline) return settle('failed');
      setTimeout(() => void poll(), 50);
    };
    void poll();
  });

  if (outcome === 'up') {
    logger.log(`No Redis on ${HOST}:${port}: started redis-server with its files in ${dir}; it stops with this process`);
    return new LocalRedis(child, shutdown);
  }
  if (outcome === 'missing') {
    logger.warn(`No Redis on ${HOST}:${port} and no redis-server to start one: install it (apt-get install redis-server, or brew install redis) or set REDIS_URL. Breach reports are accepted meanwhile.`);
    return undefined;
  }
  child.kill('SIGKILL');
  // Another process starting beside this one may have taken the port first; then use its Redis.
  if (!(await isListening(port))) logger.error(`redis-server did not start on ${HOST}:${port}; see ${logFile}. Breach reports are accepted meanwhile.`);
  return undefined;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((settle) => {
    const socket = connect({ host: HOST, port });
    socket.setTimeout(1_000, () => {
      socket.destroy();
      settle(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      settle(true);
    });
    socket.once('error', () => settle(false));
  });
}
