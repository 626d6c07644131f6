import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Change } from '../audit/unit-of-work';
import { Deadline } from './deadline.entity';
import { ApiText } from '../common/api-docs.decorator';

/**
 * What became of a deadline its owner looked at when it fell due: closed by the owner
 * (an objection window that passed quietly is met), or missed, which this module then
 * records, audits and announces like any missed deadline.
 */
export type DueOutcome = { missed: false } | { missed: true; details?: Record<string, unknown> };

/**
 * What the owning module does when a deadline of its kind falls due and is still pending
 * (an objection window closes, a contract-end deletion starts). Runs in the scheduler's
 * change with the deadline row locked.
 */
export type DueHandler = (change: Change, deadline: Deadline) => Promise<DueOutcome>;

/** What a deadline is about, in words a person can work from in a list or a calendar. */
export class DeadlineAbout {
  /** What one reads first: an incident's title, a request's type and requester, a sub-processor and what it does, an agreement's reference. */
  @ApiText({ description: "what one reads first: an incident's title, a request's type and requester, a sub-processor, an agreement's reference" }) title: string;
  /** The controller the deadline concerns, by name, where it concerns one. */
  @ApiText({ nullable: true }) controllerName: string | null;
  /** The agreement it arises from, where one does. */
  @ApiText({ nullable: true }) agreementReference: string | null;
}

/** The owning module's reading of its deadlines' subjects, by deadline id; a subject since erased is left out. */
export type DeadlineDescriber = (manager: EntityManager, deadlines: Deadline[]) => Promise<Map<string, DeadlineAbout>>;

export interface DeadlineKind {
  kind: string;
  /** What its rows are about (`subjectType`, with the subject's id in `subjectId`). */
  subjectType: string;
  /**
   * Who it concerns besides the organisation: `controller` when the controller is the
   * counterpart (it may object, it asked for erasure), so its contact reads reminders and
   * misses; `organisation` for the organisation's own duties, such as breach notifications,
   * which the controller hears of through the notification itself.
   */
  concerns: 'organisation' | 'controller';
  /** Without one, a deadline still pending at its due instant is missed. */
  onDue?: DueHandler;
  describe: DeadlineDescriber;
}

/** The kinds of deadline features contribute, each from its own folder at module init. */
@Injectable()
export class DeadlineKinds {
  private readonly byKind = new Map<string, DeadlineKind>();

  register(...kinds: DeadlineKind[]): void {
    for (const kind of kinds) {
      if (this.byKind.has(kind.kind)) throw new Error(`deadline kind ${kind.kind} is registered twice`);
      this.byKind.set(kind.kind, kind);
    }
  }

  get(kind: string): DeadlineKind {
    const found = this.byKind.get(kind);
    if (!found) throw new Error(`deadline kind ${kind} is not registered`);
    return found;
  }

  has(kind: string): boolean {
    return this.byKind.has(kind);
  }

  names(): string[] {
    return [...this.byKind.keys()].sort();
  }
}
