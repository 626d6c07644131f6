import { Module } from '@nestjs/common';
import { Metrics } from './metrics';
import { ObservabilityController } from './observability.controller';
import { RedisProbe } from './redis-probe';

/** Metrics, the Redis probe, and /health and /metrics. */
@Module({
  providers: [Metrics, RedisProbe],
  controllers: [ObservabilityController],
  exports: [Metrics, RedisProbe],
})
export class ObservabilityModule {}
