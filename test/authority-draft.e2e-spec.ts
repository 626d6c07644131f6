import { inflateSync } from 'node:zlib';
import { authorityFormFactsBody, incidentBody, seedProcessor, severityFactsBody } from './factories';
import { binary, pdfTitle } from './utils/pdf';
import { startTestApp, TestApp } from './utils/test-app';

jest.setTimeout(30_000);

const HOUR = 3_600_000;

const SECTIONS = [
  'reportType',
  'organisation',
  'reporter',
  'contact',
  'otherOrganisations',
  'timeline',
  'summary',
  'nature',
  'incidentType',
  'personalData',
  'numbers',
  'people',
  'unintelligible',
  'consequences',
  'informingPeople',
  'measures',
  'crossBorder',
];

interface DraftAnswer {
  key: string;
  question: string;
  answer: string;
  toFollow: boolean;
}
interface DraftSection {
  key: string;
  title: string;
  answers: DraftAnswer[];
}
interface Draft {
  language: string;
  title: string;
  reportType: string;
  sections: DraftSection[];
  toFollow: string[];
}

/** `section.question` → the answer as the draft gives it. */
function answers(draft: Draft): Record<string, string> {
  return Object.fromEntries(draft.sections.flatMap((s) => s.answers.map((a) => [`${s.key}.${a.key}`, a.answer])));
}

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
  return [];
}

/** WinAnsi bytes above 0x7f that are not Latin-1, as pdfkit's standard fonts write them. */
const WIN_ANSI: Record<number, string> = { 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—' };

/** The text pdfkit shows with its standard fonts: each TJ array's hex strings, one line each, from the inflated content streams. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const bytes = [...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)].flatMap(([, hex]) => hex.match(/../g) ?? []).map((h) => parseInt(h, 16));
      lines.push(bytes.map((b) => WIN_ANSI[b] ?? String.fromCharCode(b)).join(''));
    }
  }
  return lines.join('\n');
}

describe('incidents: the AP meldformulier draft', () => {
  let t: TestApp;
  let processorId: string;
  let officer: string;

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    processorId = await seedProcessor(t.dataSource, { name: 'Hosting Noord B.V.', dpoName: 'Fleur Bakker', dpoEmail: 'fg@hosting.example' });
    officer = await t.keyFor('officer');
  });

  afterAll(async () => {
    await t?.close();
  });

  async function reportOwnBreach(body: Record<string, unknown> = {}): Promise<string> {
    const res = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(incidentBody({ processorId, role: 'controller', affectedControllerIds: [], ...body }));
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  const draft = (id: string, query = '') => t.as(officer).get(`/api/v1/incidents/${id}/authority-draft${query}`);

  it('answers every section of the form in Dutch by default, "volgt" where the record does not know yet, and nothing internal', async () => {
    const id = await reportOwnBreach({ title: 'Laptop left on the train', description: undefined, nature: undefined, dataCategories: undefined });
    const res = await draft(id);
    expect(res.status).toBe(200);
    expect(res.headers['content-language']).toBe('nl');
    const body = res.body as Draft;
    expect(body).toMatchObject({ language: 'nl', reportType: 'new', title: 'Concept melding datalek aan de Autoriteit Persoonsgegevens' });
    expect(body.sections.map((s) => s.key)).toEqual(SECTIONS);
    expect(body.sections.map((s) => s.title)).toContain('Informeren van betrokkenen');
    for (const section of body.sections) {
      expect(section.answers.length).toBeGreaterThan(0);
      for (const a of section.answers) expect(a.question).toEqual(expect.any(String));
    }
    const a = answers(body);
    expect(a).toMatchObject({
      'reportType.type': 'nieuwe melding',
      'organisation.role': 'verwerkingsverantwoordelijke',
      'organisation.organisations': 'Hosting Noord B.V., NL',
      'contact.name': 'Fleur Bakker',
      'contact.isDpo': 'ja',
      'otherOrganisations.involved': 'geen',
      'timeline.startedAt': 'volgt',
      'timeline.ongoing': 'ja',
      'timeline.lateReason': 'n.v.t.',
      'summary.title': 'Laptop left on the train',
      'summary.description': 'volgt',
      'incidentType.causes': 'volgt',
      'numbers.people': 'volgt',
      'people.vulnerableGroups': 'volgt',
      'personalData.specialCategories': 'geen',
      'reporter.phone': 'volgt',
      'measures.planned': 'volgt',
    });
    expect(body.toFollow).toEqual(expect.arrayContaining(['timeline.startedAt', 'summary.description', 'incidentType.causes', 'numbers.records', 'people.vulnerableGroups', 'informingPeople.informing']));
    expect(body.toFollow).not.toContain('timeline.lateReason');

    const text = JSON.stringify(body);
    expect(text).not.toContain(id);
    expect(text).not.toContain(processorId);
    expect(keysOf(body).filter((k) => /^(id|incidentId|processorId|createdAt|updatedAt)$/.test(k))).toEqual([]);
  });

  it('speaks English with ?lang=en or an Accept-Language that prefers it; ?lang wins over the header', async () => {
    const id = await reportOwnBreach({ description: undefined });
    const english = (await draft(id, '?lang=en')).body as Draft;
    expect(english).toMatchObject({ language: 'en', title: 'Draft personal data breach notification to the Autoriteit Persoonsgegevens' });
    expect(english.sections.map((s) => s.key)).toEqual(SECTIONS);
    expect(english.sections.find((s) => s.key === 'informingPeople')?.title).toBe('Informing the people affected');
    expect(answers(english)).toMatchObject({ 'summary.description': 'to follow', 'reportType.type': 'new notification', 'otherOrganisations.involved': 'none' });

    const byHeader = await draft(id).set('accept-language', 'fr-FR, en-GB;q=0.8, nl;q=0.5');
    expect(byHeader.headers['content-language']).toBe('en');
    expect((byHeader.body as Draft).language).toBe('en');
    expect(((await draft(id, '?lang=nl').set('accept-language', 'en')).body as Draft).language).toBe('nl');
    expect((await draft(id, '?lang=de')).status).toBe(400);
  });

  it("fills every question from the record's facts, the severity assessment's answers (asked once) and the processor's DPO", async () => {
    const id = await reportOwnBreach({
      reporter: { name: 'Sam de Vries', email: 'sam@hosting.example', phone: '+31 20 123 4567', function: 'Security officer' },
      specialCategories: ['health'],
      ...authorityFormFactsBody(),
    });
    const assessed = await t
      .as(officer)
      .put(`/api/v1/incidents/${id}/severity-assessment`)
      .send(severityFactsBody({ vulnerableSubjects: ['children'], unintelligible: false, approxDataSubjects: { min: 10, max: 20 } }));
    expect(assessed.status).toBe(200);

    const body = (await draft(id)).body as Draft;
    expect(answers(body)).toMatchObject({
      'reporter.name': 'Sam de Vries',
      'reporter.function': 'Security officer',
      'reporter.phone': '+31 20 123 4567',
      'reporter.email': 'sam@hosting.example',
      'timeline.ongoing': 'nee',
      'nature.whatHappened': 'lezen; kopiëren',
      'incidentType.causes': 'phishing; hacking',
      'incidentType.detection': 'The mail filter flagged a login from an unknown country.',
      'personalData.kinds': 'naam; e-mailadres; burgerservicenummer (BSN); bijzondere persoonsgegevens',
      'personalData.specialCategories': 'health',
      // The incident's own range; the assessment's is the fallback.
      'numbers.people': '1.200–1.500',
      'numbers.records': '3.000–5.000',
      'people.groups': 'customers; employees',
      'people.vulnerableGroups': 'children',
      'unintelligible.encryptedOrHashed': 'nee',
      'unintelligible.unintelligible': 'nee',
      'consequences.confidentiality': 'ja',
      'consequences.integrity': 'nee',
      'consequences.expectedHarm': 'materiële schade; immateriële schade',
      'measures.taken': 'Passwords reset, sessions revoked.',
      'measures.planned': 'Two-factor login for every mailbox.',
      'crossBorder.otherCountries': 'ja',
      'crossBorder.countries': 'BE; DE',
      'crossBorder.otherAuthorities': 'Politie (aangifte)',
    });
    // Only the decision about the people is still open: it comes with the risk assessment.
    expect(body.toFollow).toEqual(['informingPeople.informing']);

    const read = await t.as(officer).get(`/api/v1/incidents/${id}`);
    expect(read.body).toMatchObject({ dataSubjectsRange: { min: 1200, max: 1500 }, causes: ['phishing', 'hacking'], reporter: { phone: '+31 20 123 4567', function: 'Security officer' } });
  });

  it("takes the people's minimum–maximum from the severity assessment when the incident has none, and a lone estimate as approximate", async () => {
    const id = await reportOwnBreach({ approxRecords: 400 });
    await t
      .as(officer)
      .put(`/api/v1/incidents/${id}/severity-assessment`)
      .send(severityFactsBody({ approxDataSubjects: { min: 10, max: 20 } }));
    expect(answers((await draft(id, '?lang=en')).body as Draft)).toMatchObject({ 'numbers.people': '10–20', 'numbers.records': 'approximately 400' });
  });

  it('refuses new facts that are invalid or contradict each other, naming the field, and writes nothing', async () => {
    const count = async () => Number((await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM incidents'))[0].n);
    const before = await count();
    const report = (body: Record<string, unknown>) =>
      t
        .as(officer)
        .post('/api/v1/incidents')
        .send(incidentBody({ processorId, role: 'controller', affectedControllerIds: [], ...body }));
    const cases: [Record<string, unknown>, number, string][] = [
      [{ causes: ['arson'] }, 400, 'causes'],
      [{ causes: [] }, 400, 'causes'],
      [{ personalDataKinds: ['shoe size'] }, 400, 'personalDataKinds'],
      [{ dataOperations: ['reading', 'reading'] }, 400, 'dataOperations'],
      [{ expectedHarm: ['emotional'] }, 400, 'expectedHarm'],
      [{ crossBorderCountries: ['XX'] }, 400, 'crossBorderCountries'],
      [{ dataSubjectsRange: { min: -1, max: 3 } }, 400, 'dataSubjectsRange.min'],
      [{ recordsRange: { min: 1 } }, 400, 'recordsRange.max'],
      [{ reporter: { name: 'Sam', email: 'sam@hosting.example', phone: 'call me' } }, 400, 'reporter.phone'],
      [{ dataSubjectsRange: { min: 5, max: 2 } }, 422, 'dataSubjectsRange.max'],
      [{ approxDataSubjects: 50, dataSubjectsRange: { min: 1, max: 10 } }, 422, 'approxDataSubjects'],
      [{ approxRecords: 1, recordsRange: { min: 2, max: 10 } }, 422, 'approxRecords'],
    ];
    for (const [body, status, field] of cases) {
      const res = await report(body);
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await count()).toBe(before);

    const id = await reportOwnBreach({ approxDataSubjects: 8 });
    const update = (body: Record<string, unknown>) =>
      t
        .as(officer)
        .post(`/api/v1/incidents/${id}/updates`)
        .send({ note: 'more is known', ...body });
    const outside = await update({ dataSubjectsRange: { min: 10, max: 20 } });
    expect(outside.status).toBe(422);
    expect(outside.body.errors[0].field).toBe('approxDataSubjects');
    const erased = await update({ expectedHarm: null });
    expect(erased.status).toBe(400);
    expect(erased.body.errors[0].field).toBe('expectedHarm');
    expect((await update({ reporterPhone: '12' })).body.errors[0].field).toBe('reporterPhone');
    const read = await t.as(officer).get(`/api/v1/incidents/${id}`);
    expect(read.body).toMatchObject({ dataSubjectsRange: null, expectedHarm: null });
    expect(read.body.timeline).toHaveLength(1);

    const both = await update({ dataSubjectsRange: { min: 5, max: 20 }, approxDataSubjects: 12, reporterPhone: '020-1234567' });
    expect(both.status).toBe(201);
    expect(both.body).toMatchObject({ dataSubjectsRange: { min: 5, max: 20 }, approxDataSubjects: 12, reporter: { phone: '020-1234567' } });
  });

  it('after the AP is notified, a follow-up carries only what changed since; a new report and a withdrawal can still be asked for', async () => {
    const id = await reportOwnBreach({ awareAt: new Date(Date.now() - 80 * HOUR).toISOString(), ...authorityFormFactsBody({ measuresPlanned: undefined, occurredAt: undefined, endedAt: undefined }) });
    expect((await draft(id, '?type=follow_up')).status).toBe(422);
    expect((await draft(id, '?type=withdrawal')).body.errors[0].field).toBe('type');
    // Past 72 hours and not yet notified: the reason is the one thing the notification must still bring.
    expect(answers((await draft(id)).body as Draft)['timeline.lateReason']).toBe('volgt');

    const risk = await t.as(officer).post(`/api/v1/incidents/${id}/risk-assessment`).send({ riskLevel: 'risk', reasoning: 'names and e-mail addresses of customers; no special categories' });
    expect(risk.status).toBe(200);
    const notified = await t
      .as(officer)
      .post(`/api/v1/incidents/${id}/notifications`)
      .send({ kind: 'authority_notification', notifiedAt: new Date().toISOString(), reference: 'M-2026-0042', lateReason: 'the forensic report took four days' });
    expect(notified.status).toBe(201);

    const unchanged = (await draft(id)).body as Draft;
    expect(unchanged.reportType).toBe('follow_up');
    expect(unchanged.sections.map((s) => s.key)).toEqual(['reportType']);
    expect(answers(unchanged)).toMatchObject({
      'reportType.type': 'vervolgmelding (aanvulling of wijziging)',
      'reportType.previousReference': 'M-2026-0042',
      'reportType.previousNotifiedAt': expect.stringMatching(/Europe\/Amsterdam/),
    });

    const updated = await t
      .as(officer)
      .post(`/api/v1/incidents/${id}/updates`)
      .send({
        note: 'forensics complete',
        measuresPlanned: 'Two-factor login for every mailbox.',
        recordsRange: { min: 3500, max: 4200 },
        approxDataSubjects: 1300,
        dataSubjectsRange: { min: 1200, max: 1500 },
      });
    expect(updated.status).toBe(201);
    const followUp = (await draft(id, '?lang=en')).body as Draft;
    expect(followUp.sections.map((s) => [s.key, s.answers.map((a) => a.key)])).toEqual([
      ['reportType', ['type', 'previousNotifiedAt', 'previousReference', 'withdrawalReason']],
      ['numbers', ['records']],
      ['measures', ['planned']],
    ]);
    expect(answers(followUp)).toMatchObject({ 'numbers.records': '3,500–4,200', 'measures.planned': 'Two-factor login for every mailbox.' });
    // Still to follow in the whole form, not only in what this report carries.
    expect(followUp.toFollow).toEqual(expect.arrayContaining(['timeline.startedAt']));

    const whole = (await draft(id, '?type=new')).body as Draft;
    expect(whole.sections.map((s) => s.key)).toEqual(SECTIONS);
    expect(answers(whole)).toMatchObject({
      'timeline.lateReason': 'the forensic report took four days',
      'informingPeople.informing': 'nee',
      'informingPeople.notInformedBecause': expect.stringMatching(/^geen hoog risico .*: names and e-mail/),
    });

    // The follow-up is sent: the next one is measured against it.
    const sent = await t
      .as(officer)
      .post(`/api/v1/incidents/${id}/notifications`)
      .send({ kind: 'authority_notification', phase: 'follow_up', notifiedAt: new Date().toISOString(), reference: 'M-2026-0042' });
    expect(sent.status).toBe(201);
    expect(((await draft(id)).body as Draft).sections.map((s) => s.key)).toEqual(['reportType']);

    const none = await t
      .as(officer)
      .post(`/api/v1/incidents/${id}/risk-assessment`)
      .send({ riskLevel: 'none', reasoning: 'the export held test accounts only', noAuthorityNotificationReason: 'the mailboxes turned out to hold only test accounts, no personal data' });
    expect(none.status).toBe(200);
    const withdrawal = (await draft(id, '?type=withdrawal')).body as Draft;
    expect(withdrawal.reportType).toBe('withdrawal');
    expect(withdrawal.sections.map((s) => s.key)).toEqual(['reportType', 'organisation', 'reporter', 'contact']);
    expect(answers(withdrawal)).toMatchObject({ 'reportType.type': 'intrekking van de melding', 'reportType.withdrawalReason': 'the mailboxes turned out to hold only test accounts, no personal data' });
  });

  it('shows when and how the people were told, or why not', async () => {
    const id = await reportOwnBreach();
    await t.as(officer).post(`/api/v1/incidents/${id}/risk-assessment`).send({ riskLevel: 'high', reasoning: 'BSNs of all customers' });
    expect(answers((await draft(id)).body as Draft)).toMatchObject({ 'informingPeople.informing': 'nog niet, dat gebeurt nog', 'informingPeople.plannedBy': expect.stringMatching(/Europe\/Amsterdam/) });
    const told = await t
      .as(officer)
      .post(`/api/v1/incidents/${id}/notifications`)
      .send({ kind: 'data_subject_notification', notifiedAt: new Date().toISOString(), channel: 'e-mail to each customer', message: 'Beste klant, bij ons is een datalek ontdekt.' });
    expect(told.status).toBe(201);
    expect(answers((await draft(id, '?lang=en')).body as Draft)).toMatchObject({
      'informingPeople.informing': 'yes',
      'informingPeople.channel': 'e-mail to each customer',
      'informingPeople.message': 'Beste klant, bij ons is een datalek ontdekt.',
      'informingPeople.informedAt': expect.stringMatching(/Europe\/Amsterdam/),
      'informingPeople.notInformedBecause': 'not applicable',
    });

    const exempt = await reportOwnBreach();
    await t
      .as(officer)
      .post(`/api/v1/incidents/${exempt}/risk-assessment`)
      .send({ riskLevel: 'high', reasoning: 'health data', dataSubjectExemption: { ground: 'encrypted', justification: 'AES-256 full-disk encryption, key not on the device' } });
    expect(answers((await draft(exempt)).body as Draft)['informingPeople.notInformedBecause']).toBe(
      'de gegevens waren onbegrijpelijk voor onbevoegden (art. 34 lid 3 onder a AVG): AES-256 full-disk encryption, key not on the device',
    );

    const everyone = await reportOwnBreach();
    await t
      .as(officer)
      .post(`/api/v1/incidents/${everyone}/risk-assessment`)
      .send({
        riskLevel: 'high',
        reasoning: 'addresses of all past customers',
        dataSubjectExemption: { ground: 'disproportionate_effort', justification: 'no contact details kept for customers before 2019' },
      });
    const published = await t
      .as(officer)
      .post(`/api/v1/incidents/${everyone}/notifications`)
      .send({ kind: 'public_communication', notifiedAt: new Date().toISOString(), channel: 'notice on the website and in De Telegraaf', message: 'Datalek bij Hosting BV: wat u moet weten.' });
    expect(published.status).toBe(201);
    expect(answers((await draft(everyone)).body as Draft)).toMatchObject({
      'informingPeople.informing': 'ja, met een openbare mededeling (art. 34 lid 3 onder c AVG)',
      'informingPeople.channel': 'notice on the website and in De Telegraaf',
      'informingPeople.message': 'Datalek bij Hosting BV: wat u moet weten.',
    });
  });

  it('renders the draft as a PDF with every section, in Dutch and in English', async () => {
    const id = await reportOwnBreach({ title: 'Phishing at the help desk', description: undefined });
    const pdf = (query: string) => draft(id, query).set('accept', 'application/pdf').buffer(true).parse(binary);
    const dutch = await pdf('');
    expect(dutch.status).toBe(200);
    expect(dutch.headers['content-type']).toBe('application/pdf');
    expect(dutch.headers['content-disposition']).toBe('attachment; filename="concept-melding-datalek-new.pdf"');
    const nl = dutch.body as Buffer;
    expect(nl.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfTitle(nl)).toBe('Concept melding datalek aan de Autoriteit Persoonsgegevens — Phishing at the help desk');
    const json = (await draft(id)).body as Draft;
    const nlText = pdfText(nl);
    for (const section of json.sections) expect(nlText).toContain(section.title);
    expect(nlText).toContain('Is de inbreuk nog gaande?');
    expect(nlText).toContain('volgt');

    const english = await pdf('?lang=en');
    expect(english.headers['content-language']).toBe('en');
    const enText = pdfText(english.body as Buffer);
    for (const section of ((await draft(id, '?lang=en')).body as Draft).sections) expect(enText).toContain(section.title);
    expect(enText).toContain('to follow');
  });
});
