import { Module } from '@nestjs/common';
import { DomainEventsModule } from '../common/domain-events.module';
import { EventLog } from './event-log.service';
import { Metrics } from './metrics';
import { ObservabilityController } from './observability.controller';
import { RedisProbe } from './redis-probe';

/** Metrics, the Redis probe, /health and /metrics, and the log line of every domain event. */
@Module({
  imports: [DomainEventsModule],
  providers: [Metrics, RedisProbe, EventLog],
  controllers: [ObservabilityController],
  exports: [Metrics, RedisProbe],
})
export class ObservabilityModule {}
