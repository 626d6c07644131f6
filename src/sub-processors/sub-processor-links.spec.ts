import { announcedLinkStatus, judgeObjection } from './sub-processor-links';

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
});
