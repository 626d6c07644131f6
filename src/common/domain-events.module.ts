import { Module } from '@nestjs/common';
import { DomainEvents } from './domain-events';

/** The one DomainEvents every publisher and the outbox share. */
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
