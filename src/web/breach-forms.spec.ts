import { notificationBody, registerQuery, reportBody, riskDecisionBody, updateBody } from './breach-forms';

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

describe('the report form as the API body', () => {
  it('nests dotted names, reads counts, yes/no, lines and Amsterdam times, and keeps one ticked box a list', () => {
    expect(
      reportBody({
        _csrf: 't',
        idempotencyKey: 'k',
        processorId: 'p',
        title: 'Laptop kwijt',
        awareAt: '2026-03-29T03:30',
        affectedControllerIds: 'c1',
        'affectedScope.subProcessorId': 's1',
        'reporter.name': 'Jan',
        'reporter.email': 'jan@hosting.example',
        'reporter.phone': '',
        nature: ['confidentiality', 'availability'],
        dataCategories: 'namen\r\n\r\n  e-mailadressen \r\n',
        approxDataSubjects: ' 120 ',
        approxRecords: '12a',
        dataEncrypted: 'false',
      }),
    ).toEqual({
      processorId: 'p',
      title: 'Laptop kwijt',
      awareAt: '2026-03-29T01:30:00.000Z',
      affectedControllerIds: ['c1'],
      affectedScope: { subProcessorId: 's1' },
      reporter: { name: 'Jan', email: 'jan@hosting.example' },
      nature: ['confidentiality', 'availability'],
      dataCategories: ['namen', 'e-mailadressen'],
      approxDataSubjects: 120,
      approxRecords: '12a',
      dataEncrypted: false,
    });
  });

  it('sends an empty reporter, so its fields are refused by name, and no scope unless one is chosen', () => {
    expect(reportBody({ 'affectedScope.allControllersOfProcessor': 'true' })).toEqual({ reporter: {}, affectedScope: { allControllersOfProcessor: true } });
    expect(reportBody({})).toEqual({ reporter: {} });
  });
});
