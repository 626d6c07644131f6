import { Controller, Get, Header, HttpStatus, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../common/roles.decorator';
import { Metrics } from './metrics';
import { RedisProbe } from './redis-probe';

const UP_DOWN = { type: 'string' as const, enum: ['up', 'down'] };
const HEALTH_SCHEMA = {
  type: 'object' as const,
  required: ['status', 'database', 'redis'],
  properties: { status: { type: 'string' as const, enum: ['ok', 'degraded', 'down'] }, database: UP_DOWN, redis: UP_DOWN },
};

@ApiTags('operations')
@Controller()
export class ObservabilityController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisProbe,
    private readonly metrics: Metrics,
  ) {}

  /** 503 without the database; 200 "degraded" without Redis, since reports are still accepted then. */
  @ApiOperation({ summary: 'Health of the service, its database and Redis' })
  @ApiResponse({ status: 200, description: 'up, or degraded without Redis', schema: HEALTH_SCHEMA })
  @ApiResponse({ status: 503, description: 'the database is down', schema: HEALTH_SCHEMA })
  @Get('health')
  @Public()
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const database = await this.dataSource
      .query('SELECT 1')
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    const redis = (await this.redis.isUp()) ? ('up' as const) : ('down' as const);
    const status = database === 'down' ? 'down' : redis === 'down' ? 'degraded' : 'ok';
    void reply.status(database === 'down' ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK);
    return { status, database, redis };
  }

  @Get('metrics')
  @Public()
  @ApiExcludeEndpoint()
  @Header('content-type', 'text/plain; version=0.0.4')
  async prometheus() {
    return this.metrics.registry.metrics();
  }
}
