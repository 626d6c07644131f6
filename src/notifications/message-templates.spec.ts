import { renderMail } from './mail-render';
import { LIST_LIMIT, mailContext, Reader, templateOf, untemplatedMail } from './message-templates';
import { Names } from './subject-names.registry';

const INCIDENT = '7d1f3c2a-4b5e-4f60-8a71-0c9d8e7f6a51';
const PROCESSOR = '1a2b3c4d-5e6f-4a0b-9c1d-2e3f4a5b6c7d';
const JANSEN = 'a1a1a1a1-b2b2-4c3c-8d4d-e5e5e5e5e5e5';
const SCRIPT = 'b2b2b2b2-c3c3-4d4d-8e5e-f6f6f6f6f6f6';
const AGREEMENT = 'c3c3c3c3-d4d4-4e5e-8f6f-a7a7a7a7a7a7';
const DEADLINE = 'd4d4d4d4-e5e5-4f6f-8a7a-b8b8b8b8b8b8';
const REQUEST = 'e5e5e5e5-f6f6-4a7a-8b8b-c9c9c9c9c9c9';
const SUB = 'f6f6f6f6-a7a7-4b8b-8c9c-d0d0d0d0d0d0';

const NAMES: Record<string, Record<string, string>> = {
  processor: { [PROCESSOR]: 'Hosting BV' },
  controller: { [JANSEN]: 'Bakkerij Jansen', [SCRIPT]: '<script>alert("x")</script> & Co' },
  incident: { [INCIDENT]: 'ransomware' },
  deadline: { [DEADLINE]: 'ransomware' },
};
const names: Names = (type, id) => (id ? NAMES[type]?.[id] : undefined);
const base = { publicUrl: 'https://compliance.hosting.example', occurredAt: new Date('2025-11-24T10:44:00Z'), officerEmail: 'fg@hosting.example' };
const officer: Reader = { kind: 'officer' };
const client = (controllerId: string): Reader => ({ kind: 'controller', controllerId });

function render(event: string, data: object, reader: Reader, language: 'nl' | 'en') {
  const template = templateOf(event)?.mail;
  if (!template) throw new Error(`no template for ${event}`);
  return renderMail(template(data as never, reader, mailContext(language, names, base)), language);
}

const created = {
  incidentId: INCIDENT,
  title: 'ransomware',
  role: 'processor',
  processorId: PROCESSOR,
  awareAt: '2025-11-24T09:30:00.000Z',
  controllerIds: [JANSEN, SCRIPT],
  deadlines: [
    { deadlineId: DEADLINE, kind: 'controller_notification', controllerId: SCRIPT, dueAt: '2025-11-27T10:44:00.000Z', basis: 'agreement' },
    { deadlineId: REQUEST, kind: 'controller_notification', controllerId: JANSEN, dueAt: '2025-11-26T09:30:00.000Z', basis: 'agreement' },
  ],
};

const affected = { incidentId: INCIDENT, title: 'ransomware', processorId: PROCESSOR, awareAt: created.awareAt, controllerId: JANSEN, dueAt: '2025-11-26T09:30:00.000Z', controllerIds: [JANSEN] };
const ending = {
  agreementId: AGREEMENT,
  reference: 'VO-2024-017',
  processorId: PROCESSOR,
  controllerId: JANSEN,
  controllerIds: [JANSEN],
  endsAt: '2025-12-31T23:00:00.000Z',
  endOfContract: { action: 'return_and_delete', withinDays: 30 },
};
const deletion = {
  taskId: REQUEST,
  agreementId: AGREEMENT,
  agreementReference: 'VO-2024-017',
  controllerId: JANSEN,
  controllerIds: [JANSEN],
  dataStore: { id: SUB, name: 'mailcluster' },
  method: 'manual',
  dueAt: '2026-01-30T22:59:59.999Z',
};
const request = {
  requestId: REQUEST,
  type: 'access',
  role: 'processor',
  status: 'received',
  controllerId: JANSEN,
  controllerIds: [JANSEN],
  receivedAt: '2025-11-24T08:00:00.000Z',
  dueAt: '2025-11-26T08:00:00.000Z',
};
const party = { id: SUB, name: 'Mailfilter Inc.', service: 'mail filtering', country: 'US', transferMechanism: 'scc', safeguard: 'standard contractual clauses 2021/914, module 3' };
const notice = { title: 'New sub-processor: Mailfilter Inc.', controllerId: JANSEN, controllerIds: [JANSEN], subProcessor: party };
const announced = {
  ...notice,
  announcement: 'addition',
  replaces: null,
  changes: [],
  agreements: [{ agreementId: AGREEMENT, reference: 'VO-2024-017', status: 'pending_objection', objectionDueAt: '2025-12-24T10:44:00.000Z', approvalDueAt: null }],
  objectionDueAt: '2025-12-24T10:44:00.000Z',
};
const approval = {
  ...notice,
  announcement: 'change',
  replaces: null,
  changes: [{ field: 'country', from: 'NL', to: 'US' }],
  agreements: [{ agreementId: AGREEMENT, reference: 'VO-2024-017', status: 'pending_approval', objectionDueAt: null, approvalDueAt: '2025-12-10T16:00:00.000Z' }],
  approvalDueAt: '2025-12-10T16:00:00.000Z',
};
const ended = { ...notice, agreements: [{ agreementId: AGREEMENT, reference: 'VO-2024-017', status: 'ended', objectionDueAt: null, approvalDueAt: null }], endedAt: '2025-11-24T10:44:00.000Z' };
const deadline = {
  deadlineId: DEADLINE,
  kind: 'controller_notification',
  dueAt: '2025-11-27T10:44:00.000Z',
  incidentId: INCIDENT,
  controllerId: JANSEN,
  controllerIds: [JANSEN],
  subjectType: 'incident',
  subjectId: INCIDENT,
};
const objection = { ...deadline, kind: 'objection_window', incidentId: null, subjectType: 'sub_processor_agreement', subjectId: SUB };

/** Every e-mailed event, with whom it is mailed to, as the publishing modules set it. */
const MAILED: { event: string; data: object; readers: Reader[] }[] = [
  { event: 'incident.created', data: created, readers: [officer] },
  { event: 'incident.controller_affected', data: affected, readers: [client(JANSEN)] },
  { event: 'agreement.ending', data: ending, readers: [officer, client(JANSEN)] },
  { event: 'deletion.requested', data: deletion, readers: [officer, client(JANSEN)] },
  { event: 'data_subject_request.received', data: request, readers: [officer] },
  { event: 'data_subject_request.extended', data: { ...request, status: 'extended', dueAt: '2026-02-24T22:59:59.999Z' }, readers: [officer] },
  { event: 'data_subject_request.completed', data: { ...request, status: 'completed', outcome: 'fulfilled' }, readers: [officer] },
  { event: 'subprocessor.announced', data: announced, readers: [officer, client(JANSEN)] },
  { event: 'subprocessor.approval_requested', data: approval, readers: [officer, client(JANSEN)] },
  { event: 'subprocessor.ended', data: ended, readers: [officer, client(JANSEN)] },
  { event: 'deadline.reminder', data: { ...deadline, fraction: 0.5, remainingMs: 50 * 3_600_000 }, readers: [officer] },
  { event: 'deadline.reminder', data: { ...objection, fraction: 0.9, remainingMs: 5 * 3_600_000 }, readers: [officer, client(JANSEN)] },
  { event: 'deadline.missed', data: { ...deadline, missedAt: deadline.dueAt }, readers: [officer] },
];

const SUBJECTS: Record<string, [nl: string, en: string]> = {
  'incident.created officer': ['Datalek gemeld: ransomware bij Hosting BV — melden vóór wo 26 nov 10:30', 'Breach reported: ransomware at Hosting BV — notify by Wed 26 Nov 10:30'],
  'incident.controller_affected controller': [
    'Datalek gemeld: ransomware bij Hosting BV — Bakkerij Jansen, melden vóór do 27 nov 11:44',
    'Breach reported: ransomware at Hosting BV — Bakkerij Jansen, notify by Thu 27 Nov 11:44',
  ],
  'agreement.ending officer': ['Verwerkersovereenkomst VO-2024-017 met Bakkerij Jansen eindigt do 1 jan 00:00', 'Processor agreement VO-2024-017 with Bakkerij Jansen ends Thu 1 Jan 00:00'],
  'agreement.ending controller': ['Uw verwerkersovereenkomst VO-2024-017 met Hosting BV eindigt do 1 jan 00:00', 'Your processor agreement VO-2024-017 with Hosting BV ends Thu 1 Jan 00:00'],
  'deletion.requested officer': [
    'Gegevens verwijderen: mailcluster voor Bakkerij Jansen (VO-2024-017) — vóór vr 30 jan 23:59',
    'Delete data: mailcluster for Bakkerij Jansen (VO-2024-017) — by Fri 30 Jan 23:59',
  ],
  'deletion.requested controller': ['Verwijdering van uw gegevens gestart: mailcluster (VO-2024-017)', 'Deletion of your data started: mailcluster (VO-2024-017)'],
  'data_subject_request.received officer': [
    'Verzoek van betrokkene ontvangen: verzoek om inzage voor Bakkerij Jansen — termijn wo 26 nov 09:00',
    'Data subject request received: access request for Bakkerij Jansen — due Wed 26 Nov 09:00',
  ],
  'data_subject_request.extended officer': [
    'Termijn verlengd: verzoek om inzage voor Bakkerij Jansen — nieuwe termijn di 24 feb 23:59',
    'Period extended: access request for Bakkerij Jansen — now due Tue 24 Feb 23:59',
  ],
  'data_subject_request.completed officer': ['Verzoek afgehandeld: verzoek om inzage voor Bakkerij Jansen', 'Request completed: access request for Bakkerij Jansen'],
  'subprocessor.announced officer': [
    'Nieuwe sub-verwerker Mailfilter Inc. voor Bakkerij Jansen — bezwaar mogelijk tot wo 24 dec 11:44',
    'New sub-processor Mailfilter Inc. for Bakkerij Jansen — objections until Wed 24 Dec 11:44',
  ],
  'subprocessor.approval_requested officer': [
    'Goedkeuring gevraagd: wijziging bij Mailfilter Inc. voor Bakkerij Jansen — antwoord vóór wo 10 dec 17:00',
    'Approval asked: change at Mailfilter Inc. for Bakkerij Jansen — answer by Wed 10 Dec 17:00',
  ],
  'subprocessor.ended officer': ['Sub-verwerker Mailfilter Inc. niet meer ingezet voor Bakkerij Jansen', 'Sub-processor Mailfilter Inc. no longer used for Bakkerij Jansen'],
  'deadline.reminder officer': [
    'Herinnering: Verwerkingsverantwoordelijke informeren over datalek — ransomware (Bakkerij Jansen), vóór do 27 nov 11:44',
    'Reminder: Inform the controller of the breach — ransomware (Bakkerij Jansen), by Thu 27 Nov 11:44',
  ],
  'deadline.reminder officer objection_window': [
    'Herinnering: Bezwaartermijn sub-verwerker loopt af — ransomware (Bakkerij Jansen), vóór do 27 nov 11:44',
    'Reminder: Objection period for a sub-processor ends — ransomware (Bakkerij Jansen), by Thu 27 Nov 11:44',
  ],
  'deadline.missed officer': [
    'Termijn verstreken: Verwerkingsverantwoordelijke informeren over datalek — ransomware (Bakkerij Jansen), was do 27 nov 11:44',
    'Deadline missed: Inform the controller of the breach — ransomware (Bakkerij Jansen), was Thu 27 Nov 11:44',
  ],
};
// A client reads the same subject as the officer's copy where nothing in it is the officer's alone.
SUBJECTS['subprocessor.announced controller'] = SUBJECTS['subprocessor.announced officer'];
SUBJECTS['subprocessor.approval_requested controller'] = SUBJECTS['subprocessor.approval_requested officer'];
SUBJECTS['subprocessor.ended controller'] = SUBJECTS['subprocessor.ended officer'];
SUBJECTS['deadline.reminder controller objection_window'] = SUBJECTS['deadline.reminder officer objection_window'];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const cases = MAILED.flatMap(({ event, data, readers }) =>
  readers.flatMap((reader) =>
    (['nl', 'en'] as const).map((language, i) => {
      const kind = (data as { kind?: string }).kind === 'objection_window' ? ' objection_window' : '';
      return { name: `${event} to the ${reader.kind}${kind} in ${language}`, event, data, reader, language, subject: SUBJECTS[`${event} ${reader.kind}${kind}`]?.[i] };
    }),
  ),
);

describe('e-mail templates', () => {
  it.each(cases)('$name: says what happened and for whom, with names, not ids', ({ event, data, reader, language, subject }) => {
    const mail = render(event, data, reader, language);
    expect(mail.subject).toBe(subject);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain(language === 'nl' ? 'Wat u moet doen' : 'What to do');
      expect(part).toContain('Bakkerij Jansen');
    }
    expect(mail.html).toContain(`<html lang="${language}">`);
    // Ids appear only in the dashboard address, never in what a person reads.
    const readable = mail.text.split('\n').filter((line) => !line.includes(base.publicUrl));
    expect(readable.filter((line) => UUID.test(line))).toEqual([]);
    if (reader.kind === 'officer') {
      expect(mail.text).toMatch(new RegExp(`(Bekijk in het dashboard|Open in the dashboard): ${base.publicUrl}/(breaches|agreements|requests|deadlines)/[0-9a-f-]{36}\n`));
      expect(mail.html).toContain(`<a href="${base.publicUrl}/`);
    } else {
      // The dashboard is the organisation's own: a client is given the officer to write to instead.
      expect(mail.text).not.toContain(base.publicUrl);
      expect(mail.text).toContain('fg@hosting.example');
    }
  });

  it('writes a whole message as a person would read it, in Dutch and in English', () => {
    expect(render('incident.controller_affected', affected, client(JANSEN), 'nl').text).toBe(
      [
        'Hosting BV meldt u als verwerker een datalek dat persoonsgegevens van Bakkerij Jansen kan betreffen: ransomware.',
        'Hosting BV weet van het datalek sinds ma 24 nov 2025 10:30.',
        '',
        'Klant: Bakkerij Jansen',
        'Datalek: ransomware',
        'Melden bij de AP vóór: do 27 nov 2025 11:44',
        '',
        'Wat u moet doen: U bent als verwerkingsverantwoordelijke vanaf dit bericht op de hoogte. Beoordeel het risico en meld het datalek vóór do 27 nov 2025 11:44 (binnen 72 uur) bij de Autoriteit Persoonsgegevens, tenzij het waarschijnlijk geen risico oplevert voor de betrokkenen. Verdere informatie volgt zodra wij die hebben.',
        '',
        'Vragen of bezwaar? Mail naar fg@hosting.example',
        '',
        '-- ',
        'Dit bericht is automatisch verstuurd.',
        '',
      ].join('\n'),
    );
    expect(render('deadline.reminder', { ...deadline, fraction: 0.5, remainingMs: 50 * 3_600_000 }, officer, 'en').text).toBe(
      [
        '2 days and 2 hours left until Thu 27 Nov 2025 11:44.',
        '',
        'What: Inform the controller of the breach',
        'About: ransomware',
        'Client: Bakkerij Jansen',
        'Due: Thu 27 Nov 2025 11:44',
        '',
        'What to do: Inform the client and record the notification in the dashboard.',
        '',
        `Open in the dashboard: ${base.publicUrl}/deadlines/${DEADLINE}`,
        '',
        '-- ',
        'This message was sent automatically.',
        '',
      ].join('\n'),
    );
  });

  it('escapes names in HTML: a client called <script> injects nothing', () => {
    const scripted = { ...affected, controllerId: SCRIPT, controllerIds: [SCRIPT] };
    for (const language of ['nl', 'en'] as const) {
      const mail = render('incident.controller_affected', scripted, client(SCRIPT), language);
      expect(mail.text).toContain('<script>alert("x")</script> & Co');
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
      expect(mail.html.match(/<[a-z!/][^>]*>/g)!.every((tag) => /^<\/?(!doctype html|html|head|meta|title|body|p|table|tr|th|td|ul|li|strong|a)\b/.test(tag))).toBe(true);
    }
  });

  it('keeps a subject on one line, whatever a name holds', () => {
    const mail = render('incident.created', { ...created, title: 'ransomware\r\nBcc: everyone@example.com' }, officer, 'nl');
    expect(mail.subject).toBe('Datalek gemeld: ransomware Bcc: everyone@example.com bij Hosting BV — melden vóór wo 26 nov 10:30');
  });

  it("shows a client only its own deadlines of a breach; the officer's message lists every client", () => {
    const toJansen = render('incident.created', created, client(JANSEN), 'nl');
    expect(toJansen.text).toContain('Verwerkingsverantwoordelijke informeren over datalek (Bakkerij Jansen)');
    expect(toJansen.text).toContain('Getroffen klanten: 1');
    expect(toJansen.text).not.toContain('script');
    const toOfficer = render('incident.created', created, officer, 'nl');
    expect(toOfficer.text).toContain('Verwerkingsverantwoordelijke informeren over datalek (Bakkerij Jansen)');
    expect(toOfficer.text).toContain('Verwerkingsverantwoordelijke informeren over datalek (<script>alert("x")</script> & Co)');
  });

  it('lists at most LIST_LIMIT lines and sends the reader to the dashboard for the rest', () => {
    const many = Array.from({ length: LIST_LIMIT + 1234 }, (_, i) => ({
      deadlineId: DEADLINE,
      kind: 'controller_notification',
      controllerId: JANSEN,
      dueAt: new Date(Date.UTC(2025, 10, 26, 9, i)).toISOString(),
      basis: 'agreement',
    }));
    const text = render('incident.created', { ...created, deadlines: many }, officer, 'nl').text;
    expect(text.split('\n').filter((line) => line.startsWith('- Verwerkingsverantwoordelijke informeren over datalek'))).toHaveLength(LIST_LIMIT);
    expect(text).toContain('- en nog 1.234 — zie het dashboard');
    expect(render('incident.created', { ...created, deadlines: many }, officer, 'en').text).toContain('- and 1,234 more — see the dashboard');
  });

  it('says so when a name is gone, rather than showing the id', () => {
    const text = render('deletion.requested', { ...deletion, controllerId: SUB, controllerIds: [SUB] }, officer, 'en').text;
    expect(text).toContain('Client: (name unknown)');
  });

  it('writes an event mailed before its wording exists as its name with a link', () => {
    const message = untemplatedMail('retention.completed', officer, mailContext('nl', names, base));
    expect(renderMail(message, 'nl')).toMatchObject({ subject: 'Melding: retention.completed', text: expect.stringContaining(`Bekijk in het dashboard: ${base.publicUrl}/\n`) });
  });
});

describe('webhook names', () => {
  it('adds names beside the ids of a breach report, renaming nothing', () => {
    const added = templateOf('incident.created')!.webhook!(created as never, names);
    expect(added).toEqual({
      processorName: 'Hosting BV',
      controllers: [
        { id: JANSEN, name: 'Bakkerij Jansen' },
        { id: SCRIPT, name: '<script>alert("x")</script> & Co' },
      ],
      deadlines: created.deadlines.map((d) => ({ ...d, controllerName: NAMES.controller[d.controllerId] })),
    });
    expect(templateOf('deadline.missed')!.webhook!({ ...deadline, missedAt: deadline.dueAt }, names)).toEqual({ controllerName: 'Bakkerij Jansen', subjectTitle: 'ransomware' });
    expect(templateOf('incident.closed')!.webhook!({ incidentId: INCIDENT, closedAt: deadline.dueAt, controllerIds: [] }, names)).toEqual({ incidentTitle: 'ransomware' });
  });
});
