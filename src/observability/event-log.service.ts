import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../common/domain-events';
import { eventLogLine } from './event-log';

/** One log line per domain event once it is committed (a rolled-back report logs nothing). */
@Injectable()
export class EventLog implements OnModuleInit {
  private readonly logger = new Logger('Events');

  constructor(private readonly events: DomainEvents) {}

  onModuleInit(): void {
    this.events.afterCommit((events) => {
      for (const event of events) this.logger.log(eventLogLine(event), event.event);
    });
  }
}
