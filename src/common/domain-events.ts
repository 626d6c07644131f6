import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Every event the service announces, by name, with its payload type. Modules add theirs
 * from their own folder by declaration merging:
 *
 *   declare module '../common/domain-events' {
 *     interface DomainEventMap { 'incident.created': IncidentCreatedEvent }
 *   }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface DomainEventMap {}

export type DomainEventName = Extract<keyof DomainEventMap, string>;

/** What every event states: the controllers it concerns, so a legal hold on one keeps its deliveries. */
export interface DomainEventBase {
  controllerIds: string[];
}

/**
 * Who reads an event by e-mail besides webhook subscribers: nobody, the compliance officer,
 * the officer and the contact of each controller the event concerns (a controller is told
 * only of what concerns it), or those contacts alone (an event per controller, where the
 * officer hears of the whole through another event).
 */
export type MailAudience = 'none' | 'officer' | 'officer_and_controllers' | 'controllers';

export interface PublishedEvent {
  event: string;
  data: DomainEventBase & object;
  mail: MailAudience;
}

export type EventSink = (manager: EntityManager, events: PublishedEvent[]) => Promise<void>;

/** Told of events once their transaction committed; must not throw. */
export type CommittedEventListener = (events: PublishedEvent[]) => void;

/**
 * Where modules announce events, inside their transaction, without knowing who listens.
 * The notifications module is the sink: it writes the events to its outbox in the same
 * transaction. Names are declared by the module that publishes them, so webhooks can be
 * checked against what exists.
 */
@Injectable()
export class DomainEvents {
  private readonly declaredNames = new Set<string>();
  private sink?: EventSink;
  private readonly committedListeners: CommittedEventListener[] = [];

  declare(...names: DomainEventName[]): void {
    for (const name of names) this.declaredNames.add(name);
  }

  names(): string[] {
    return [...this.declaredNames].sort();
  }

  drainInto(sink: EventSink): void {
    if (this.sink) throw new Error('domain events already have a sink');
    this.sink = sink;
  }

  afterCommit(listener: CommittedEventListener): void {
    this.committedListeners.push(listener);
  }

  /** Called by whoever committed the transaction the events were published in. */
  committed(events: PublishedEvent[]): void {
    if (events.length) for (const listener of this.committedListeners) listener(events);
  }

  async publish<E extends DomainEventName>(manager: EntityManager, event: E, data: DomainEventMap[E] & DomainEventBase, mail: MailAudience = 'none'): Promise<void> {
    await this.publishAll(manager, [{ event, data, mail }]);
  }

  async publishAll(manager: EntityManager, events: PublishedEvent[]): Promise<void> {
    for (const { event } of events) if (!this.declaredNames.has(event)) throw new Error(`event ${event} is not declared`);
    if (events.length && this.sink) await this.sink(manager, events);
  }
}
