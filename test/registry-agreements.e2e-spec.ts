import { FakeClock } from '../src/common/clock';
import { agreementBody, createController, createProcessor } from './factories';
import { startTestApp, TestApp } from './utils/test-app';
import { auditEntries } from './utils/audit-log';

const API = '/api/v1';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

function fields(body: { errors?: { field: string }[] }): string[] {
  return [...new Set((body.errors ?? []).map((e) => e.field))];
}

describe('registry: processor agreements', () => {
  let t: TestApp;
  const clock = new FakeClock('2026-02-10T09:00:00Z');
  let officer: string;
  let auditor: string;
  let reporter: string;
  let processorId: string;
  let controllerId: string;

  beforeAll(async () => {
    t = await startTestApp({ clock, workers: false });
    officer = await t.keyFor('officer');
    auditor = await t.keyFor('auditor');
    processorId = await createProcessor(t, officer);
    controllerId = await createController(t, officer);
    reporter = await t.keyFor('reporter', processorId);
  });

  afterAll(async () => {
    await t.close();
  });

  // With an offset and a few weeks before the clock: the tests read it back in UTC and date other instants against it.
  const agreement = (overrides: Record<string, unknown> = {}) => agreementBody({ controllerId, processorId, effectiveFrom: '2026-01-01T00:00:00+01:00', ...overrides });

  async function count(table: string): Promise<number> {
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
    return row.n;
  }

  it('creates an active agreement with its data stores and shows the gaps, never the secret', async () => {
    const res = await t
      .as(officer)
      .post(`${API}/agreements`)
      .send(
        agreement({
          subjectMatter: 'hosting of the webshop',
          specialCategories: ['health'],
          obligations: {
            a: { covered: true, clauseRef: 'art. 2' },
            b: { covered: true },
            c: { covered: true, clauseRef: 'bijlage 2' },
            d: { covered: true },
            e: { covered: true },
            f: { covered: true },
            h: { covered: true },
          },
          dataStores: [
            { name: 'webshop database', erasure: { method: 'webhook', url: 'https://store.example/erase', secret: 'a-very-long-shared-secret' } },
            { name: 'backups', erasure: { method: 'manual' } },
          ],
        }),
      );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'active',
      effectiveFrom: '2025-12-31T23:00:00.000Z',
      endsAt: null,
      breachNotificationHours: 48,
      specialCategories: ['health'],
      endOfContract: { action: 'delete', withinDays: 30 },
      natureOfProcessing: null,
    });
    expect(res.body.obligations.a).toEqual({ covered: true, clauseRef: 'art. 2' });
    expect(res.body.obligations.g).toEqual({ covered: false, clauseRef: null });
    expect(res.body.gaps).toEqual([
      { obligation: 'g', description: 'delete or return all personal data at the end of the services' },
      { obligation: 'natureOfProcessing', description: 'the nature of the processing' },
    ]);
    expect(res.body.dataStores).toEqual([
      { id: expect.any(String), name: 'backups', subProcessorId: null, erasure: { method: 'manual', url: null }, flags: [] },
      { id: expect.any(String), name: 'webshop database', subProcessorId: null, erasure: { method: 'webhook', url: 'https://store.example/erase' }, flags: [] },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('a-very-long-shared-secret');

    const read = await t.as(auditor).get(`${API}/agreements/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
    expect(JSON.stringify(read.body)).not.toContain('secret');
    const [stored] = await t.dataSource.query(`SELECT erasure_secret FROM agreement_data_stores WHERE agreement_id = $1 AND name = 'webshop database'`, [res.body.id]);
    expect(stored.erasure_secret).toBe('a-very-long-shared-secret');

    const [audit] = await auditEntries(t.dataSource, `a.entity_type = 'agreement' AND a.entity_id = $1`, [res.body.id]);
    expect(audit).toMatchObject({ action: 'agreement.created', actor_name: 'officer key' });
    expect(JSON.stringify(audit.after)).not.toContain('a-very-long-shared-secret');
  });

  it('schedules an agreement whose effectiveFrom lies ahead, and shows it active once that moment has come', async () => {
    const res = await t
      .as(officer)
      .post(`${API}/agreements`)
      .send(agreement({ effectiveFrom: '2026-03-01T00:00:00Z', subProcessorAuthorization: 'specific', objectionPeriodDays: undefined }));
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('scheduled');
    expect(res.body.objectionPeriodDays).toBeNull();
    const scheduled = await t.as(auditor).get(`${API}/agreements?status=scheduled&controllerId=${controllerId}`);
    expect(scheduled.body.items.map((a: { id: string }) => a.id)).toContain(res.body.id);

    clock.set('2026-03-01T00:00:00Z');
    try {
      expect((await t.as(auditor).get(`${API}/agreements/${res.body.id}`)).body.status).toBe('active');
      const active = await t.as(auditor).get(`${API}/agreements?status=active&limit=200`);
      expect(active.body.items.map((a: { id: string }) => a.id)).toContain(res.body.id);
      expect(active.body.items.every((a: { status: string }) => a.status === 'active')).toBe(true);
      const stillScheduled = await t.as(auditor).get(`${API}/agreements?status=scheduled&limit=200`);
      expect(stillScheduled.body.items.map((a: { id: string }) => a.id)).not.toContain(res.body.id);
    } finally {
      clock.set('2026-02-10T09:00:00Z');
    }
  });

  it('shows an agreement past its endsAt as ended, in the list filters too, from the exact instant', async () => {
    const res = await t
      .as(officer)
      .post(`${API}/agreements`)
      .send(agreement({ endsAt: '2026-02-10T09:00:00.001Z' }));
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('active');
    const listed = async (status: string) => (await t.as(auditor).get(`${API}/agreements?status=${status}&controllerId=${controllerId}&limit=200`)).body.items.map((a: { id: string }) => a.id);
    expect(await listed('active')).toContain(res.body.id);

    clock.set('2026-02-10T09:00:00.001Z');
    try {
      expect((await t.as(auditor).get(`${API}/agreements/${res.body.id}`)).body.status).toBe('ended');
      expect(await listed('active')).not.toContain(res.body.id);
      expect(await listed('ended')).toContain(res.body.id);
    } finally {
      clock.set('2026-02-10T09:00:00Z');
    }
  });

  it('refuses references to a missing controller or processor with 422 naming both, writing nothing', async () => {
    const before = await count('processing_agreements');
    const res = await t
      .as(officer)
      .post(`${API}/agreements`)
      .send(agreement({ controllerId: UNKNOWN_ID, processorId: UNKNOWN_ID }));
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('/problems/missing-reference');
    expect(fields(res.body).sort()).toEqual(['controllerId', 'processorId']);
    const one = await t
      .as(officer)
      .post(`${API}/agreements`)
      .send(agreement({ processorId: UNKNOWN_ID }));
    expect(one.status).toBe(422);
    expect(fields(one.body)).toEqual(['processorId']);
    expect(await count('processing_agreements')).toBe(before);
  });

  it('refuses a second agreement with the same reference at the same processor with 409 naming reference', async () => {
    const body = agreement({ dataStores: [{ name: 'db', erasure: { method: 'manual' } }] });
    expect((await t.as(officer).post(`${API}/agreements`).send(body)).status).toBe(201);
    const [before, storesBefore] = [await count('processing_agreements'), await count('agreement_data_stores')];
    const dup = await t.as(officer).post(`${API}/agreements`).send(body);
    expect(dup.status).toBe(409);
    expect(fields(dup.body)).toEqual(['reference']);
    expect(await count('processing_agreements')).toBe(before);
    expect(await count('agreement_data_stores')).toBe(storesBefore);
  });

  it('leaves no agreement behind when one data store is bad', async () => {
    const [before, storesBefore] = [await count('processing_agreements'), await count('agreement_data_stores')];
    const stores = [
      { name: 'good', erasure: { method: 'manual' } },
      { name: 'bad', erasure: { method: 'webhook' } },
    ];
    const res = await t
      .as(officer)
      .post(`${API}/agreements`)
      .send(agreement({ dataStores: stores }));
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['dataStores[1].erasure.url']);
    const twice = await t
      .as(officer)
      .post(`${API}/agreements`)
      .send(agreement({ dataStores: [stores[0], stores[0]] }));
    expect(twice.status).toBe(400);
    expect(fields(twice.body)).toEqual(['dataStores[1].name']);
    expect(await count('processing_agreements')).toBe(before);
    expect(await count('agreement_data_stores')).toBe(storesBefore);
  });

  it('refuses bad input with 400 naming the field, never a 500', async () => {
    const before = await count('processing_agreements');
    const cases: [Record<string, unknown>, string][] = [
      [agreement({ breachNotificationHours: 0 }), 'breachNotificationHours'],
      [agreement({ breachNotificationHours: 73 }), 'breachNotificationHours'],
      [agreement({ breachNotificationHours: 24.5 }), 'breachNotificationHours'],
      [agreement({ breachNotificationHours: '24' }), 'breachNotificationHours'],
      [agreement({ breachNotificationHours: -1 }), 'breachNotificationHours'],
      [agreement({ breachNotificationHours: null }), 'breachNotificationHours'],
      [agreement({ controllerId: 'not-a-uuid' }), 'controllerId'],
      [agreement({ processorId: 42 }), 'processorId'],
      [agreement({ reference: '' }), 'reference'],
      [agreement({ reference: 'r'.repeat(201) }), 'reference'],
      [agreement({ subjectMatter: 's'.repeat(2001) }), 'subjectMatter'],
      [agreement({ effectiveFrom: '2026-01-01T00:00:00' }), 'effectiveFrom'],
      [agreement({ effectiveFrom: 'next monday' }), 'effectiveFrom'],
      [agreement({ endsAt: '2026-02-31T00:00:00Z' }), 'endsAt'],
      [agreement({ purposes: [] }), 'purposes'],
      [agreement({ purposes: 'hosting' }), 'purposes'],
      [agreement({ dataCategories: [1, 2] }), 'dataCategories'],
      [agreement({ dataSubjectCategories: [''] }), 'dataSubjectCategories'],
      [agreement({ specialCategories: [{ kind: 'health' }] }), 'specialCategories'],
      [agreement({ subProcessorAuthorization: 'none' }), 'subProcessorAuthorization'],
      [agreement({ subProcessorAuthorization: 'general', objectionPeriodDays: undefined }), 'objectionPeriodDays'],
      [agreement({ objectionPeriodDays: 0 }), 'objectionPeriodDays'],
      [agreement({ endOfContract: undefined }), 'endOfContract'],
      [agreement({ endOfContract: 'delete' }), 'endOfContract'],
      [agreement({ endOfContract: [{ action: 'delete', withinDays: 1 }] }), 'endOfContract'],
      [agreement({ endOfContract: { action: 'shred', withinDays: 30 } }), 'endOfContract.action'],
      [agreement({ endOfContract: { action: 'delete', withinDays: -1 } }), 'endOfContract.withinDays'],
      [agreement({ endOfContract: { action: 'delete', withinDays: 30, colour: 'red' } }), 'endOfContract.colour'],
      [agreement({ dataStores: ['db'] }), 'dataStores'],
      [agreement({ dataStores: [null] }), 'dataStores'],
      [agreement({ dataStores: { name: 'db' } }), 'dataStores'],
      [agreement({ dataStores: [{ name: 'db' }] }), 'dataStores[0].erasure'],
      [agreement({ dataStores: [{ name: 'db', erasure: { method: 'webhook', url: 'ftp://x.example' } }] }), 'dataStores[0].erasure.url'],
      [agreement({ dataStores: [{ name: 'db', erasure: { method: 'webhook', url: 'https://x.example', secret: 'short' } }] }), 'dataStores[0].erasure.secret'],
      [agreement({ dataStores: [{ name: 'db', erasure: { method: 'carrier pigeon' } }] }), 'dataStores[0].erasure.method'],
      [agreement({ dataStores: Array.from({ length: 51 }, (_, i) => ({ name: `s${i}`, erasure: { method: 'manual' } })) }), 'dataStores'],
      [agreement({ obligations: { i: { covered: true } } }), 'obligations.i'],
      [agreement({ obligations: { a: { covered: 'yes' } } }), 'obligations.a.covered'],
      [agreement({ obligations: { a: true } }), 'obligations.a'],
      [agreement({ obligations: [{ covered: true }] }), 'obligations'],
      [agreement({ obligations: { a: { covered: true, clauseRef: 'c'.repeat(201) } } }), 'obligations.a.clauseRef'],
      [agreement({ status: 'ended' }), 'status'],
      [agreement({ id: UNKNOWN_ID }), 'id'],
    ];
    for (const [body, field] of cases) {
      const res = await t.as(officer).post(`${API}/agreements`).send(body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(fields(res.body)).toContain(field);
    }
    const endsBefore = await t
      .as(officer)
      .post(`${API}/agreements`)
      .send(agreement({ endsAt: '2025-12-01T00:00:00Z' }));
    expect(endsBefore.status).toBe(422);
    expect(fields(endsBefore.body)).toEqual(['endsAt']);
    expect(await count('processing_agreements')).toBe(before);
  });

  it('takes back its data stores exactly as it shows them, a manual store with url null included', async () => {
    const created = await t
      .as(officer)
      .post(`${API}/agreements`)
      .send(agreement({ dataStores: [{ name: 'tape backups', erasure: { method: 'manual' } }] }));
    expect(created.status).toBe(201);
    const shown = (await t.as(officer).get(`${API}/agreements/${created.body.id}`)).body.dataStores.map((s: { name: string; erasure: unknown }) => ({ name: s.name, erasure: s.erasure }));
    expect(shown).toEqual([{ name: 'tape backups', erasure: { method: 'manual', url: null } }]);
    const res = await t.as(officer).patch(`${API}/agreements/${created.body.id}`).send({ dataStores: shown });
    expect(res.status).toBe(200);
  });

  it('updates terms: merges obligations, replaces stores by name keeping ids and secrets, and audits before and after', async () => {
    const created = await t
      .as(officer)
      .post(`${API}/agreements`)
      .send(
        agreement({
          obligations: { g: { covered: false } },
          dataStores: [
            { name: 'db', erasure: { method: 'webhook', url: 'https://db.example/erase', secret: 'db-secret-0123456789' } },
            { name: 'old backups', erasure: { method: 'manual' } },
          ],
        }),
      );
    const dbId = created.body.dataStores[0].id;
    const res = await t
      .as(officer)
      .patch(`${API}/agreements/${created.body.id}`)
      .send({
        breachNotificationHours: 24,
        subjectMatter: 'hosting',
        natureOfProcessing: 'storage',
        endOfContract: { action: 'return_and_delete', withinDays: 14 },
        obligations: { g: { covered: true, clauseRef: 'art. 12' } },
        dataStores: [
          { name: 'db', erasure: { method: 'webhook', url: 'https://db.example/erase-v2' } },
          { name: 'mailboxes', erasure: { method: 'manual' } },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ breachNotificationHours: 24, endOfContract: { action: 'return_and_delete', withinDays: 14 }, subjectMatter: 'hosting' });
    expect(res.body.obligations.g).toEqual({ covered: true, clauseRef: 'art. 12' });
    expect(res.body.gaps.map((g: { obligation: string }) => g.obligation)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'h']);
    expect(res.body.dataStores.map((s: { name: string }) => s.name)).toEqual(['db', 'mailboxes']);
    expect(res.body.dataStores[0]).toEqual({ id: dbId, name: 'db', subProcessorId: null, erasure: { method: 'webhook', url: 'https://db.example/erase-v2' }, flags: [] });
    const stores = await t.dataSource.query(`SELECT name, erasure_secret FROM agreement_data_stores WHERE agreement_id = $1 ORDER BY name`, [created.body.id]);
    expect(stores).toEqual([
      { name: 'db', erasure_secret: 'db-secret-0123456789' },
      { name: 'mailboxes', erasure_secret: null },
    ]);

    const [audit] = await auditEntries(t.dataSource, `a.action = 'agreement.updated' AND a.entity_id = $1`, [created.body.id]);
    expect(audit.before.breachNotificationHours).toBe(48);
    expect(audit.after.breachNotificationHours).toBe(24);
    expect(audit.before.dataStores.map((s: { name: string }) => s.name)).toEqual(['db', 'old backups']);
  });

  it('refuses updates that break a rule, changing nothing', async () => {
    const created = await t
      .as(officer)
      .post(`${API}/agreements`)
      .send(agreement({ subProcessorAuthorization: 'specific', objectionPeriodDays: undefined }));
    const id = created.body.id;
    const general = await t.as(officer).patch(`${API}/agreements/${id}`).send({ subProcessorAuthorization: 'general' });
    expect(general.status).toBe(422);
    expect(fields(general.body)).toEqual(['objectionPeriodDays']);
    const ends = await t.as(officer).patch(`${API}/agreements/${id}`).send({ endsAt: '2025-06-01T00:00:00Z' });
    expect(ends.status).toBe(422);
    expect(fields(ends.body)).toEqual(['endsAt']);
    for (const body of [{ controllerId }, { processorId }, { status: 'ended' }, { breachNotificationHours: 100 }, { reference: null }, { purposes: [] }, { effectiveFrom: null }, { dataStores: null }]) {
      const res = await t.as(officer).patch(`${API}/agreements/${id}`).send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    const other = await t.as(officer).post(`${API}/agreements`).send(agreement());
    const dup = await t.as(officer).patch(`${API}/agreements/${id}`).send({ reference: other.body.reference });
    expect(dup.status).toBe(409);
    expect(fields(dup.body)).toEqual(['reference']);
    const ok = await t.as(officer).patch(`${API}/agreements/${id}`).send({ subProcessorAuthorization: 'general', objectionPeriodDays: 14 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ subProcessorAuthorization: 'general', objectionPeriodDays: 14, reference: created.body.reference });
  });

  it('moves the status with effectiveFrom on update, and refuses to change an agreement with notice given', async () => {
    const created = await t.as(officer).post(`${API}/agreements`).send(agreement());
    const later = await t.as(officer).patch(`${API}/agreements/${created.body.id}`).send({ effectiveFrom: '2026-06-01T00:00:00Z' });
    expect(later.body.status).toBe('scheduled');
    const earlier = await t.as(officer).patch(`${API}/agreements/${created.body.id}`).send({ effectiveFrom: '2026-02-01T00:00:00Z' });
    expect(earlier.body.status).toBe('active');

    await t.dataSource.query(`UPDATE processing_agreements SET terminated_at = $2, termination_effective_at = $3 WHERE id = $1`, [created.body.id, '2026-02-10T08:00:00Z', '2026-06-01T00:00:00Z']);
    const refused = await t.as(officer).patch(`${API}/agreements/${created.body.id}`).send({ breachNotificationHours: 12 });
    expect(refused.status).toBe(409);
    expect((await t.as(auditor).get(`${API}/agreements/${created.body.id}`)).body).toMatchObject({ status: 'terminating', breachNotificationHours: 48 });
  });

  it('filters by controller, processor and status, and pages without duplicates or gaps', async () => {
    const otherController = await createController(t, officer, { name: 'Filtered B.V.' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (
          await t
            .as(officer)
            .post(`${API}/agreements`)
            .send(agreement({ controllerId: otherController }))
        ).body.id,
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.as(auditor).get(`${API}/agreements?controllerId=${otherController}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((a: { id: string }) => a.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());
    const byProcessor = await t.as(auditor).get(`${API}/agreements?processorId=${processorId}&controllerId=${otherController}&status=active`);
    expect(byProcessor.body.items).toHaveLength(5);
    expect(byProcessor.body.items[0].gaps).toEqual(expect.any(Array));
    expect((await t.as(auditor).get(`${API}/agreements?processorId=${UNKNOWN_ID}`)).body.items).toEqual([]);
    for (const query of ['status=expired', 'controllerId=abc', 'limit=0']) {
      expect((await t.as(auditor).get(`${API}/agreements?${query}`)).status).toBe(400);
    }
  });

  it('answers 400 for a malformed id, 404 for an unknown one, and enforces roles', async () => {
    const bad = await t.as(officer).get(`${API}/agreements/123`);
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['id']);
    expect((await t.as(officer).get(`${API}/agreements/${UNKNOWN_ID}`)).status).toBe(404);
    expect((await t.as(officer).patch(`${API}/agreements/${UNKNOWN_ID}`).send({ breachNotificationHours: 12 })).status).toBe(404);
    expect((await t.as(auditor).post(`${API}/agreements`).send(agreement())).status).toBe(403);
    expect((await t.as(auditor).patch(`${API}/agreements/${UNKNOWN_ID}`).send({})).status).toBe(403);
    expect((await t.as(reporter).get(`${API}/agreements`)).status).toBe(403);
    expect((await t.as(reporter).post(`${API}/agreements`).send(agreement())).status).toBe(403);
    expect((await t.as('').get(`${API}/agreements`).unset('authorization')).status).toBe(401);
  });
});
