import request from 'supertest';
import { seedAgreement, seedAgreements, seedController, seedControllers, seedProcessor, seedSubProcessor } from './factories';
import { changedTables, DatabaseWatch } from './fuzz/database-state';
import { DashboardSession, signIn } from './utils/dashboard';
import { startTestApp, TestApp } from './utils/test-app';

jest.setTimeout(60_000);

interface Incident {
  id: string;
  title: string;
  processorId: string;
  awareAt: string;
  approxDataSubjects: number | null;
  nature: string[] | null;
  dataCategories: string[] | null;
  reporter: { name: string; email: string };
  deadlines: { kind: string; controllerId: string | null; dueAt: string }[];
}

/** "Datalek melden" over HTTP: who gets the form, what it sends to the API's report, and how a refusal reads. */
describe('dashboard: reporting a breach', () => {
  let t: TestApp;
  let officer: DashboardSession;
  let reporter: DashboardSession;
  let auditor: DashboardSession;
  let watch: DatabaseWatch;
  let ownProcessor: string;
  let otherProcessor: string;
  let bakery: string;
  let butcher: string;
  let otherClient: string;
  let subProcessor: string;
  const server = () => t.app.getHttpServer();
  const get = (session: DashboardSession, path: string) => request(server()).get(path).set('cookie', session.cookie);
  const post = (session: DashboardSession, form: Record<string, string | string[]>, csrf: string | null = session.csrf) =>
    request(server())
      .post('/breaches')
      .set('cookie', session.cookie)
      .type('form')
      .send({ ...(csrf === null ? {} : { _csrf: csrf }), ...form });
  const incident = async (id: string) => (await t.as().get(`/api/v1/incidents/${id}`)).body as Incident;
  const reportedId = (location: string | undefined) => /^\/breaches\/([0-9a-f-]{36})\?saved=report$/.exec(location ?? '')?.[1];
  /** What a refused submit may write: nothing, but the session's last use. */
  const writesAround = async (send: () => Promise<request.Response>) => {
    const before = await watch.read();
    const res = await send();
    const changed = changedTables(before, await watch.read()).filter((line) => !line.startsWith('dashboard_sessions:'));
    return { res, changed };
  };

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    ownProcessor = await seedProcessor(t.dataSource, { name: 'Hosting BV' });
    otherProcessor = await seedProcessor(t.dataSource, { name: 'Andere Verwerker BV' });
    bakery = await seedController(t.dataSource, { name: 'Bakkerij De Korenaar' });
    butcher = await seedController(t.dataSource, { name: 'Slagerij Van Dam' });
    otherClient = await seedController(t.dataSource, { name: 'Klant Van Een Ander' });
    await seedAgreement(t.dataSource, { controllerId: bakery, processorId: ownProcessor, breachNotificationHours: 24 });
    await seedAgreement(t.dataSource, { controllerId: butcher, processorId: ownProcessor, breachNotificationHours: 48 });
    await seedAgreement(t.dataSource, { controllerId: otherClient, processorId: otherProcessor });
    subProcessor = await seedSubProcessor(t.dataSource, { processorId: ownProcessor });
    officer = await signIn(t, await t.keyFor('officer'));
    reporter = await signIn(t, await t.keyFor('reporter', ownProcessor));
    auditor = await signIn(t, await t.keyFor('auditor'));
    watch = await DatabaseWatch.create(t.dataSource);
  });

  afterAll(() => t.close());

  const keyOf = (page: string) => /name="idempotencyKey" value="([^"]+)"/.exec(page)?.[1] ?? '';

  it('offers a reporter its own processor’s controllers and sub-processors only, and reports through the API’s service', async () => {
    const list = await get(reporter, '/breaches');
    expect(list.text).toContain('href="/breaches/new"');
    const form = await get(reporter, '/breaches/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain('<h1>Datalek melden</h1>');
    const ids = [...form.text.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(form.text).toContain(`<input type="hidden" name="processorId" value="${ownProcessor}" />`);
    expect(form.text).toContain('Bakkerij De Korenaar');
    expect(form.text).toContain(`value="${butcher}"`);
    expect(form.text).toContain(`value="${subProcessor}"`);
    expect(form.text).not.toContain('Klant Van Een Ander');
    expect(form.text).not.toContain('Andere Verwerker BV');
    // A reporter's processor is its key's, whatever the query asks.
    expect((await get(reporter, `/breaches/new?processorId=${otherProcessor}`)).text).not.toContain('Klant Van Een Ander');

    const res = await post(reporter, {
      processorId: ownProcessor,
      idempotencyKey: keyOf(form.text),
      title: 'Laptop met klantgegevens gestolen',
      awareAt: '2026-03-29T03:30',
      affectedControllerIds: bakery,
      'reporter.name': 'Jan de Melder',
      'reporter.email': 'jan@hosting.example',
      nature: 'confidentiality',
      dataCategories: 'namen\r\ne-mailadressen',
      approxDataSubjects: '120',
      dataEncrypted: 'false',
      description: '',
    });
    expect(res.status).toBe(303);
    const id = reportedId(res.headers.location);
    expect(id).toBeDefined();
    const stored = await incident(id!);
    expect(stored).toMatchObject({
      title: 'Laptop met klantgegevens gestolen',
      processorId: ownProcessor,
      // 03:30 on the night clocks go forward is CEST: 01:30 UTC.
      awareAt: '2026-03-29T01:30:00.000Z',
      approxDataSubjects: 120,
      nature: ['confidentiality'],
      dataCategories: ['namen', 'e-mailadressen'],
      reporter: { name: 'Jan de Melder', email: 'jan@hosting.example' },
    });
    expect(stored.deadlines).toEqual([expect.objectContaining({ kind: 'controller_notification', controllerId: bakery, dueAt: '2026-03-30T01:30:00.000Z' })]);
    const page = await get(reporter, res.headers.location);
    expect(page.text).toContain('Het datalek is gemeld; de termijnen hieronder lopen.');
  });

  it('answers a second submit of the same form with the first breach, not a second one', async () => {
    const form = await get(officer, `/breaches/new?processorId=${ownProcessor}`);
    const fields = {
      processorId: ownProcessor,
      idempotencyKey: keyOf(form.text),
      title: 'Twee keer verstuurd',
      awareAt: '2026-11-20T09:00',
      affectedControllerIds: [bakery, butcher],
      'reporter.name': 'Fenna Functionaris',
      'reporter.email': 'fg@hosting.example',
    };
    const first = await post(officer, fields);
    const again = await post(officer, fields);
    expect(first.status).toBe(303);
    expect(again.headers.location).toBe(first.headers.location);
    const id = reportedId(first.headers.location)!;
    expect((await t.dataSource.query<unknown[]>(`SELECT 1 FROM incidents WHERE title = 'Twee keer verstuurd'`)).length).toBe(1);
    expect((await incident(id)).deadlines.map((d) => d.controllerId).sort()).toEqual([bakery, butcher].sort());
  });

  it('lets an officer choose the processor first, then offers that processor’s controllers', async () => {
    const step = await get(officer, '/breaches/new');
    expect(step.text).toContain('Voor welke verwerker meldt u?');
    expect(step.text).toContain('<form method="get" action="/breaches/new"');
    expect(step.text).toContain('Andere Verwerker BV');
    expect(step.text).not.toContain('name="idempotencyKey"');
    const other = await get(officer, `/breaches/new?processorId=${otherProcessor}`);
    expect(other.text).toContain('Klant Van Een Ander');
    expect(other.text).not.toContain('Bakkerij De Korenaar');
    expect((await get(officer, '/breaches/new?processorId=00000000-0000-4000-8000-000000000000')).status).toBe(404);

    const res = await post(officer, {
      processorId: otherProcessor,
      title: 'Alle klanten geraakt',
      awareAt: '2026-11-20T09:00',
      'affectedScope.allControllersOfProcessor': 'true',
      'reporter.name': 'Fenna Functionaris',
      'reporter.email': 'fg@hosting.example',
    });
    expect(res.status).toBe(303);
    expect((await incident(reportedId(res.headers.location)!)).deadlines.map((d) => d.controllerId)).toEqual([otherClient]);
  });

  it('lists at most 200 of a large processor’s controllers, narrows them by name, and keeps the narrowed list after a refusal', async () => {
    const large = await seedProcessor(t.dataSource, { name: 'Groot Hostingbedrijf BV' });
    const clients = await seedControllers(t.dataSource, 205, (i) => ({ name: `Klant ${String(i + 1).padStart(3, '0')} BV` }));
    await seedAgreements(
      t.dataSource,
      clients.map((controllerId) => ({ controllerId, processorId: large })),
    );
    const first = await get(officer, `/breaches/new?processorId=${large}`);
    expect(first.text.match(/name="affectedControllerIds"/g)).toHaveLength(200);
    expect(first.text).toContain('getoond: 200 van 205');
    expect(first.text).toContain('Klant 200 BV');
    expect(first.text).not.toContain('Klant 205 BV');
    expect(first.text).toContain('<form method="get" action="/breaches/new" class="filters" role="search"');

    const narrowed = await get(officer, `/breaches/new?processorId=${large}&q=${encodeURIComponent('klant 205')}`);
    expect(narrowed.text.match(/name="affectedControllerIds"/g)).toHaveLength(1);
    expect(narrowed.text).toContain(`value="${clients[204]}"`);
    expect(narrowed.text).toContain('<input type="hidden" name="q" value="klant 205" />');

    const refused = await post(officer, {
      processorId: large,
      q: 'klant 205',
      title: '',
      awareAt: '2026-11-20T09:00',
      affectedControllerIds: clients[204],
      'reporter.name': 'Fenna',
      'reporter.email': 'fg@hosting.example',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(new RegExp(`value="${clients[204]}" checked`));
  });

  it('shows a refused report again in Dutch, each message beside its field, what was typed kept, and writes nothing', async () => {
    const { res, changed } = await writesAround(() =>
      post(reporter, {
        processorId: ownProcessor,
        title: '',
        awareAt: '2026-11-20T09:00',
        affectedControllerIds: [butcher],
        'reporter.name': 'Jan <de> Melder',
        'reporter.email': 'jan@localhost',
        approxDataSubjects: '-5',
        nature: ['confidentiality', 'integrity'],
        personalDataKinds: 'bsn',
        dataCategories: 'namen\r\nBSN',
      }),
    );
    expect(res.status).toBe(400);
    expect(changed).toEqual([]);
    const text = res.text;
    expect(text).toContain('Het datalek is niet gemeld. Verbeter de gemarkeerde velden.');
    expect(text).toMatch(/<input type="text" id="report-title"[^>]*aria-invalid="true"[^>]*value="" \/>\s*<p class="field-error" id="report-title-error">Vul dit veld in.<\/p>/);
    expect(text).toMatch(
      /id="report-reporter-email"[^>]*aria-invalid="true"[^>]*value="jan@localhost" \/>\s*<p class="field-error" id="report-reporter-email-error">Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.<\/p>/,
    );
    expect(text).toMatch(/id="report-approxDataSubjects"[^>]*value="-5" \/>\s*<p class="field-error" id="report-approxDataSubjects-error">Vul 0 of meer in.<\/p>/);
    expect(text).toContain('value="Jan &lt;de&gt; Melder"');
    expect(text).toMatch(new RegExp(`value="${butcher}" checked`));
    expect(text).not.toMatch(new RegExp(`value="${bakery}" checked`));
    expect(text).toMatch(/value="confidentiality" checked/);
    expect(text).toMatch(/value="integrity" checked/);
    expect(text).not.toMatch(/value="availability" checked/);
    expect(text).toMatch(/value="bsn" checked/);
    expect(text).toMatch(/>namen\r?\nBSN<\/textarea>/);
    expect(text).toContain('value="2026-11-20T09:00"');
    // The API's English words are not on the Dutch page.
    expect(text).not.toContain('must be');
    expect(text).not.toContain('should not');
  });

  it('shows the same refusal in English on an English page', async () => {
    const res = await request(server())
      .post('/breaches?lang=en')
      .set('cookie', reporter.cookie)
      .type('form')
      .send({ _csrf: reporter.csrf, processorId: ownProcessor, title: 'x', awareAt: '2026-11-20T09:00', affectedControllerIds: butcher, 'reporter.name': 'Jan', 'reporter.email': 'jan@localhost' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('The breach was not reported. Correct the marked fields.');
    expect(res.text).toContain('<p class="field-error" id="report-reporter-email-error">email must be an email</p>');
  });

  it('shows a rule of the domain the report broke beside its field, and writes nothing', async () => {
    const { res, changed } = await writesAround(() =>
      post(officer, { processorId: ownProcessor, title: 'Geen klant gekozen', awareAt: '2026-11-20T09:00', 'reporter.name': 'Fenna', 'reporter.email': 'fg@hosting.example' }),
    );
    expect(res.status).toBe(422);
    expect(changed).toEqual([]);
    expect(res.text).toContain('id="report-affectedControllerIds-error"');
    expect(res.text).toContain('value="Geen klant gekozen"');
  });

  it('refuses a reporter reporting for another processor, an auditor, and a form without its CSRF token, writing nothing', async () => {
    const fields = { processorId: otherProcessor, title: 'Niet van mij', awareAt: '2026-11-20T09:00', affectedControllerIds: otherClient, 'reporter.name': 'Jan', 'reporter.email': 'jan@hosting.example' };
    const foreign = await writesAround(() => post(reporter, fields));
    expect(foreign.res.status).toBe(403);
    expect(foreign.changed).toEqual([]);

    expect((await get(auditor, '/breaches')).text).not.toContain('href="/breaches/new"');
    expect((await get(auditor, '/breaches/new')).status).toBe(403);
    const byAuditor = await writesAround(() => post(auditor, { ...fields, processorId: ownProcessor, affectedControllerIds: bakery }));
    expect(byAuditor.res.status).toBe(403);
    expect(byAuditor.changed).toEqual([]);

    const withoutToken = await writesAround(() => post(officer, { ...fields, processorId: ownProcessor, affectedControllerIds: bakery }, null));
    expect(withoutToken.res.status).toBe(403);
    expect(withoutToken.changed).toEqual([]);
    const wrongToken = await writesAround(() => post(officer, { ...fields, processorId: ownProcessor, affectedControllerIds: bakery }, reporter.csrf));
    expect(wrongToken.res.status).toBe(403);
    expect(wrongToken.changed).toEqual([]);
    expect((await t.dataSource.query<unknown[]>(`SELECT 1 FROM incidents WHERE title = 'Niet van mij'`)).length).toBe(0);
  });
});
