import { notificationBody, registerQuery, riskDecisionBody, updateBody } from './breach-forms';

describe('breach forms as API bodies', () => {
  it('keeps the named fields, leaves empty ones and the CSRF token out', () => {
    expect(updateBody({ _csrf: 't', note: 'Back-ups teruggezet\r\nAlles draait', measuresTaken: '', other: 'x' })).toEqual({ note: 'Back-ups teruggezet\nAlles draait' });
    expect(riskDecisionBody({ riskLevel: 'high', reasoning: 'Medische gegevens', departureReason: '' })).toEqual({ riskLevel: 'high', reasoning: 'Medische gegevens' });
  });

  it('reads the notification time as Amsterdam wall time, and hands on a list as a list for validation to refuse', () => {
    expect(notificationBody({ kind: 'authority_notification', notifiedAt: '2026-11-24T11:44', reference: '' })).toEqual({ kind: 'authority_notification', notifiedAt: '2026-11-24T10:44:00.000Z' });
    expect(notificationBody({ kind: ['a', 'b'] })).toEqual({ kind: ['a', 'b'] });
  });

  it('reads the register filter days as whole Amsterdam days, "to" included, across a DST change', () => {
    expect(registerQuery({ status: 'open', from: '2026-10-24', to: '2026-10-25', lang: 'en', cursor: '' })).toEqual({
      status: 'open',
      from: '2026-10-23T22:00:00.000Z',
      to: '2026-10-25T23:00:00.000Z',
    });
    expect(registerQuery({ from: 'gisteren' })).toEqual({ from: 'gisteren' });
  });
});
