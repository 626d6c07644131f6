import { completionProblems, DEFAULT_FORWARDING_HOURS, extensionAllowed, forwardingDueAt, forwardingTerm, responseDueAt } from './request-clocks';

describe('data-subject request clocks', () => {
  it('forwards within the agreement’s hours, the shortest of several, and 72 where none says', () => {
    expect(forwardingTerm([{ id: 'a', dataSubjectRequestForwardingHours: 48 }])).toEqual({ agreementId: 'a', hours: 48 });
    expect(
      forwardingTerm([
        { id: 'a', dataSubjectRequestForwardingHours: null },
        { id: 'b', dataSubjectRequestForwardingHours: 96 },
        { id: 'c', dataSubjectRequestForwardingHours: 24 },
      ]),
    ).toEqual({ agreementId: 'c', hours: 24 });
    expect(forwardingTerm([{ id: 'a', dataSubjectRequestForwardingHours: null }])).toEqual({ agreementId: 'a', hours: DEFAULT_FORWARDING_HOURS });
    expect(forwardingTerm([])).toEqual({ agreementId: null, hours: 72 });
  });

  it('counts forwarding in elapsed hours, across a DST night and a weekend', () => {
    // Friday 23 October 2026 16:00 CEST + 72 hours = Monday 26 October 15:00 CET.
    expect(forwardingDueAt(new Date('2026-10-23T14:00:00Z'), 72).toISOString()).toBe('2026-10-26T14:00:00.000Z');
  });

  it('answers within a month, or three from the same start once extended', () => {
    expect(responseDueAt(new Date('2026-01-31T10:00:00Z'), false).toISOString()).toBe('2026-03-02T22:59:59.999Z');
    expect(responseDueAt(new Date('2026-01-31T10:00:00Z'), true).toISOString()).toBe('2026-04-30T21:59:59.999Z');
  });

  it('allows an extension up to the last millisecond of the first month', () => {
    const due = new Date('2026-03-02T22:59:59.999Z');
    expect(extensionAllowed(due, due)).toBe(true);
    expect(extensionAllowed(new Date(due.getTime() + 1), due)).toBe(false);
  });

  it('needs reasons and the complaint information when a controller does not act (Art. 12(4))', () => {
    expect(completionProblems('controller', { outcome: 'fulfilled' })).toEqual([]);
    expect(completionProblems('controller', { outcome: 'refused', reason: 'Art. 17(3)(e): legal claims' }).map((p) => p.field)).toEqual(['complaintInfoGiven']);
    expect(completionProblems('controller', { outcome: 'excessive', complaintInfoGiven: true }).map((p) => p.field)).toEqual(['reason']);
    expect(completionProblems('controller', { outcome: 'manifestly_unfounded', reason: '  ', complaintInfoGiven: false }).map((p) => p.field)).toEqual(['reason', 'complaintInfoGiven']);
    expect(completionProblems('controller', { outcome: 'partly_fulfilled', reason: 'invoices are kept', complaintInfoGiven: true })).toEqual([]);
    expect(completionProblems('processor', { outcome: 'refused' })).toEqual([]);
  });
});
