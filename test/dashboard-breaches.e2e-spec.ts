import { DateTime } from 'luxon';
import request from 'supertest';
import { incidentBody, seedAgreement, seedController, seedProcessor } from './factories';
import { DashboardSession, signIn } from './utils/dashboard';
import { binary } from './utils/pdf';
import { startTestApp, TestApp } from './utils/test-app';

jest.setTimeout(60_000);

/** The breach pages over HTTP: what each role sees and may send, and how refusals read. */
describe('dashboard: breaches', () => {
  let t: TestApp;
  let officer: DashboardSession;
  let reporter: DashboardSession;
  let auditor: DashboardSession;
  let ownBreach: string;
  let otherBreach: string;
  const server = () => t.app.getHttpServer();
  const get = (session: DashboardSession, path: string) => request(server()).get(path).set('cookie', session.cookie);
  const post = (session: DashboardSession, path: string, form: Record<string, string>) =>
    request(server())
      .post(path)
      .set('cookie', session.cookie)
      .type('form')
      .send({ _csrf: session.csrf, ...form });

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    const officerKey = await t.keyFor('officer');
    const ownProcessor = await seedProcessor(t.dataSource, { name: 'Hosting BV' });
    const otherProcessor = await seedProcessor(t.dataSource, { name: 'Andere Verwerker BV' });
    const controllerId = await seedController(t.dataSource, { name: 'Bakkerij De Korenaar' });
    await seedAgreement(t.dataSource, { controllerId, processorId: ownProcessor });
    await seedAgreement(t.dataSource, { controllerId, processorId: otherProcessor });
    const report = async (processorId: string, title: string) => {
      const res = await t
        .as(officerKey)
        .post('/api/v1/incidents')
        .send(incidentBody({ processorId, affectedControllerIds: [controllerId], title }));
      expect(res.status).toBe(201);
      return (res.body as { id: string }).id;
    };
    ownBreach = await report(ownProcessor, 'Verloren laptop');
    otherBreach = await report(otherProcessor, 'Phishing bij een ander');
    officer = await signIn(t, officerKey);
    reporter = await signIn(t, await t.keyFor('reporter', ownProcessor));
    auditor = await signIn(t, await t.keyFor('auditor'));
  });

  afterAll(() => t.close());

  it('lists the register with its filters, each breach with its next clock', async () => {
    const all = await get(officer, '/breaches');
    expect(all.status).toBe(200);
    expect(all.text).toContain('Verloren laptop');
    expect(all.text).toContain('Phishing bij een ander');
    expect(all.text).toContain('Melding aan verwerkingsverantwoordelijke');
    const closed = await get(officer, '/breaches?status=closed');
    expect(closed.text).not.toContain('Verloren laptop');
    expect(closed.text).toContain('<option value="closed" selected>');
    // Switching the language keeps the filter.
    expect(closed.text).toContain('href="/breaches?status=closed&amp;lang=en"');
    // The filter's dates are Amsterdam days: between 23:00 and midnight UTC, UTC's tomorrow is Amsterdam's today.
    const tomorrow = DateTime.now().setZone('Europe/Amsterdam').plus({ days: 1 }).toISODate();
    expect((await get(officer, `/breaches?from=${tomorrow}`)).text).not.toContain('Verloren laptop');
    expect((await get(officer, `/breaches?to=${tomorrow}`)).text).toContain('Verloren laptop');
  });

  it('answers a bad filter or id with an HTML page naming the problem, never a 500', async () => {
    const badFilter = await get(officer, '/breaches?status=lost');
    expect(badFilter.status).toBe(400);
    expect(badFilter.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(badFilter.text).toContain('status');
    expect((await get(officer, '/breaches/not-a-uuid')).status).toBe(400);
    const unknown = await get(officer, '/breaches/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('<main id="main"');
  });

  it('shows a reporter its processor’s breaches only, and lets it add an update and nothing else', async () => {
    const list = await get(reporter, '/breaches');
    expect(list.text).toContain('Verloren laptop');
    expect(list.text).not.toContain('Phishing bij een ander');
    expect((await get(reporter, '/')).text).not.toContain('Phishing bij een ander');
    expect((await get(reporter, `/breaches/${otherBreach}`)).status).toBe(404);

    const page = await get(reporter, `/breaches/${ownBreach}`);
    expect(page.text).toContain(`action="/breaches/${ownBreach}/updates"`);
    expect(page.text).not.toContain(`action="/breaches/${ownBreach}/notifications"`);
    expect(page.text).not.toContain('authority-draft.pdf');
    expect((await get(reporter, `/breaches/${ownBreach}/authority-draft.pdf`)).status).toBe(403);

    const update = await post(reporter, `/breaches/${ownBreach}/updates`, { note: 'De laptop was versleuteld.' });
    expect(update.status).toBe(303);
    expect(update.headers.location).toBe(`/breaches/${ownBreach}?saved=update#update-title`);
    expect((await post(reporter, `/breaches/${otherBreach}/updates`, { note: 'Niet van mij' })).status).toBe(404);
    expect((await post(reporter, `/breaches/${ownBreach}/notifications`, { kind: 'authority_notification', notifiedAt: '2026-01-01T10:00' })).status).toBe(403);
    expect(JSON.stringify((await t.as().get(`/api/v1/incidents/${ownBreach}`)).body)).toContain('De laptop was versleuteld.');
  });

  it('shows an auditor the breach and the AP draft, refuses its forms', async () => {
    const page = await get(auditor, `/breaches/${ownBreach}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<form method="post" action="/breaches/');
    expect((await post(auditor, `/breaches/${ownBreach}/updates`, { note: 'Mag niet' })).status).toBe(403);
    const draft = await get(auditor, `/breaches/${ownBreach}/authority-draft?lang=en`);
    expect(draft.text).toContain('Draft');
    const pdf = await get(auditor, `/breaches/${ownBreach}/authority-draft.pdf`).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('shows a refused form again with the messages by its fields and what was typed, and changes nothing', async () => {
    const before = (await t.as().get(`/api/v1/incidents/${ownBreach}`)).body as { timeline: unknown[]; riskLevel: string | null };
    const res = await post(officer, `/breaches/${ownBreach}/risk-decision`, { riskLevel: 'high', reasoning: 'kort <b>' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<textarea[^>]*id="risk-reasoning"[^>]*aria-invalid="true"[^>]*>kort &lt;b&gt;<\/textarea>/);
    expect(res.text).toContain('id="risk-reasoning-error"');
    expect(res.text).toContain('<option value="high" selected>');
    const after = (await t.as().get(`/api/v1/incidents/${ownBreach}`)).body as typeof before;
    expect(after.timeline).toHaveLength(before.timeline.length);
    expect(after.riskLevel).toBe(before.riskLevel);

    const late = await post(officer, `/breaches/${ownBreach}/notifications`, { kind: 'authority_notification', notifiedAt: '2099-01-01T10:00' });
    expect(late.status).toBe(422);
    expect(late.text).toContain('id="notification-notifiedAt-error"');

    const saved = await post(officer, `/breaches/${ownBreach}/risk-decision`, { riskLevel: 'high', reasoning: 'Gezondheidsgegevens van patiënten, niet versleuteld.' });
    expect(saved.status).toBe(303);
    expect(((await t.as().get(`/api/v1/incidents/${ownBreach}`)).body as typeof before).riskLevel).toBe('high');
  });

  it('shows on Today an overdue clock and a missed one apart, and counts them with the week', async () => {
    const [overdue, missed] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM deadlines WHERE status = 'pending' ORDER BY due_at, id LIMIT 2`);
    await t.dataSource.query(`UPDATE deadlines SET starts_at = now() - interval '30 hours', due_at = now() - interval '6 hours' WHERE id = $1`, [overdue.id]);
    await t.dataSource.query(`UPDATE deadlines SET starts_at = now() - interval '30 hours', due_at = now() - interval '5 hours', status = 'missed', missed_at = now() WHERE id = $1`, [missed.id]);
    const text = (await get(officer, '/')).text.replace(/\s+/g, ' ');
    expect(text).toContain('<span class="n">1</span>Verlopen, nog open');
    expect(text).toContain('<span class="n">1</span>Gemist');
    const [{ week }] = await t.dataSource.query<{ week: number }[]>(
      `SELECT count(*)::int AS week FROM deadlines WHERE status = 'pending' AND due_at >= now() AND due_at < date_trunc('week', now() AT TIME ZONE 'Europe/Amsterdam') AT TIME ZONE 'Europe/Amsterdam' + interval '7 days'`,
    );
    expect(text).toContain(`<span class="n">${week}</span>Deze week te doen`);
    const missedSection = text.slice(text.indexOf('id="missed"'), text.indexOf('id="pending"'));
    expect(missedSection).toContain(`href="/deadlines/${missed.id}"`);
    expect(missedSection).not.toContain(`href="/deadlines/${overdue.id}"`);
    expect(text).toMatch(new RegExp(`<tr class="late">.{0,400}href="/deadlines/${overdue.id}"`));
    expect(text).toContain('6 u te laat');
  });
});
