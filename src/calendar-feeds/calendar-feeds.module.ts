import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { CalendarFeed } from './calendar-feed.entity';
import { CalendarFeedsController } from './calendar-feeds.controller';
import { CalendarFeedsService } from './calendar-feeds.service';
import { CalendarIcsController } from './calendar-ics.controller';

/** Deadlines in the officer's own calendar: a revocable feed token per API key, and the feed at /calendar.ics. */
@Module({
  imports: [TypeOrmModule.forFeature([CalendarFeed]), AuditModule, AuthModule, DeadlinesModule],
  controllers: [CalendarFeedsController, CalendarIcsController],
  providers: [CalendarFeedsService],
})
export class CalendarFeedsModule {}
