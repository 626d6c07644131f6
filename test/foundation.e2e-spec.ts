import { startTestApp, TestApp } from './utils/test-app';

describe('foundation: keys, roles, errors, audit, health', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers /health with the database and Redis up', async () => {
    const res = await t.as().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', redis: 'up' });
  });

  it('serves Prometheus metrics and the OpenAPI document without a key', async () => {
    const metrics = await t.as('').get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('http_requests_total');
    const docs = await t.as('').get('/docs-json');
    expect(docs.status).toBe(200);
    expect(docs.body.openapi).toMatch(/^3\./);
    expect(docs.body.components.schemas.Problem.properties.type.enum).toContain('/problems/deadline-passed');
  });

  it('refuses a request without a key, or with an unknown one, as problem+json', async () => {
    const none = await t.as('').get('/api/v1/api-keys').unset('authorization');
    expect(none.status).toBe(401);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(none.body).toMatchObject({ type: '/problems/unauthorized', title: 'Unauthorized', status: 401 });
    const wrong = await t.as('pat_nonsense').get('/api-keys');
    expect(wrong.status).toBe(404);
    const wrongKey = await t.as('pat_nonsense').get('/api/v1/api-keys');
    expect(wrongKey.status).toBe(401);
  });

  it('issues a key once, stores only its hash, and enforces the role', async () => {
    const res = await t.as().post('/api/v1/api-keys').send({ name: 'Officer Jansen', role: 'officer' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Officer Jansen', role: 'officer', processorId: null });
    expect(res.body.key).toMatch(/^pat_/);
    const [stored] = await t.dataSource.query('SELECT key_hash FROM api_keys WHERE id = $1', [res.body.id]);
    expect(stored.key_hash).not.toContain(res.body.key);
    expect(stored.key_hash).toHaveLength(64);

    const list = await t.as().get('/api/v1/api-keys');
    expect(JSON.stringify(list.body)).not.toContain(res.body.key);

    const asOfficer = await t.as(res.body.key).post('/api/v1/api-keys').send({ name: 'x', role: 'admin' });
    expect(asOfficer.status).toBe(403);
    expect(asOfficer.body.type).toBe('/problems/forbidden');
    expect(asOfficer.body.detail).toContain('officer');
  });

  it('revokes a key, after which it no longer authenticates', async () => {
    const key = await t.keyFor('auditor');
    const [{ id }] = await t.dataSource.query(`SELECT id FROM api_keys WHERE role = 'auditor' ORDER BY created_at DESC LIMIT 1`);
    expect((await t.as(key).get('/api/v1/audit-log')).status).toBe(200);
    expect((await t.as().post(`/api/v1/api-keys/${id}/revoke`)).status).toBe(201);
    expect((await t.as(key).get('/api/v1/audit-log')).status).toBe(401);
  });

  it('rejects unknown fields and wrong types naming the field, and writes nothing', async () => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM api_keys');
    const res = await t.as().post('/api/v1/api-keys').send({ name: 'x', role: 'superuser', colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.type).toBe('/problems/validation');
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['role', 'colour']));
    const after = await t.dataSource.query('SELECT count(*)::int AS n FROM api_keys');
    expect(after[0].n).toBe(before[0].n);
  });

  it('requires a processor for a reporter key and refuses an unknown one with 422', async () => {
    const missing = await t.as().post('/api/v1/api-keys').send({ name: 'r', role: 'reporter' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('processorId');
    const unknown = await t.as().post('/api/v1/api-keys').send({ name: 'r', role: 'reporter', processorId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.type).toBe('/problems/missing-reference');
    expect(unknown.body.errors[0].field).toBe('processorId');
  });

  it('answers malformed JSON with 400, a bad id with 400 and an oversized body with 413', async () => {
    const malformed = await t.as().post('/api/v1/api-keys').set('content-type', 'application/json').send('{"name": ');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    expect(malformed.body.type).toBe('/problems/malformed-json');
    const badId = await t.as().post('/api/v1/api-keys/not-a-uuid/revoke');
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].field).toBe('id');
    const unknownId = await t.as().post('/api/v1/api-keys/00000000-0000-4000-8000-000000000000/revoke');
    expect(unknownId.status).toBe(404);
    expect(unknownId.body.type).toBe('/problems/not-found');
    const huge = await t
      .as()
      .post('/api/v1/api-keys')
      .send({ name: 'x'.repeat(2_000_000), role: 'officer' });
    expect(huge.status).toBe(413);
    expect(huge.headers['content-type']).toContain('application/problem+json');
    expect(huge.body.type).toBe('/problems/payload-too-large');
  });

  it('chains every change in the audit log and detects an edited entry', async () => {
    // The hash is computed by Postgres at insert and re-checked by Node: non-ASCII text must agree.
    await t.as().post('/api/v1/api-keys').send({ name: 'Functionaris gegevensbescherming é€ 😀', role: 'auditor' }).expect(201);
    await t.as().post('/api/v1/api-keys').send({ name: 'for the audit', role: 'auditor' });
    const log = await t.as().get('/api/v1/audit-log?limit=2');
    expect(log.status).toBe(200);
    expect(log.body.items[0]).toMatchObject({ action: 'api_key.issued', entityType: 'api_key', actorName: 'ADMIN_API_KEY' });
    expect(log.body.items[0].after.name).toBe('for the audit');
    expect(log.body.nextCursor).not.toBeNull();

    const valid = await t.as().get('/api/v1/audit-log/verify');
    expect(valid.body.valid).toBe(true);
    expect(valid.body.entries).toBeGreaterThanOrEqual(3);

    const [victim] = await t.dataSource.query(`SELECT id FROM audit_log ORDER BY id ASC LIMIT 1 OFFSET 1`);
    await t.dataSource.query(`UPDATE audit_log SET actor_name = 'someone else' WHERE id = $1`, [victim.id]);
    const broken = await t.as().get('/api/v1/audit-log/verify');
    expect(broken.body).toMatchObject({ valid: false, entries: expect.any(Number), firstInvalidId: String(victim.id) });
  });
});
