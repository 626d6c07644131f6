import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { once } from 'node:events';
import Redis from 'ioredis';
import { RedisLocation } from '../config/local-redis';
import { redisOptionsFromUrl } from '../config/redis-options';

const CONNECT_WAIT_MS = 1_000;

/**
 * Watches Redis for /health and tells the operator, once, when it is unreachable and
 * how to start one, and again when it is back. Nothing is lost meanwhile: facts live in
 * Postgres and the scheduler catches up on reconnect.
 */
@Injectable()
export class RedisProbe implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private client?: Redis;
  private down = false;

  constructor(private readonly location: RedisLocation) {}

  onModuleInit(): void {
    this.client = new Redis({
      ...redisOptionsFromUrl(this.location.url),
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: () => 2000,
    });
    this.client.on('error', (error: Error) => {
      if (this.down) return;
      this.down = true;
      this.logger.error(
        `Redis at ${this.location.url} is unreachable (${error.message}). Start one with "redis-server --daemonize yes" or set REDIS_URL; breach reports are still accepted and scheduled once Redis is back.`,
      );
    });
    this.client.on('ready', () => {
      if (this.down) this.logger.log('Redis is reachable again');
      this.down = false;
    });
  }

  async isUp(): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    try {
      // A connection still being made is not an outage: let it finish (or fail) first, so a fresh boot does not report Redis down.
      if (client.status === 'connecting' || client.status === 'connect')
        await Promise.race([once(client, 'ready'), once(client, 'error'), new Promise((resolve) => setTimeout(resolve, CONNECT_WAIT_MS).unref())]);
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }
}
