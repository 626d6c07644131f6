import { FakeClock } from '../src/common/clock';
import { createAgreementRecord, createController, createProcessor, incidentBody, seedAgreement, seedController, seedDataStores } from './factories';
import { readCsvDownload } from './utils/csv';
import { binary } from './utils/pdf';
import { ADMIN_KEY, startTestApp, TestApp } from './utils/test-app';

const API = '/api/v1';
const COVERED = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((key) => [key, { covered: true, clauseRef: `art. 3.${key}` }]));
const COMPLETE = { subjectMatter: 'hosting', natureOfProcessing: 'storage', obligations: COVERED };
/** Every character a CSV must quote or keep: both delimiters, a quote, a line break, and Dutch letters. */
const TRICKY = 'Zoë\'s café; "Ĳsselmeer", Ørsted\nregel twee';

/** The streamed CSV downloads (BOM, comma or semicolon, RFC 4180 quoting) and the lists that page like every other. */
describe('exports and paged lists', () => {
  let t: TestApp;
  const clock = new FakeClock('2026-06-15T10:00:00Z');
  let officer: string;
  let auditor: string;
  let processorA: string;
  let processorB: string;
  let controllerId: string;
  let trickyIncident: string;

  const download = async (path: string, key = officer) => {
    const res = await t.as(key).get(`${API}${path}`).buffer(true).parse(binary);
    return res;
  };
  const csv = async (path: string, delimiter = ',') => {
    const res = await download(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    return readCsvDownload(res.body as Buffer, delimiter);
  };

  beforeAll(async () => {
    t = await startTestApp({ clock, workers: false });
    officer = await t.keyFor('officer');
    auditor = await t.keyFor('auditor');
    processorA = await createProcessor(t, ADMIN_KEY, { name: 'Hosting Noord BV' });
    processorB = await createProcessor(t, ADMIN_KEY, { name: 'Hosting Zuid BV' });
    controllerId = await createController(t, ADMIN_KEY, { name: TRICKY });
    const report = async (processorId: string, title: string) => {
      const res = await t
        .as(officer)
        .post(`${API}/incidents`)
        .send(incidentBody({ processorId, affectedControllerIds: [controllerId], title, awareAt: '2026-06-15T09:00:00Z' }));
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      return res.body.id as string;
    };
    trickyIncident = await report(processorA, TRICKY);
    await report(processorB, 'Phishing bij Zuid');
  });

  afterAll(async () => {
    await t.close();
  });

  describe('the breach register', () => {
    it('starts with a BOM, quotes per RFC 4180 and keeps Dutch letters, with a comma or a semicolon', async () => {
      const [header, ...rows] = await csv('/incidents/export.csv');
      expect(header.slice(0, 4)).toEqual(['id', 'status', 'role', 'title']);
      const tricky = rows.find((row) => row[0] === trickyIncident)!;
      expect(tricky[header.indexOf('title')]).toBe(TRICKY);
      expect(tricky[header.indexOf('affectedControllerIds')]).toBe(controllerId);
      expect(tricky[header.indexOf('deadlines')]).toMatch(/controller_notification pending due 2026-06-1\dT/);
      expect(rows.every((row) => row.length === header.length)).toBe(true);

      const semicolon = await download('/incidents/export.csv?delimiter=semicolon');
      const text = (semicolon.body as Buffer).toString('utf8');
      expect(text.split('\r\n')[0]).toMatch(/^\uFEFFid;status;role;title;/);
      const [sHeader, ...sRows] = readCsvDownload(semicolon.body as Buffer, ';');
      expect(sHeader).toEqual(header);
      expect(sRows).toEqual(rows);
    });

    it('applies the list’s filters, and refuses what it does not know naming the field', async () => {
      const [, ...ofB] = await csv(`/incidents/export.csv?processorId=${processorB}`);
      expect(ofB.map((row) => row[3])).toEqual(['Phishing bij Zuid']);
      const [, ...closed] = await csv('/incidents/export.csv?status=closed');
      expect(closed).toEqual([]);

      const bad = await t.as(officer).get(`${API}/incidents/export.csv?delimiter=tab`);
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['delimiter']);
    });

    it('is for those who read the whole register: a reporter is refused, as before', async () => {
      const reporter = await t.keyFor('reporter', processorA);
      expect((await t.as(reporter).get(`${API}/incidents/export.csv`)).status).toBe(403);
      expect((await download('/incidents/export.csv', auditor)).status).toBe(200);
    });

    it('reads every incident across cursor batches, newest first', async () => {
      const before = (await csv('/incidents/export.csv')).length - 1;
      await t.dataSource.query(
        `INSERT INTO incidents (processor_id, role, status, title, aware_at, reporter_name, reporter_email, created_at)
         SELECT $1, 'processor', 'open', 'Bulk ' || lpad(n::text, 4, '0'), '2026-01-01T00:00:00Z', 'Jan', 'jan@example.nl', '2026-01-01T00:00:00Z'::timestamptz + n * interval '1 second'
           FROM generate_series(1, 1234) AS n`,
        [processorB],
      );
      const [header, ...rows] = await csv('/incidents/export.csv');
      expect(rows).toHaveLength(before + 1234);
      const bulk = rows.map((row) => row[header.indexOf('title')]).filter((title) => title.startsWith('Bulk '));
      expect(bulk[0]).toBe('Bulk 1234');
      expect(bulk[bulk.length - 1]).toBe('Bulk 0001');
      expect(new Set(rows.map((row) => row[0])).size).toBe(rows.length);
      // The snapshot's connection went back: nothing idles in a transaction.
      const [open] = await t.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`);
      expect(open.n).toBe(0);
    });
  });

  describe('the controllers', () => {
    it('lists every controller, with a semicolon, narrowed by q', async () => {
      await seedController(t.dataSource, { name: 'Aannemer de Bruijn, Zn.' });
      const [header, ...rows] = await csv('/controllers/export.csv?delimiter=semicolon', ';');
      expect(header).toEqual(['id', 'name', 'country', 'kvkNumber', 'contactEmail', 'dpoName', 'dpoEmail', 'createdAt', 'updatedAt']);
      const names = rows.map((row) => row[1]);
      expect(names).toContain(TRICKY);
      expect(names).toContain('Aannemer de Bruijn, Zn.');
      expect(rows.find((row) => row[0] === controllerId)![2]).toBe('NL');

      const [, ...found] = await csv(`/controllers/export.csv?q=${encodeURIComponent('BRUIJN')}`);
      expect(found.map((row) => row[1])).toEqual(['Aannemer de Bruijn, Zn.']);
      expect((await t.as(officer).get(`${API}/controllers/export.csv?limit=5`)).status).toBe(400);
    });

    it('reads past one cursor batch, by name', async () => {
      await t.dataSource.query(`INSERT INTO data_controllers (name, country) SELECT 'Klant ' || lpad(n::text, 4, '0'), 'NL' FROM generate_series(1, 1500) AS n`);
      const [, ...rows] = await csv('/controllers/export.csv?q=Klant%20');
      expect(rows.map((row) => row[1])).toEqual(Array.from({ length: 1500 }, (_, i) => `Klant ${String(i + 1).padStart(4, '0')}`));
    });
  });

  describe('the agreements with gaps', () => {
    it('has one row per agreement with gaps, what it misses and what that asks, in the portfolio’s scope', async () => {
      const complete = (await createAgreementRecord(t, ADMIN_KEY, { controllerId, processorId: processorA, reference: 'G-complete', ...COMPLETE })).id;
      const noHelp = (
        await createAgreementRecord(t, ADMIN_KEY, { controllerId, processorId: processorA, reference: 'G-no-help', ...COMPLETE, obligations: { ...COVERED, e: { covered: false, clauseRef: null } } })
      ).id;
      const scheduled = (await createAgreementRecord(t, ADMIN_KEY, { controllerId, processorId: processorB, reference: 'G-scheduled', effectiveFrom: '2026-09-01T00:00:00Z' })).id;

      const [header, ...rows] = await csv('/agreements/gaps/export.csv?delimiter=semicolon', ';');
      expect(header).toEqual(['id', 'reference', 'status', 'controllerId', 'controllerName', 'processorId', 'gaps', 'missing']);
      expect(rows.map((row) => row[0])).toEqual([noHelp, scheduled]);
      expect(rows.map((row) => row[0])).not.toContain(complete);
      expect(rows[0]).toEqual([noHelp, 'G-no-help', 'active', controllerId, TRICKY, processorA, 'e', 'assist the controller in answering data subject requests']);
      expect(rows[1][2]).toBe('scheduled');
      expect(rows[1][6].split('; ')).toEqual(expect.arrayContaining(['a', 'h', 'subjectMatter']));
      expect(rows[1][7].split('\n')).toContain('the subject matter of the processing');

      const [, ...active] = await csv('/agreements/gaps/export.csv?status=active');
      expect(active.map((row) => row[0])).toEqual([noHelp]);
      const [, ...ofB] = await csv(`/agreements/gaps/export.csv?processorId=${processorB}`);
      expect(ofB.map((row) => row[0])).toEqual([scheduled]);
      expect((await t.as(officer).get(`${API}/agreements/gaps/export.csv?status=gone`)).status).toBe(400);
    });
  });

  it('offers the semicolon on the record of processing too', async () => {
    const res = await download(`/records-of-processing?format=csv&delimiter=semicolon&processorId=${processorA}`);
    expect(res.status).toBe(200);
    const [header] = readCsvDownload(res.body as Buffer, ';');
    expect(header.length).toBeGreaterThan(5);
  });

  describe('paging', () => {
    it('pages the API keys, newest first, never showing a secret', async () => {
      const issued = [];
      for (const name of ['een', 'twee', 'drie']) issued.push((await t.as().post(`${API}/api-keys`).send({ name, role: 'auditor' })).body as { id: string; key: string });
      const first = await t.as().get(`${API}/api-keys?limit=2`);
      expect(first.status).toBe(200);
      expect(first.body.items.map((k: { name: string }) => k.name)).toEqual(['drie', 'twee']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t.as().get(`${API}/api-keys?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.items.map((k: { name: string }) => k.name)).toEqual(['een', 'reporter key']);
      const all = await t.as().get(`${API}/api-keys?limit=200`);
      expect(all.body.nextCursor).toBeNull();
      const text = JSON.stringify(all.body);
      for (const { key } of issued) expect(text).not.toContain(key);
      expect(text).not.toMatch(/keyHash|key_hash|"key"/);
      expect(Object.keys(all.body.items[0]).sort()).toEqual(['createdAt', 'id', 'keyPrefix', 'name', 'processorId', 'revokedAt', 'role']);

      const bad = await t.as().get(`${API}/api-keys?cursor=not-a-cursor`);
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'cursor', message: 'invalid cursor' }]);
      expect((await t.as().get(`${API}/api-keys?limit=0`)).body.errors.map((e: { field: string }) => e.field)).toEqual(['limit']);
      expect((await t.as(officer).get(`${API}/api-keys`)).status).toBe(403);
    });

    it('pages the deletion tasks, soonest due first, of one agreement or all', async () => {
      const agreements = [await seedAgreement(t.dataSource, { controllerId, processorId: processorA }), await seedAgreement(t.dataSource, { controllerId, processorId: processorA })];
      const stores = await seedDataStores(t.dataSource, [
        { agreementId: agreements[0], name: 'mail' },
        { agreementId: agreements[0], name: 'backups' },
        { agreementId: agreements[1], name: 'files' },
      ]);
      const due = ['2026-08-03T00:00:00.000Z', '2026-08-01T00:00:00.000Z', '2026-08-02T00:00:00.000Z'];
      await t.dataSource.query(
        `INSERT INTO deletion_tasks (agreement_id, data_store_id, controller_id, method, status, request_at, due_at)
         SELECT a, s, $3, 'manual', 'scheduled', '2026-07-01T00:00:00Z', d FROM unnest($1::uuid[], $2::uuid[], $4::timestamptz[]) AS x(a, s, d)`,
        [[agreements[0], agreements[0], agreements[1]], stores, controllerId, due],
      );

      const first = await t.as(auditor).get(`${API}/deletion-tasks?limit=2`);
      expect(first.status).toBe(200);
      expect(first.body.items.map((task: { dataStore: { name: string } }) => task.dataStore.name)).toEqual(['backups', 'files']);
      const second = await t.as(auditor).get(`${API}/deletion-tasks?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body).toMatchObject({ items: [{ dataStore: { name: 'mail' }, dueAt: due[0] }], nextCursor: null });

      const ofOne = await t.as(auditor).get(`${API}/deletion-tasks?agreementId=${agreements[0]}`);
      expect(ofOne.body.items.map((task: { dataStore: { name: string } }) => task.dataStore.name)).toEqual(['backups', 'mail']);
      expect(ofOne.body.nextCursor).toBeNull();

      const bad = await t.as(auditor).get(`${API}/deletion-tasks?cursor=${Buffer.from('["2026-08-01", "x"]').toString('base64url')}`);
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'cursor', message: 'invalid cursor' }]);
      expect((await t.as(auditor).get(`${API}/deletion-tasks?agreementId=00000000-0000-4000-8000-000000000000`)).status).toBe(404);
      expect((await t.as(auditor).get(`${API}/deletion-tasks?limit=201`)).status).toBe(400);
    });
  });
});
