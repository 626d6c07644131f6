import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';
import { ObservabilityController } from './observability.controller';
import { RedisProbe } from './redis-probe';

@Global()
@Module({
  providers: [Metrics, RedisProbe],
  controllers: [ObservabilityController],
  exports: [Metrics, RedisProbe],
})
export class ObservabilityModule {}
