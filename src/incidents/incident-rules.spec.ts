import fc from 'fast-check';
import { DateTime } from 'luxon';
import { isInForceAt } from '../agreements/agreement-status';
import { DEADLINE_STATUSES, DeadlineStatus } from '../deadlines/deadline.entity';
import { Incident } from './incident.entity';
import { ProblemException } from '../common/problem';
import { AgreementOnRecord, assertConsistentCounts, AUTHORITY_FORM_FACTS, AuthorityFormFact, ClockAgreement, clockAgreement, dataHeldAt, missingForNotification, reportDeadlines } from './incident-rules';

const amsterdam = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Amsterdam' }).toJSDate();
const wall = (d: Date) => DateTime.fromJSDate(d, { zone: 'Europe/Amsterdam' }).toFormat('yyyy-LL-dd HH:mm');
const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });

describe('breach clocks', () => {
  it('runs 72 elapsed hours across the spring-forward night: aware 28 March 10:00 → due 31 March 11:00 Amsterdam', () => {
    const [deadline] = reportDeadlines('i', 'controller', amsterdam('2026-03-28T10:00'), []);
    expect(deadline.kind).toBe('authority_notification');
    expect(wall(deadline.dueAt)).toBe('2026-03-31 11:00');
    expect(deadline.dueAt.toISOString()).toBe('2026-03-31T09:00:00.000Z');
  });

  it('runs 72 elapsed hours across the fall-back night: aware 24 October 10:00 → due 27 October 09:00 Amsterdam', () => {
    const [deadline] = reportDeadlines('i', 'controller', amsterdam('2026-10-24T10:00'), []);
    expect(wall(deadline.dueAt)).toBe('2026-10-27 09:00');
  });

  it('puts each controller clock exactly breachNotificationHours after awareness, for any instant and any 1..72', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 72 }), (awareAt, hours) => {
        const [deadline] = reportDeadlines('i', 'processor', awareAt, [{ controllerId: 'c', agreementId: 'a', basis: 'agreement_in_force', breachNotificationHours: hours, includedBy: 'listed' }]);
        return deadline.dueAt.getTime() - awareAt.getTime() === hours * 3_600_000 && deadline.startsAt.getTime() === awareAt.getTime() && deadline.controllerId === 'c';
      }),
    );
  });

  it('opens no authority clock for a processor-role breach: that is each controller’s', () => {
    fc.assert(
      fc.property(instant, fc.array(fc.integer({ min: 1, max: 72 }), { maxLength: 5 }), (awareAt, hours) => {
        const deadlines = reportDeadlines(
          'i',
          'processor',
          awareAt,
          hours.map((h, n) => ({ controllerId: `c${n}`, agreementId: null, basis: 'no_agreement', breachNotificationHours: h, includedBy: 'listed' })),
        );
        return deadlines.length === hours.length && deadlines.every((d) => d.kind === 'controller_notification');
      }),
    );
  });
});

describe('which agreement sets a controller clock (clockAgreement)', () => {
  const AWARE = new Date('2026-03-10T12:00:00.000Z');
  const ms = (n: number) => new Date(AWARE.getTime() + n);
  const DAY = 24 * 3_600_000;
  const deletion = (status: DeadlineStatus, metAt: Date | null = null) => ({ status, metAt });
  const agreement = (id: string, over: Partial<AgreementOnRecord> = {}): AgreementOnRecord => ({
    id,
    effectiveFrom: new Date('2025-01-01T00:00:00Z'),
    endsAt: null,
    terminatedAt: null,
    terminationEffectiveAt: null,
    breachNotificationHours: 48,
    deletions: [],
    ...over,
  });
  const ended = (id: string, endsAt: Date, over: Partial<AgreementOnRecord> = {}) => agreement(id, { endsAt, ...over });
  const terminated = (id: string, effectiveAt: Date, over: Partial<AgreementOnRecord> = {}) =>
    agreement(id, { terminatedAt: new Date('2025-12-01T00:00:00Z'), terminationEffectiveAt: effectiveAt, ...over });

  it.each<[string, AgreementOnRecord[], ClockAgreement]>([
    ['one agreement in force: its hours', [agreement('a', { breachNotificationHours: 24 })], { basis: 'agreement_in_force', agreementId: 'a', breachNotificationHours: 24 }],
    [
      'two in force: the strictest',
      [agreement('a', { breachNotificationHours: 48 }), agreement('b', { breachNotificationHours: 12 })],
      { basis: 'agreement_in_force', agreementId: 'b', breachNotificationHours: 12 },
    ],
    ['starting exactly at awareAt: in force', [agreement('a', { effectiveFrom: AWARE })], { basis: 'agreement_in_force', agreementId: 'a', breachNotificationHours: 48 }],
    ['starting 1 ms after awareAt: it did not cover the data then', [agreement('a', { effectiveFrom: ms(1) })], { basis: 'no_agreement', agreementId: null, breachNotificationHours: 72 }],
    ['endsAt 1 ms after awareAt: still in force', [ended('a', ms(1))], { basis: 'agreement_in_force', agreementId: 'a', breachNotificationHours: 48 }],
    ['endsAt exactly at awareAt: ended, data held', [ended('a', AWARE)], { basis: 'agreement_ended_data_held', agreementId: 'a', breachNotificationHours: 48 }],
    ['termination effective 1 ms after awareAt: still in force', [terminated('a', ms(1))], { basis: 'agreement_in_force', agreementId: 'a', breachNotificationHours: 48 }],
    ['termination effective exactly at awareAt: ended, data held', [terminated('a', AWARE)], { basis: 'agreement_ended_data_held', agreementId: 'a', breachNotificationHours: 48 }],
    ['ended, deletion pending: data held', [ended('a', ms(-DAY), { deletions: [deletion('pending')] })], { basis: 'agreement_ended_data_held', agreementId: 'a', breachNotificationHours: 48 }],
    ['ended, deletion missed: data held', [ended('a', ms(-DAY), { deletions: [deletion('missed')] })], { basis: 'agreement_ended_data_held', agreementId: 'a', breachNotificationHours: 48 }],
    [
      'ended, deletion cancelled: no erasure proven, data held',
      [ended('a', ms(-DAY), { deletions: [deletion('cancelled')] })],
      { basis: 'agreement_ended_data_held', agreementId: 'a', breachNotificationHours: 48 },
    ],
    [
      'ended, deletion met 1 ms after awareAt: data still held then',
      [ended('a', ms(-DAY), { deletions: [deletion('met', ms(1))] })],
      { basis: 'agreement_ended_data_held', agreementId: 'a', breachNotificationHours: 48 },
    ],
    ['ended, deletion met exactly at awareAt: no data held', [ended('a', ms(-DAY), { deletions: [deletion('met', AWARE)] })], { basis: 'no_agreement', agreementId: null, breachNotificationHours: 72 }],
    [
      'ended, deletion met late before awareAt: no data held',
      [ended('a', ms(-DAY), { deletions: [deletion('met_late', ms(-1))] })],
      { basis: 'no_agreement', agreementId: null, breachNotificationHours: 72 },
    ],
    [
      'two ended, both held: the one that ended last, though its hours are looser',
      [ended('older', ms(-30 * DAY), { breachNotificationHours: 8 }), terminated('newer', ms(-DAY), { breachNotificationHours: 30 })],
      { basis: 'agreement_ended_data_held', agreementId: 'newer', breachNotificationHours: 30 },
    ],
    [
      'two ended at the same instant: the strictest',
      [ended('a', ms(-DAY), { breachNotificationHours: 30 }), ended('b', ms(-DAY), { breachNotificationHours: 10 })],
      { basis: 'agreement_ended_data_held', agreementId: 'b', breachNotificationHours: 10 },
    ],
    [
      'the newer one deleted, the older one not: the older one',
      [ended('older', ms(-30 * DAY), { breachNotificationHours: 8 }), ended('newer', ms(-3 * DAY), { deletions: [deletion('met', ms(-DAY))] })],
      { basis: 'agreement_ended_data_held', agreementId: 'older', breachNotificationHours: 8 },
    ],
    [
      'in force beats a stricter ended one',
      [ended('old', ms(-DAY), { breachNotificationHours: 1 }), agreement('current', { breachNotificationHours: 48 })],
      { basis: 'agreement_in_force', agreementId: 'current', breachNotificationHours: 48 },
    ],
    ['none at all: 72 hours', [], { basis: 'no_agreement', agreementId: null, breachNotificationHours: 72 }],
  ])('%s', (_, agreements, expected) => {
    expect(clockAgreement(agreements, AWARE)).toEqual(expected);
  });

  const anyAgreement = fc
    .record({
      noticeOffset: fc.option(fc.integer({ min: -1000, max: 10 })),
      startOffset: fc.integer({ min: -1000, max: 10 }),
      endOffset: fc.option(fc.integer({ min: -500, max: 500 })),
      terminationOffset: fc.option(fc.integer({ min: -500, max: 500 })),
      hours: fc.integer({ min: 1, max: 72 }),
      deletions: fc.array(fc.record({ status: fc.constantFrom(...DEADLINE_STATUSES), metOffset: fc.integer({ min: -100, max: 100 }) }), { maxLength: 2 }),
    })
    .map((a): Omit<AgreementOnRecord, 'id'> => ({
      effectiveFrom: ms(a.startOffset),
      endsAt: a.endOffset === null ? null : ms(a.endOffset),
      terminatedAt: a.terminationOffset === null ? null : ms(a.noticeOffset ?? a.terminationOffset),
      terminationEffectiveAt: a.terminationOffset === null ? null : ms(a.terminationOffset),
      breachNotificationHours: a.hours,
      deletions: a.deletions.map((d) => ({ status: d.status, metAt: d.status === 'met' || d.status === 'met_late' ? ms(d.metOffset) : null })),
    }));
  const agreementsOnRecord = fc.array(anyAgreement, { maxLength: 6 }).map((list) => list.map((a, n) => ({ ...a, id: `a${n}` })));

  it('does not depend on the order the agreements are read in', () => {
    fc.assert(fc.property(agreementsOnRecord, fc.boolean(), (list, reverse) => expect(clockAgreement(reverse ? [...list].reverse() : list, AWARE)).toEqual(clockAgreement(list, AWARE))));
  });

  it('measures against an agreement in force whenever there is one, and names an agreement exactly when it does not run 72 hours by default', () => {
    fc.assert(
      fc.property(agreementsOnRecord, (list) => {
        const clock = clockAgreement(list, AWARE);
        const chosen = list.find((a) => a.id === clock.agreementId);
        expect(clock.basis === 'agreement_in_force').toBe(list.some((a) => isInForceAt(a, AWARE)));
        expect(clock.basis === 'no_agreement').toBe(chosen === undefined);
        expect(clock.breachNotificationHours).toBe(chosen ? chosen.breachNotificationHours : 72);
        if (clock.basis === 'agreement_ended_data_held') expect(dataHeldAt(chosen!.deletions, AWARE)).toBe(true);
      }),
    );
  });
});

describe('what the AP form still needs (missingForNotification)', () => {
  type FormFacts = Pick<Incident, AuthorityFormFact>;
  const nothingKnown: FormFacts = {
    occurredAt: null,
    description: null,
    nature: null,
    dataCategories: null,
    approxRecords: null,
    approxDataSubjects: null,
    dataEncrypted: null,
    likelyConsequences: null,
    measuresTaken: null,
    crossBorder: null,
  };
  const everythingKnown: FormFacts = {
    occurredAt: new Date('2026-03-01T10:00:00Z'),
    description: 'A mailbox export on a public share',
    nature: ['confidentiality'],
    dataCategories: ['name', 'e-mail'],
    approxRecords: 5400,
    approxDataSubjects: 1200,
    dataEncrypted: true,
    likelyConsequences: 'phishing',
    measuresTaken: 'share removed',
    crossBorder: true,
  };

  it.each<[string, Partial<FormFacts>, string[]]>([
    ['a first report with only the minimum: every fact, in the form’s order', nothingKnown, [...AUTHORITY_FORM_FACTS]],
    ['everything known: nothing', {}, []],
    ['false and 0 are answers', { dataEncrypted: false, crossBorder: false, approxRecords: 0, approxDataSubjects: 0 }, []],
    ['a blank text answers nothing', { description: '  ', likelyConsequences: '' }, ['description', 'likelyConsequences']],
    ['an empty list answers nothing', { dataCategories: [] }, ['dataCategories']],
    ['the counts and the start still open', { occurredAt: null, approxRecords: null, approxDataSubjects: null }, ['occurredAt', 'approxRecords', 'approxDataSubjects']],
  ])('%s', (_, over, expected) => {
    expect(missingForNotification({ ...everythingKnown, ...over })).toEqual(expected);
  });

  it('lists exactly the facts the record does not answer, each once, in the form’s order', () => {
    fc.assert(
      fc.property(fc.subarray([...AUTHORITY_FORM_FACTS]), (unknown) => {
        const incident = { ...everythingKnown, ...Object.fromEntries(unknown.map((fact) => [fact, null])) };
        expect(missingForNotification(incident)).toEqual(AUTHORITY_FORM_FACTS.filter((fact) => unknown.includes(fact)));
      }),
    );
  });
});

describe('minimum–maximum counts beside the single estimate', () => {
  const counts = (over: Partial<Parameters<typeof assertConsistentCounts>[0]>) => () =>
    assertConsistentCounts({ approxDataSubjects: null, approxRecords: null, dataSubjectsRange: null, recordsRange: null, ...over });
  const fieldOf = (run: () => void): string | undefined => {
    try {
      run();
      return undefined;
    } catch (e) {
      return (e as ProblemException).problem.errors?.[0]?.field;
    }
  };

  it.each([
    ['no range', {}, undefined],
    ['a range alone', { dataSubjectsRange: { min: 1, max: 1 } }, undefined],
    ['an estimate within the range, at its ends', { recordsRange: { min: 10, max: 20 }, approxRecords: 20 }, undefined],
    ['an estimate alone', { approxDataSubjects: 5 }, undefined],
    ['min above max', { dataSubjectsRange: { min: 3, max: 2 } }, 'dataSubjectsRange.max'],
    ['records min above max', { recordsRange: { min: 3, max: 2 } }, 'recordsRange.max'],
    ['an estimate below the range', { dataSubjectsRange: { min: 10, max: 20 }, approxDataSubjects: 9 }, 'approxDataSubjects'],
    ['an estimate above the range', { recordsRange: { min: 10, max: 20 }, approxRecords: 21 }, 'approxRecords'],
  ])('%s → %s', (_, over, field) => {
    expect(fieldOf(counts(over))).toBe(field);
  });
});
