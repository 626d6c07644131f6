import request from 'supertest';
import { JobQueues } from '../src/jobs/job-queues';
import { signIn } from './utils/dashboard';
import { ADMIN_KEY, startTestApp, TestApp } from './utils/test-app';

describe('the queue board at /queues', () => {
  let t: TestApp;
  let officerKey: string;

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    officerKey = await t.keyFor('officer');
  });
  afterAll(() => t.close());

  it('asks for a key, as the API does', async () => {
    const res = await request(t.app.getHttpServer()).get('/queues');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/problems/unauthorized', status: 401 });
    expect((await t.as('pat_not_a_key_0123456789').get('/queues/api/queues')).status).toBe(401);
  });

  it('is for admins only: an officer is refused, page and API alike', async () => {
    for (const path of ['/queues', '/queues/api/queues']) {
      const res = await t.as(officerKey).get(path);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ type: '/problems/forbidden', status: 403 });
    }
  });

  it('shows an admin its page, whose every asset is served here', async () => {
    const res = await t.as().get('/queues');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    const html = res.text;
    expect(html).toContain('<base href="/queues/"');
    expect(html).not.toMatch(/(?:href|src)="(?:https?:)?\/\//);
    const assets = [...html.matchAll(/(?:href|src)="(static\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(1);
    for (const asset of assets) expect((await t.as().get(`/queues/${asset}`)).status).toBe(200);
  });

  it('lists the platform queues in its API', async () => {
    const res = await t.as().get('/queues/api/queues');
    expect(res.status).toBe(200);
    const names = (res.body as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    const opened = t.app
      .get(JobQueues)
      .all()
      .map((q) => q.name)
      .sort();
    expect(opened).toEqual(expect.arrayContaining(['deadlines', 'deliveries', 'retention']));
    expect(names).toEqual(opened);
  });

  it("opens from the dashboard's session, an admin's only; the API itself never takes the cookie", async () => {
    const server = t.app.getHttpServer();
    const admin = await signIn(t, ADMIN_KEY);
    expect((await request(server).get('/queues/api/queues').set('cookie', admin.cookie)).status).toBe(200);
    expect((await request(server).get('/api/v1/processors').set('cookie', admin.cookie)).status).toBe(401);
    const officer = await signIn(t, officerKey);
    expect((await request(server).get('/queues').set('cookie', officer.cookie)).status).toBe(403);
    expect((await request(server).get('/queues').set('cookie', 'pat_session=not-a-session')).status).toBe(401);
  });
});
