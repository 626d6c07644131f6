import fc from 'fast-check';
import { DeadlineOutcome } from '../deadlines/deadlines.service';
import { completion, mayChangeChoice } from './contract-end-rules';
import { DeletionTask, DeletionTaskStatus } from './deletion-task.entity';

type Task = Pick<DeletionTask, 'status' | 'confirmedAt' | 'lateReason'>;

const endedAt = new Date('2026-03-01T00:00:00Z');
const dueAt = new Date('2026-03-31T22:00:00Z');
const deadline = { startsAt: endedAt, dueAt };
const confirmedAt = (at: Date, lateReason: string | null = null): Task => ({ status: 'confirmed', confirmedAt: at, lateReason });
const confirmed = (iso: string, lateReason: string | null = null): Task => confirmedAt(new Date(iso), lateReason);
const open = (status: DeletionTaskStatus): Task => ({ status, confirmedAt: null, lateReason: null });

describe('contract-end deletion completion', () => {
  it.each<[string, Task[], DeadlineOutcome | null]>([
    ['no stores: met when the contract ended', [], { status: 'met', at: endedAt }],
    ['one store on time: met when it confirmed', [confirmed('2026-03-10T12:00:00Z')], { status: 'met', at: new Date('2026-03-10T12:00:00Z') }],
    ['confirmed exactly at the due instant: met', [confirmed('2026-03-31T22:00:00Z')], { status: 'met', at: dueAt }],
    [
      'several stores: met when the last one confirmed',
      [confirmed('2026-03-20T00:00:00Z'), confirmed('2026-03-05T00:00:00Z'), confirmed('2026-03-12T00:00:00Z')],
      { status: 'met', at: new Date('2026-03-20T00:00:00Z') },
    ],
    [
      'the last store a millisecond late: met_late with that store’s reason',
      [confirmed('2026-03-31T22:00:00.001Z', 'backup tapes rotated late'), confirmed('2026-03-02T00:00:00Z')],
      { status: 'met_late', at: new Date('2026-03-31T22:00:00.001Z'), lateReason: 'backup tapes rotated late' },
    ],
    [
      'a late store without a reason of its own: the generic one',
      [confirmed('2026-04-02T00:00:00Z')],
      { status: 'met_late', at: new Date('2026-04-02T00:00:00Z'), lateReason: 'confirmed after the due date' },
    ],
    [
      'two stores confirming at the same instant: the first one’s reason',
      [confirmed('2026-04-02T00:00:00Z', 'first'), confirmed('2026-04-02T00:00:00Z', 'second')],
      { status: 'met_late', at: new Date('2026-04-02T00:00:00Z'), lateReason: 'first' },
    ],
    ['a store still requested: not done', [confirmed('2026-03-10T00:00:00Z'), open('requested')], null],
    ['a store still scheduled: not done', [open('scheduled')], null],
  ])('%s', (_case, tasks, expected) => {
    expect(completion(tasks, deadline)).toEqual(expected);
  });

  const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });

  it('is met iff the last confirmation is at or before dueAt, and always at the last confirmation', () => {
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 6 }), instant, (confirmations, due) => {
        const outcome = completion(
          confirmations.map((at) => confirmedAt(at)),
          { startsAt: endedAt, dueAt: due },
        );
        const last = Math.max(...confirmations.map((at) => at.getTime()));
        return outcome !== null && outcome.status === (last <= due.getTime() ? 'met' : 'met_late') && 'at' in outcome && outcome.at.getTime() === last;
      }),
    );
  });

  it('waits for every store: one unconfirmed task anywhere means no outcome', () => {
    fc.assert(
      fc.property(fc.array(instant, { maxLength: 5 }), fc.nat(), fc.constantFrom<DeletionTaskStatus>('scheduled', 'requested'), (confirmations, position, status) => {
        const tasks = confirmations.map((at) => confirmedAt(at));
        tasks.splice(position % (tasks.length + 1), 0, open(status));
        return completion(tasks, deadline) === null;
      }),
    );
  });
});

describe('changing the end-of-contract choice', () => {
  const now = new Date('2026-03-01T09:00:00Z');
  it.each<[string, Date | null, boolean, boolean]>([
    ['not terminated, nothing started', null, false, true],
    ['terminated, the end still ahead', new Date('2026-03-01T09:00:00.001Z'), false, true],
    ['the end is this instant', now, false, false],
    ['the end has passed', new Date('2026-02-01T00:00:00Z'), false, false],
    ['erasure started, though by this clock the end is ahead', new Date('2026-03-02T00:00:00Z'), true, false],
    ['erasure started and the end has passed', new Date('2026-02-01T00:00:00Z'), true, false],
  ])('%s', (_case, terminationEffectiveAt, erasureStarted, allowed) => {
    expect(mayChangeChoice(terminationEffectiveAt, erasureStarted, now)).toBe(allowed);
  });
});
