import request from 'supertest';
import { FakeClock } from '../src/common/clock';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../src/auth/dashboard-sessions.service';
import { webRoutes } from '../src/web/web.module';
import { incidentBody, seedAgreement, seedController, seedProcessor } from './factories';
import { csrfOf, sessionCookieOf, signIn } from './utils/dashboard';
import { startTestApp, TestApp } from './utils/test-app';

jest.setTimeout(60_000);

describe('dashboard: sign-in, session cookie, CSRF and roles', () => {
  let t: TestApp;
  let clock: FakeClock;
  let officer: string;
  let incidentId: string;
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    clock = new FakeClock(new Date());
    t = await startTestApp({ clock, workers: false });
    officer = await t.keyFor('officer');
    const processorId = await seedProcessor(t.dataSource);
    const controllerId = await seedController(t.dataSource, { name: 'Bakkerij <De Korenaar>' });
    await seedAgreement(t.dataSource, { controllerId, processorId, breachNotificationHours: 24 });
    const res = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(incidentBody({ processorId, affectedControllerIds: [controllerId], title: 'Ransomware <script>alert(1)</script>', awareAt: new Date(clock.now().getTime() - 60_000).toISOString() }));
    expect(res.status).toBe(201);
    incidentId = (res.body as { id: string }).id;
  });

  afterAll(() => t.close());

  it('sends a browser without a session to sign in, and back where it was going afterwards', async () => {
    const res = await request(server()).get('/breaches?lang=en');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Fbreaches%3Flang%3Den');
    const form = await request(server()).get('/sign-in?next=%2Fbreaches%3Flang%3Den');
    expect(form.status).toBe(200);
    expect(form.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(form.text).toContain('name="next" value="/breaches?lang=en"');
    // Switching the sign-in page's language keeps where it goes on to.
    expect(form.text).toContain('href="/sign-in?next=%2Fbreaches%3Flang%3Den&amp;lang=en"');
    const signedIn = await request(server()).post('/sign-in').type('form').send({ key: officer, next: '/breaches?lang=en' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/breaches?lang=en');
  });

  it('never sends the browser to another site after signing in', async () => {
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const res = await request(server()).post('/sign-in').type('form').send({ key: officer, next });
      expect(res.headers.location).toBe('/');
    }
  });

  it('refuses an unknown key with the form again, and sets no cookie', async () => {
    const res = await request(server()).post('/sign-in').type('form').send({ key: 'pat_not_a_key', next: '/' });
    expect(res.status).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).toContain('aria-invalid="true"');
  });

  it('sets an httpOnly, SameSite=Strict, expiring cookie, Secure when the request came over TLS', async () => {
    const plain = await request(server()).post('/sign-in').type('form').send({ key: officer });
    const line = [plain.headers['set-cookie']].flat().find((c) => c?.startsWith('pat_session='))!;
    expect(line).toMatch(/; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const tls = await request(server()).post('/sign-in').set('x-forwarded-proto', 'https').type('form').send({ key: officer });
    expect([tls.headers['set-cookie']].flat().find((c) => c?.startsWith('pat_session='))).toMatch(/; Secure$/);
  });

  it('shows Today with the breach clock, its text escaped, in Dutch unless asked otherwise', async () => {
    const { cookie } = await signIn(t, officer);
    const res = await request(server()).get('/').set('cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('<html lang="nl">');
    expect(res.text).toContain('Melding aan verwerkingsverantwoordelijke');
    expect(res.text).toContain('Ransomware &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.text).not.toContain('<script>');
    const english = await request(server()).get('/?lang=en').set('cookie', cookie);
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain('Notify the controller');
    const langCookie = [english.headers['set-cookie']].flat().find((c) => c?.startsWith('pat_lang='))!;
    const remembered = await request(server())
      .get('/')
      .set('cookie', `${cookie}; ${langCookie.split(';')[0]}`);
    expect(remembered.text).toContain('<html lang="en">');
  });

  it('sends a deadline link on to the page of its breach', async () => {
    const { cookie } = await signIn(t, officer);
    const detail = await t.as(officer).get(`/api/v1/incidents/${incidentId}`);
    const deadlineId = (detail.body as { deadlines: { id: string }[] }).deadlines[0].id;
    const res = await request(server()).get(`/deadlines/${deadlineId}`).set('cookie', cookie);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/breaches/${incidentId}`);
  });

  it('refuses a form without the session CSRF token or from another origin, and signs out with it', async () => {
    const { cookie, csrf } = await signIn(t, officer);
    expect((await request(server()).post('/sign-out').set('cookie', cookie).type('form').send({})).status).toBe(403);
    expect(
      (
        await request(server())
          .post('/sign-out')
          .set('cookie', cookie)
          .type('form')
          .send({ _csrf: 'x'.repeat(csrf.length) })
      ).status,
    ).toBe(403);
    expect((await request(server()).post('/sign-out').set('cookie', cookie).set('origin', 'https://evil.example').type('form').send({ _csrf: csrf })).status).toBe(403);
    expect((await request(server()).get('/').set('cookie', cookie)).status).toBe(200);

    const out = await request(server()).post('/sign-out').set('cookie', cookie).type('form').send({ _csrf: csrf });
    expect(out.status).toBe(303);
    expect([out.headers['set-cookie']].flat().find((c) => c?.startsWith('pat_session='))).toMatch(/^pat_session=; .*Max-Age=0/);
    // The session is gone from the database: the old cookie no longer works anywhere.
    expect((await request(server()).get('/').set('cookie', cookie)).status).toBe(303);
  });

  it('ends the sessions of a revoked key at once', async () => {
    const key = await t.keyFor('officer');
    const { cookie } = await signIn(t, key);
    const [row] = await t.dataSource.query<{ api_key_id: string }[]>(`SELECT api_key_id FROM dashboard_sessions ORDER BY created_at DESC LIMIT 1`);
    expect((await t.as().post(`/api/v1/api-keys/${row.api_key_id}/revoke`).send({})).status).toBeLessThan(300);
    expect((await request(server()).get('/').set('cookie', cookie)).status).toBe(303);
  });

  it('ends a session after 8 idle hours, and after 12 hours however busy', async () => {
    const idle = await signIn(t, officer);
    const busy = await signIn(t, officer);
    const start = clock.now().getTime();
    // Busy: a page every 2 hours keeps it alive past the idle limit, up to the absolute one.
    for (let at = 2; at * 3_600_000 < SESSION_ABSOLUTE_MS; at += 2) {
      clock.set(new Date(start + at * 3_600_000));
      expect((await request(server()).get('/').set('cookie', busy.cookie)).status).toBe(200);
    }
    clock.set(new Date(start + SESSION_IDLE_MS + 1));
    expect((await request(server()).get('/').set('cookie', idle.cookie)).status).toBe(303);
    clock.set(new Date(start + SESSION_ABSOLUTE_MS + 1));
    expect((await request(server()).get('/').set('cookie', busy.cookie)).status).toBe(303);
    clock.set(new Date(start));
  });

  it('keeps the API JSON-only: a form body to an API route is still a 415 problem', async () => {
    const res = await t.as(officer).post('/api/v1/processors').type('form').send({ name: 'X', country: 'NL' });
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('leaves the dashboard out of the OpenAPI document', async () => {
    const res = await request(server()).get('/docs-json');
    const paths = Object.keys((res.body as { paths: Record<string, unknown> }).paths);
    const dashboard = webRoutes().map((route) => (route.path === '/' ? '/' : `/${route.path.replace(/:(\w+)/g, '{$1}')}`));
    expect(dashboard).toEqual(expect.arrayContaining(['/', '/sign-in', '/breaches/{id}', '/deadlines/{id}']));
    expect(paths.filter((p) => dashboard.includes(p))).toEqual([]);
    expect(csrfOf('<input name="_csrf" value="a">')).toBe('a');
    expect(sessionCookieOf(['pat_session=abc; Path=/'])).toBe('pat_session=abc');
  });
});
