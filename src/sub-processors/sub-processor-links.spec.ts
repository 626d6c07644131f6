import { endOfDaysPeriod } from '../common/time';
import { SUB_PROCESSOR_LINK_STATUSES } from './sub-processor-agreement.entity';
import { announcedLinkStatus, approvalDueAt, blockedBecause, changedTerms, judgeObjection, linkTransition, objectionWindowClosesAt, usedAt } from './sub-processor-links';

describe('sub-processor links', () => {
  it('waits for objections under general authorisation and for approval under specific', () => {
    expect(announcedLinkStatus('general')).toBe('pending_objection');
    expect(announcedLinkStatus('specific')).toBe('pending_approval');
  });

  it('accepts an objection within the window, its edges included', () => {
    const announced = new Date('2026-02-10T09:00:00Z');
    const closes = new Date('2026-03-12T09:00:00Z');
    expect(judgeObjection(announced, announced, closes)).toEqual({ ok: true });
    expect(judgeObjection(new Date('2026-02-20T12:00:00Z'), announced, closes)).toEqual({ ok: true });
    expect(judgeObjection(closes, announced, closes)).toEqual({ ok: true });
  });

  it('refuses an objection before the announcement or after the window closed', () => {
    const announced = new Date('2026-02-10T09:00:00Z');
    const closes = new Date('2026-03-12T09:00:00Z');
    expect(judgeObjection(new Date('2026-02-10T08:59:59Z'), announced, closes)).toMatchObject({ ok: false, reason: expect.stringContaining('before the announcement') });
    expect(judgeObjection(new Date('2026-03-12T09:00:00.001Z'), announced, closes)).toEqual({ ok: false, reason: 'the objection window closed at 2026-03-12T09:00:00.000Z' });
  });

  it('closes the objection window as a period in days: the end of the last day in Amsterdam, not the announcement’s clock time', () => {
    // Announced Tuesday 3 March 2026 at 10:00 CET; 30 days later is Thursday 2 April, an ordinary working day (CEST); periods in days end at its last millisecond.
    const announced = new Date('2026-03-03T09:00:00Z');
    expect(objectionWindowClosesAt(announced, 30).toISOString()).toBe('2026-04-02T21:59:59.999Z');
    expect(objectionWindowClosesAt(announced, 30)).toEqual(endOfDaysPeriod(announced, 30));
  });

  it('asks for approval by the officer’s date, which must lie ahead, or by the end of the 30th day', () => {
    const now = new Date('2026-03-03T09:00:00Z');
    expect(approvalDueAt(now, null)).toEqual({ ok: true, dueAt: endOfDaysPeriod(now, 30) });
    expect(approvalDueAt(now, new Date('2026-03-20T12:00:00Z'))).toEqual({ ok: true, dueAt: new Date('2026-03-20T12:00:00Z') });
    expect(approvalDueAt(now, now)).toMatchObject({ ok: false, reason: expect.stringContaining('after the request') });
  });

  describe('transitions', () => {
    const general = { authorization: 'general' } as const;
    const specific = { authorization: 'specific' } as const;

    it('announces once, by the agreement’s authorisation', () => {
      expect(linkTransition(null, { type: 'announced', ...general })).toEqual({ ok: true, status: 'pending_objection' });
      expect(linkTransition(null, { type: 'announced', ...specific })).toEqual({ ok: true, status: 'pending_approval' });
      expect(linkTransition('authorized', { type: 'announced', ...general })).toMatchObject({ ok: false });
      expect(linkTransition(null, { type: 'objected' })).toMatchObject({ ok: false, reason: expect.stringContaining('not announced') });
    });

    it('asks again on a change where the sub-processor is in use or on its way, and nowhere else', () => {
      for (const from of ['authorized', 'pending_objection', 'pending_approval'] as const) {
        expect(linkTransition(from, { type: 'changed', ...general })).toEqual({ ok: true, status: 'pending_objection' });
        expect(linkTransition(from, { type: 'changed', ...specific })).toEqual({ ok: true, status: 'pending_approval' });
      }
      for (const from of ['objected', 'rejected', 'ended'] as const) expect(linkTransition(from, { type: 'changed', ...general })).toMatchObject({ ok: false });
    });

    it('authorises when the window closes quietly, blocks on an objection, only while the window is open', () => {
      expect(linkTransition('pending_objection', { type: 'window_closed' })).toEqual({ ok: true, status: 'authorized' });
      expect(linkTransition('objected', { type: 'window_closed' })).toMatchObject({ ok: false });
      expect(linkTransition('pending_objection', { type: 'objected' })).toEqual({ ok: true, status: 'objected' });
      expect(linkTransition('pending_approval', { type: 'objected' })).toMatchObject({ ok: false, reason: expect.stringContaining('specific authorisation') });
      expect(linkTransition('authorized', { type: 'objected' })).toEqual({ ok: false, reason: 'the sub-processor is already authorized for this agreement' });
    });

    it('decides an approval once, and only under specific authorisation', () => {
      expect(linkTransition('pending_approval', { type: 'approved' })).toEqual({ ok: true, status: 'authorized' });
      expect(linkTransition('pending_approval', { type: 'rejected' })).toEqual({ ok: true, status: 'rejected' });
      expect(linkTransition('pending_objection', { type: 'approved' })).toMatchObject({ ok: false, reason: expect.stringContaining('general authorisation') });
      expect(linkTransition('rejected', { type: 'approved' })).toMatchObject({ ok: false });
    });

    it('resolves an objection: withdrawn ends a new one and restores a changed one; a terminated agreement ends it', () => {
      expect(linkTransition('objected', { type: 'objection_resolved', resolution: 'withdrawn', announcement: 'addition' })).toEqual({ ok: true, status: 'ended' });
      expect(linkTransition('objected', { type: 'objection_resolved', resolution: 'withdrawn', announcement: 'replacement' })).toEqual({ ok: true, status: 'ended' });
      expect(linkTransition('objected', { type: 'objection_resolved', resolution: 'withdrawn', announcement: 'change' })).toEqual({ ok: true, status: 'authorized' });
      expect(linkTransition('objected', { type: 'objection_resolved', resolution: 'agreement_terminated', announcement: 'change' })).toEqual({ ok: true, status: 'ended' });
      expect(linkTransition('authorized', { type: 'objection_resolved', resolution: 'withdrawn', announcement: 'addition' })).toMatchObject({
        ok: false,
        reason: expect.stringContaining('no open objection'),
      });
    });

    it('ends from every status but ended', () => {
      for (const from of SUB_PROCESSOR_LINK_STATUSES) expect(linkTransition(from, { type: 'ended' })).toEqual(from === 'ended' ? { ok: false, reason: expect.any(String) } : { ok: true, status: 'ended' });
    });
  });

  it('names the terms a notice is about when they change, not the name', () => {
    const before = { country: 'NL', service: 'backup', transferMechanism: null };
    expect(changedTerms(before, { ...before })).toEqual([]);
    expect(changedTerms(before, { country: 'US', service: 'backup', transferMechanism: 'scc' })).toEqual([
      { field: 'country', from: 'NL', to: 'US' },
      { field: 'transferMechanism', from: null, to: 'scc' },
    ]);
  });

  it('blocks where the sub-processor may not be used, and not where a change is only open for objection', () => {
    const at = new Date('2026-03-03T09:00:00Z');
    const link = (status: (typeof SUB_PROCESSOR_LINK_STATUSES)[number], announcement: 'addition' | 'change' = 'addition', endedAt: Date | null = null) => ({ status, announcement, endedAt });
    expect(blockedBecause(link('authorized'), at)).toBeNull();
    expect(blockedBecause(link('pending_objection', 'change'), at)).toBeNull();
    expect(blockedBecause(link('pending_objection'), at)).toContain('objection period');
    expect(blockedBecause(link('pending_approval', 'change'), at)).toContain('approval');
    expect(blockedBecause(link('objected'), at)).toContain('objected');
    expect(blockedBecause(link('rejected'), at)).toContain('refused');
    expect(blockedBecause(link('ended', 'addition', new Date('2026-03-01T00:00:00Z')), at)).toContain('since 2026-03-01');
    expect(blockedBecause(link('ended', 'addition', new Date('2026-03-04T00:00:00Z')), at)).toBeNull();
  });
});

describe('usedAt', () => {
  const at = new Date('2026-05-01T10:00:00Z');
  const before = new Date('2026-04-01T10:00:00Z');
  const after = new Date('2026-05-02T10:00:00Z');
  it.each([
    ['authorised before', 'authorized', before, true],
    ['authorised at the instant', 'authorized', at, true],
    ['authorised after', 'authorized', after, false],
    ['authorised, no decision recorded', 'authorized', null, false],
    ['pending objection', 'pending_objection', null, false],
    ['pending approval', 'pending_approval', null, false],
    ['objected', 'objected', before, false],
    ['rejected', 'rejected', before, false],
    ['ended', 'ended', before, false],
  ] as const)('%s → %s', (_, status, decidedAt, expected) => {
    expect(usedAt({ status, decidedAt }, at)).toBe(expected);
  });
});
