import fc from 'fast-check';
import { EndOfContractAction } from '../agreements/processing-agreement.entity';
import { DeadlineOutcome } from '../deadlines/deadlines.service';
import { completion, contractEndProgress, mayChangeChoice, Outstanding, ProgressInput, RecordedConfirmation, returnedFromAnswer, TaskProgress } from './contract-end-rules';
import { DeletionTaskStatus } from './deletion-task.entity';

const dueAt = new Date('2026-05-01T22:00:00Z');
let ids = 0;
const confirmedAt = (at: Date, lateReason: string | null = null, returnedLocation: string | null = null): TaskProgress => ({
  id: `t${++ids}`,
  status: 'confirmed',
  confirmedAt: at,
  lateReason,
  returnedLocation,
});
const confirmed = (iso: string, lateReason: string | null = null) => confirmedAt(new Date(iso), lateReason);
const open = (status: DeletionTaskStatus): TaskProgress => ({ id: `t${++ids}`, status, confirmedAt: null, lateReason: null, returnedLocation: null });
const recorded = (iso: string, lateReason: string | null = null): RecordedConfirmation => ({ confirmedAt: new Date(iso), lateReason });
const input = (over: Partial<ProgressInput>): ProgressInput => ({ ended: true, action: 'delete', tasks: [], confirmation: null, ...over });
const outcome = (over: Partial<ProgressInput>) => completion(contractEndProgress(input(over)), { dueAt });

describe('contract-end deletion: complete only on a confirmation', () => {
  it.each<[string, Partial<ProgressInput>, DeadlineOutcome | null]>([
    ['no stores and nothing recorded: not done (an empty list proves nothing)', {}, null],
    ['no stores, a person recorded it in time: met then', { confirmation: recorded('2026-04-10T12:00:00Z') }, { status: 'met', at: new Date('2026-04-10T12:00:00Z') }],
    [
      'no stores, recorded eleven months late: met late with its reason',
      { confirmation: recorded('2027-03-01T09:00:00Z', 'termination registered late') },
      { status: 'met_late', at: new Date('2027-03-01T09:00:00Z'), lateReason: 'termination registered late' },
    ],
    ['one store on time: met when it confirmed', { tasks: [confirmed('2026-04-10T12:00:00Z')] }, { status: 'met', at: new Date('2026-04-10T12:00:00Z') }],
    ['confirmed exactly at the due instant: met', { tasks: [confirmed('2026-05-01T22:00:00Z')] }, { status: 'met', at: dueAt }],
    [
      'several stores: met when the last one confirmed',
      { tasks: [confirmed('2026-04-20T00:00:00Z'), confirmed('2026-04-05T00:00:00Z'), confirmed('2026-04-12T00:00:00Z')] },
      { status: 'met', at: new Date('2026-04-20T00:00:00Z') },
    ],
    [
      'the last store a millisecond late: met_late with that store’s reason',
      { tasks: [confirmed('2026-05-01T22:00:00.001Z', 'backup tapes rotated late'), confirmed('2026-04-02T00:00:00Z')] },
      { status: 'met_late', at: new Date('2026-05-01T22:00:00.001Z'), lateReason: 'backup tapes rotated late' },
    ],
    [
      'a late store without a reason of its own: the generic one',
      { tasks: [confirmed('2026-05-04T00:00:00Z')] },
      { status: 'met_late', at: new Date('2026-05-04T00:00:00Z'), lateReason: 'confirmed after the due date' },
    ],
    [
      'two stores confirming at the same instant: the first one’s reason',
      { tasks: [confirmed('2026-05-04T00:00:00Z', 'first'), confirmed('2026-05-04T00:00:00Z', 'second')] },
      { status: 'met_late', at: new Date('2026-05-04T00:00:00Z'), lateReason: 'first' },
    ],
    ['a store still requested: not done', { tasks: [confirmed('2026-04-10T00:00:00Z'), open('requested')] }, null],
    ['a store still scheduled: not done', { tasks: [open('scheduled')] }, null],
    ['with stores, a recorded confirmation does not stand in for them', { tasks: [open('requested')], confirmation: recorded('2026-04-10T00:00:00Z') }, null],
    ['return chosen, a store confirmed without saying where the copy went: not done', { action: 'return', tasks: [confirmed('2026-04-10T00:00:00Z')] }, null],
    [
      'return chosen, the store said where its copy went: met',
      { action: 'return_and_delete', tasks: [confirmedAt(new Date('2026-04-10T00:00:00Z'), null, 'sftp://x/y')] },
      { status: 'met', at: new Date('2026-04-10T00:00:00Z') },
    ],
    ['before the contract ended nothing is done, even with a record', { ended: false, confirmation: recorded('2026-04-10T00:00:00Z') }, null],
  ])('%s', (_case, over, expected) => {
    expect(outcome(over)).toEqual(expected);
  });

  it('names what is outstanding, per store', () => {
    const waiting = open('requested');
    const unreturned = confirmed('2026-04-10T00:00:00Z');
    expect(contractEndProgress(input({ action: 'return', tasks: [waiting, unreturned] })).outstanding).toEqual<Outstanding[]>([
      { kind: 'store_not_confirmed', taskId: waiting.id },
      { kind: 'return_not_recorded', taskId: unreturned.id },
    ]);
    expect(contractEndProgress(input({ ended: false })).outstanding).toEqual<Outstanding[]>([{ kind: 'contract_not_ended' }, { kind: 'no_store_confirmation' }]);
    expect(contractEndProgress(input({ confirmation: recorded('2026-04-10T00:00:00Z') })).outstanding).toEqual([]);
  });

  const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
  const action = fc.constantFrom<EndOfContractAction>('delete', 'return', 'return_and_delete');

  it('is met iff the last confirmation is at or before dueAt, and always at the last confirmation', () => {
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 6 }), instant, action, (confirmations, due, chosen) => {
        const tasks = confirmations.map((at) => confirmedAt(at, null, 'returned somewhere'));
        const result = completion(contractEndProgress(input({ action: chosen, tasks })), { dueAt: due });
        const last = Math.max(...confirmations.map((at) => at.getTime()));
        return result !== null && result.status === (last <= due.getTime() ? 'met' : 'met_late') && 'at' in result && result.at.getTime() === last;
      }),
    );
  });

  it('waits for every store: one unconfirmed task anywhere means no outcome, whatever else was recorded', () => {
    fc.assert(
      fc.property(fc.array(instant, { maxLength: 5 }), fc.nat(), fc.constantFrom<DeletionTaskStatus>('scheduled', 'requested'), fc.option(instant), (confirmations, position, status, record) => {
        const tasks = confirmations.map((at) => confirmedAt(at));
        tasks.splice(position % (tasks.length + 1), 0, open(status));
        return completion(contractEndProgress(input({ tasks, confirmation: record ? { confirmedAt: record, lateReason: null } : null })), { dueAt }) === null;
      }),
    );
  });

  it('is never complete without any confirmation', () => {
    fc.assert(fc.property(action, fc.boolean(), (chosen, ended) => !contractEndProgress(input({ action: chosen, ended })).complete));
  });
});

describe('changing the end-of-contract choice', () => {
  const now = new Date('2026-03-01T09:00:00Z');
  it.each<[string, Date | null, boolean, boolean]>([
    ['open-ended, nothing started', null, false, true],
    ['the end still ahead', new Date('2026-03-01T09:00:00.001Z'), false, true],
    ['the end is this instant', now, false, false],
    ['the end has passed', new Date('2026-02-01T00:00:00Z'), false, false],
    ['erasure started, though by this clock the end is ahead', new Date('2026-03-02T00:00:00Z'), true, false],
    ['erasure started and the end has passed', new Date('2026-02-01T00:00:00Z'), true, false],
  ])('%s', (_case, end, erasureStarted, allowed) => {
    expect(mayChangeChoice(end, erasureStarted, now)).toBe(allowed);
  });
});

describe('what a webhook store says it returned', () => {
  it.each<[string, string | null, ReturnType<typeof returnedFromAnswer>]>([
    ['location and checksum', '{"returned":{"location":"sftp://x/export.tgz","checksum":"sha256:abc"}}', { location: 'sftp://x/export.tgz', checksum: 'sha256:abc', description: null }],
    ['with a description', '{"returned":{"location":"s3://b/k","description":"312 mailboxes"},"ok":true}', { location: 's3://b/k', checksum: null, description: '312 mailboxes' }],
    ['no answer', null, null],
    ['an empty answer', '', null],
    ['not JSON', 'OK', null],
    ['JSON without returned', '{"status":"queued"}', null],
    ['returned without a location', '{"returned":{"checksum":"sha256:abc"}}', null],
    ['a location of the wrong type', '{"returned":{"location":42}}', null],
    ['a blank location', '{"returned":{"location":"  "}}', null],
    ['a NUL byte Postgres cannot store', '{"returned":{"location":"a\\u0000b"}}', null],
    ['a checksum too long', `{"returned":{"location":"x","checksum":"${'a'.repeat(201)}"}}`, null],
    ['returned is an array', '{"returned":["x"]}', null],
    ['a top-level array', '[{"returned":{"location":"x"}}]', null],
  ])('%s', (_case, answer, expected) => {
    expect(returnedFromAnswer(answer)).toEqual(expected);
  });
});
