import { processorBody } from './factories';
import { startTestApp, TestApp } from './utils/test-app';

const API = '/api/v1';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** GET by id as bench/api/read.ts measures it: the same answers, the same refusals, keys honoured as before. */
describe('reads: GET by id', () => {
  let t: TestApp;
  let officer: string;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    officer = await t.keyFor('officer');
    auditor = await t.keyFor('auditor');
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers with the processor as it was written, every field, nulls and lists included', async () => {
    const full = await t
      .as(officer)
      .post(`${API}/processors`)
      .send(processorBody({ kvkNumber: '12345678', contactEmail: 'privacy@noord.example', securityMeasures: ['encryption at rest', 'ISO 27001'] }));
    const bare = await t.as(officer).post(`${API}/processors`).send({ name: 'Kaal B.V.', country: 'DE' });
    expect([full.status, bare.status]).toEqual([201, 201]);

    for (const created of [full, bare]) {
      const read = await t.as(auditor).get(`${API}/processors/${created.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created.body);
    }
    const read = await t.as(auditor).get(`${API}/processors/${(bare.body as { id: string }).id.toUpperCase()}`);
    expect(read.body).toMatchObject({ id: bare.body.id, kvkNumber: null, dpoName: null, securityMeasures: [] });
    expect(Object.keys(read.body)).toEqual(['id', 'name', 'country', 'kvkNumber', 'contactEmail', 'dpoName', 'dpoEmail', 'securityMeasures', 'createdAt', 'updatedAt']);
  });

  it('refuses as before: unknown id 404, a malformed id 400 naming it, no key 401, a role that may not read 403', async () => {
    const unknown = await t.as(auditor).get(`${API}/processors/${UNKNOWN_ID}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.body).toMatchObject({ type: '/problems/not-found', status: 404 });

    const malformed = await t.as(auditor).get(`${API}/processors/not-a-uuid`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);

    const processorId = (await t.as(officer).post(`${API}/processors`).send(processorBody())).body.id as string;
    const reporter = await t.keyFor('reporter', processorId);
    expect((await t.as(reporter).get(`${API}/processors/${processorId}`)).status).toBe(403);
    expect((await t.as('pat_not_a_key_0123456789abcdef').get(`${API}/processors/${processorId}`)).status).toBe(401);
  });

  it('refuses a key at once when this process revokes it, though its authentication was just reused', async () => {
    const key = await t.keyFor('auditor');
    const processorId = (await t.as(officer).post(`${API}/processors`).send(processorBody())).body.id as string;
    expect((await t.as(key).get(`${API}/processors/${processorId}`)).status).toBe(200);
    expect((await t.as(key).get(`${API}/processors/${processorId}`)).status).toBe(200);
    const [{ id }] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM api_keys WHERE key_prefix = $1`, [key.slice(0, 10)]);

    expect((await t.as().post(`${API}/api-keys/${id}/revoke`)).status).toBe(201);
    const refused = await t.as(key).get(`${API}/processors/${processorId}`);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ type: '/problems/unauthorized' });
  });
});
