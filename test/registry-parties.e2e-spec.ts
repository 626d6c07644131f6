import { FakeClock } from '../src/common/clock';
import { createController, createProcessor } from './factories';
import { startTestApp, TestApp } from './utils/test-app';

const API = '/api/v1';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

function fields(body: { errors?: { field: string }[] }): string[] {
  return (body.errors ?? []).map((e) => e.field);
}

describe('registry: processors, controllers, contacts, invoices', () => {
  let t: TestApp;
  const clock = new FakeClock('2026-02-10T09:00:00Z');
  let officer: string;
  let auditor: string;
  let reporter: string;

  beforeAll(async () => {
    t = await startTestApp({ clock, workers: false });
    officer = await t.keyFor('officer');
    auditor = await t.keyFor('auditor');
    reporter = await t.keyFor('reporter', await createProcessor(t, officer, { name: 'Reporter host' }));
  });

  afterAll(async () => {
    await t.close();
  });

  async function count(table: string): Promise<number> {
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
    return row.n;
  }

  describe('processors', () => {
    it('creates, reads and updates a processor, writing the audit log', async () => {
      const created = await t
        .as(officer)
        .post(`${API}/processors`)
        .send({
          name: 'Hostingbedrijf Noord B.V.',
          country: 'nl',
          kvkNumber: '12345678',
          contactEmail: 'privacy@noord.example',
          dpoName: 'J. de Vries',
          dpoEmail: 'fg@noord.example',
          securityMeasures: ['encryption at rest', 'ISO 27001'],
        });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Hostingbedrijf Noord B.V.', country: 'NL', kvkNumber: '12345678', securityMeasures: ['encryption at rest', 'ISO 27001'] });
      expect(created.body.createdAt).toMatch(/Z$/);

      const read = await t.as(auditor).get(`${API}/processors/${created.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created.body);

      const patched = await t.as(officer).patch(`${API}/processors/${created.body.id}`).send({ dpoName: null, securityMeasures: [] });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ name: 'Hostingbedrijf Noord B.V.', dpoName: null, securityMeasures: [], kvkNumber: '12345678' });

      const unchanged = await t.as(officer).patch(`${API}/processors/${created.body.id}`).send({ name: 'Hostingbedrijf Noord B.V.' });
      expect(unchanged.status).toBe(200);
      expect(unchanged.body).toEqual(patched.body);

      // The patch that changed nothing left no entry.
      const log = await t.as(auditor).get(`${API}/audit-log?entityType=processor&entityId=${created.body.id}`);
      expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['processor.updated', 'processor.created']);
      expect(log.body.items[0].before.dpoName).toBe('J. de Vries');
      expect(log.body.items[0].after.dpoName).toBeNull();
      expect(log.body.items[0].actorName).toBe('officer key');
    });

    it('refuses bad input with 400 naming each field, and writes nothing', async () => {
      const before = await count('processors');
      const cases: [Record<string, unknown>, string[]][] = [
        [{}, ['name', 'country']],
        [{ name: 'x', country: 'Netherlands' }, ['country']],
        [{ name: 'x', country: 'XX' }, ['country']],
        [{ name: 'x', country: 'NLD' }, ['country']],
        [{ name: 'x', country: 'NL', kvkNumber: '1234567' }, ['kvkNumber']],
        [{ name: 'x', country: 'NL', kvkNumber: 12345678 }, ['kvkNumber']],
        [{ name: 'x', country: 'NL', kvkNumber: '1234567a' }, ['kvkNumber']],
        [{ name: 'x', country: 'NL', contactEmail: 'not an email' }, ['contactEmail']],
        [{ name: 'x', country: 'NL', dpoEmail: 42 }, ['dpoEmail']],
        [{ name: 'x'.repeat(201), country: 'NL' }, ['name']],
        [{ name: null, country: null }, ['name', 'country']],
        [{ name: ['x'], country: { code: 'NL' } }, ['name', 'country']],
        [{ name: 'x', country: 'NL', securityMeasures: 'encryption' }, ['securityMeasures']],
        [{ name: 'x', country: 'NL', securityMeasures: [1, { a: 1 }] }, ['securityMeasures']],
        [{ name: 'x', country: 'NL', securityMeasures: ['y'.repeat(501)] }, ['securityMeasures']],
        [{ name: 'x', country: 'NL', colour: 'red' }, ['colour']],
      ];
      for (const [body, expected] of cases) {
        const res = await t.as(officer).post(`${API}/processors`).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(fields(res.body)).toEqual(expect.arrayContaining(expected));
      }
      expect(await count('processors')).toBe(before);
    });

    it('refuses a body that is not an object, and repeated query parameters, with 400', async () => {
      for (const body of ['[]', '"x"', '42', 'null', '[{"name":"x","country":"NL"}]']) {
        const res = await t.as(officer).post(`${API}/processors`).set('content-type', 'application/json').send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      expect((await t.as(officer).get(`${API}/processors?limit=1&limit=2`)).status).toBe(400);
    });

    it('refuses to clear a required field on update, and changes nothing', async () => {
      const id = await createProcessor(t, officer, { name: 'Keep me', country: 'DE' });
      for (const body of [{ name: null }, { country: null }, { country: 'ZZ' }, { securityMeasures: null }, { id: UNKNOWN_ID }, { createdAt: '2020-01-01T00:00:00Z' }]) {
        const res = await t.as(officer).patch(`${API}/processors/${id}`).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      const read = await t.as(officer).get(`${API}/processors/${id}`);
      expect(read.body).toMatchObject({ name: 'Keep me', country: 'DE' });
    });

    it('answers a malformed id with 400 and an unknown one with 404', async () => {
      const bad = await t.as(officer).get(`${API}/processors/not-a-uuid`);
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['id']);
      expect((await t.as(officer).get(`${API}/processors/${UNKNOWN_ID}`)).status).toBe(404);
      expect((await t.as(officer).patch(`${API}/processors/${UNKNOWN_ID}`).send({ name: 'x' })).status).toBe(404);
    });

    it('pages through processors with a cursor, without duplicates or gaps', async () => {
      for (let i = 0; i < 7; i++) await createProcessor(t, officer, { name: `Paged ${i}` });
      const total = await count('processors');
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await t.as(auditor).get(`${API}/processors?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...res.body.items.map((p: { id: string }) => p.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(Math.ceil(total / 3));
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
    });

    it('refuses bad paging parameters with 400', async () => {
      for (const query of ['limit=0', 'limit=201', 'limit=abc', 'limit=-1', 'cursor=garbage', 'offset=3']) {
        const res = await t.as(officer).get(`${API}/processors?${query}`);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
      }
    });
  });

  describe('roles', () => {
    it('lets the auditor read but not write, refuses the reporter, and requires a key', async () => {
      const body = { name: 'Role test', country: 'NL' };
      expect((await t.as(auditor).get(`${API}/processors`)).status).toBe(200);
      expect((await t.as(auditor).get(`${API}/controllers`)).status).toBe(200);
      expect((await t.as(auditor).post(`${API}/processors`).send(body)).status).toBe(403);
      expect((await t.as(auditor).post(`${API}/controllers`).send(body)).status).toBe(403);
      expect((await t.as(reporter).get(`${API}/processors`)).status).toBe(403);
      expect((await t.as(reporter).get(`${API}/controllers`)).status).toBe(403);
      expect((await t.as(reporter).post(`${API}/processors`).send(body)).status).toBe(403);
      expect((await t.as('').get(`${API}/processors`).unset('authorization')).status).toBe(401);
      expect((await t.as('pat_wrong').post(`${API}/controllers`).send(body)).status).toBe(401);
      expect((await t.as().post(`${API}/controllers`).send(body)).status).toBe(201);

      const controller = await t.as(officer).post(`${API}/controllers`).send(body);
      const contact = { name: 'A' };
      expect((await t.as(auditor).post(`${API}/controllers/${controller.body.id}/contacts`).send(contact)).status).toBe(403);
      expect((await t.as(reporter).get(`${API}/controllers/${controller.body.id}/contacts`)).status).toBe(403);
      expect((await t.as(auditor).get(`${API}/controllers/${controller.body.id}/invoices`)).status).toBe(200);
      expect((await t.as(reporter).get(`${API}/controllers/${controller.body.id}/invoices`)).status).toBe(403);
    });
  });

  describe('controllers', () => {
    it('creates, reads, updates and lists controllers', async () => {
      const created = await t.as(officer).post(`${API}/controllers`).send({ name: 'Bakkerij Jansen B.V.', country: 'NL', kvkNumber: '87654321', contactEmail: 'info@bakkerij.example' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Bakkerij Jansen B.V.', country: 'NL', kvkNumber: '87654321', dpoEmail: null });
      const patched = await t.as(officer).patch(`${API}/controllers/${created.body.id}`).send({ dpoEmail: 'fg@bakkerij.example', kvkNumber: null });
      expect(patched.body).toMatchObject({ dpoEmail: 'fg@bakkerij.example', kvkNumber: null, name: 'Bakkerij Jansen B.V.' });
      const list = await t.as(auditor).get(`${API}/controllers?limit=1`);
      expect(list.body.items).toHaveLength(1);
      expect(list.body.nextCursor).toEqual(expect.any(String));
      const [audit] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'controller' AND entity_id = $1`, [created.body.id]);
      expect(audit.n).toBe(2);
    });

    it('refuses bad controllers naming the field', async () => {
      const before = await count('data_controllers');
      const res = await t
        .as(officer)
        .post(`${API}/controllers`)
        .send({ name: '', country: 'nl-NL', kvkNumber: '123', securityMeasures: ['not a controller field'] });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(expect.arrayContaining(['name', 'country', 'kvkNumber', 'securityMeasures']));
      expect(await count('data_controllers')).toBe(before);
    });
  });

  describe('contacts', () => {
    let controllerId: string;
    beforeAll(async () => {
      controllerId = await createController(t, officer, { name: 'Contacts B.V.' });
    });

    it('defaults lastActivityAt to now on the injected clock and accepts a past one', async () => {
      const now = await t.as(officer).post(`${API}/controllers/${controllerId}/contacts`).send({ name: 'Marieke', email: 'marieke@contacts.example', phone: '+31 20 123 4567', role: 'office manager' });
      expect(now.status).toBe(201);
      expect(now.body).toMatchObject({ controllerId, name: 'Marieke', lastActivityAt: '2026-02-10T09:00:00.000Z', anonymizedAt: null });
      const imported = await t.as(officer).post(`${API}/controllers/${controllerId}/contacts`).send({ name: 'Piet', lastActivityAt: '2019-05-01T10:00:00+02:00' });
      expect(imported.status).toBe(201);
      expect(imported.body.lastActivityAt).toBe('2019-05-01T08:00:00.000Z');
      const skew = await t.as(officer).post(`${API}/controllers/${controllerId}/contacts`).send({ name: 'Skew', lastActivityAt: '2026-02-10T09:02:00Z' });
      expect(skew.status).toBe(201);

      const read = await t.as(auditor).get(`${API}/controllers/${controllerId}/contacts/${now.body.id}`);
      expect(read.body).toEqual(now.body);
      const list = await t.as(auditor).get(`${API}/controllers/${controllerId}/contacts`);
      expect(list.body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([now.body.id, imported.body.id]));
      expect(list.body.items).toHaveLength(3);
    });

    it('refuses a lastActivityAt in the future with 422, and a zone-less or malformed one with 400', async () => {
      const before = await count('contacts');
      const future = await t.as(officer).post(`${API}/controllers/${controllerId}/contacts`).send({ name: 'Later', lastActivityAt: '2026-02-10T09:30:00Z' });
      expect(future.status).toBe(422);
      expect(fields(future.body)).toEqual(['lastActivityAt']);
      for (const lastActivityAt of ['2025-01-01T10:00:00', '2025-02-30T10:00:00Z', 'yesterday', 1700000000000, '']) {
        const res = await t.as(officer).post(`${API}/controllers/${controllerId}/contacts`).send({ name: 'Bad', lastActivityAt });
        expect({ lastActivityAt, status: res.status }).toEqual({ lastActivityAt, status: 400 });
        expect(fields(res.body)).toContain('lastActivityAt');
      }
      const res = await t
        .as(officer)
        .post(`${API}/controllers/${controllerId}/contacts`)
        .send({ email: 'x', phone: 'call me', role: 'r'.repeat(201) });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(expect.arrayContaining(['name', 'email', 'phone', 'role']));
      expect(await count('contacts')).toBe(before);
    });

    it('updates a contact, and refuses one that was anonymised', async () => {
      const created = await t.as(officer).post(`${API}/controllers/${controllerId}/contacts`).send({ name: 'Henk' });
      const patched = await t.as(officer).patch(`${API}/controllers/${controllerId}/contacts/${created.body.id}`).send({ email: 'henk@contacts.example', lastActivityAt: '2026-01-01T00:00:00Z' });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ name: 'Henk', email: 'henk@contacts.example', lastActivityAt: '2026-01-01T00:00:00.000Z' });
      expect((await t.as(officer).patch(`${API}/controllers/${controllerId}/contacts/${created.body.id}`).send({ lastActivityAt: '2027-01-01T00:00:00Z' })).status).toBe(422);
      expect((await t.as(officer).patch(`${API}/controllers/${controllerId}/contacts/${created.body.id}`).send({ name: null })).status).toBe(400);

      await t.dataSource.query(`UPDATE contacts SET name = NULL, email = NULL, anonymized_at = now() WHERE id = $1`, [created.body.id]);
      const refused = await t.as(officer).patch(`${API}/controllers/${controllerId}/contacts/${created.body.id}`).send({ name: 'Henk again' });
      expect(refused.status).toBe(409);
    });

    it('answers 404 for an unknown controller or a contact of another controller', async () => {
      expect((await t.as(officer).post(`${API}/controllers/${UNKNOWN_ID}/contacts`).send({ name: 'x' })).status).toBe(404);
      expect((await t.as(officer).get(`${API}/controllers/${UNKNOWN_ID}/contacts`)).status).toBe(404);
      expect((await t.as(officer).get(`${API}/controllers/nope/contacts`)).status).toBe(400);
      const other = await createController(t, officer, { name: 'Other' });
      const contact = await t.as(officer).post(`${API}/controllers/${controllerId}/contacts`).send({ name: 'Mine' });
      expect((await t.as(officer).get(`${API}/controllers/${other}/contacts/${contact.body.id}`)).status).toBe(404);
      const badContactId = await t.as(officer).get(`${API}/controllers/${controllerId}/contacts/123`);
      expect(badContactId.status).toBe(400);
      expect(fields(badContactId.body)).toEqual(['contactId']);
    });
  });

  describe('invoices', () => {
    let controllerId: string;
    beforeAll(async () => {
      controllerId = await createController(t, officer, { name: 'Invoices B.V.' });
    });

    it('creates an invoice with a past issue date, EUR by default, and audits it', async () => {
      const res = await t.as(officer).post(`${API}/controllers/${controllerId}/invoices`).send({ number: '2019-0001', issuedAt: '2019-03-31T10:00:00Z', amountCents: 12100, billingName: 'M. Jansen' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ controllerId, number: '2019-0001', issuedAt: '2019-03-31T10:00:00.000Z', amountCents: 12100, currency: 'EUR', billingName: 'M. Jansen', billingAddress: null });
      const credit = await t
        .as(officer)
        .post(`${API}/controllers/${controllerId}/invoices`)
        .send({ number: '2019-0001-C', issuedAt: '2019-04-02T10:00:00Z', amountCents: -12100, currency: 'usd', billingName: 'M. Jansen' });
      expect(credit.status).toBe(201);
      expect(credit.body).toMatchObject({ amountCents: -12100, currency: 'USD' });
      const [audit] = await t.dataSource.query(`SELECT action FROM audit_log WHERE entity_id = $1`, [res.body.id]);
      expect(audit.action).toBe('invoice.created');
    });

    it('refuses a duplicate number for the same controller with 409 naming number, but allows it for another', async () => {
      const body = { number: 'DUP-1', issuedAt: '2025-01-01T10:00:00Z', amountCents: 100, billingName: 'X' };
      expect((await t.as(officer).post(`${API}/controllers/${controllerId}/invoices`).send(body)).status).toBe(201);
      const before = await count('invoices');
      const dup = await t.as(officer).post(`${API}/controllers/${controllerId}/invoices`).send(body);
      expect(dup.status).toBe(409);
      expect(fields(dup.body)).toEqual(['number']);
      expect(await count('invoices')).toBe(before);
      const other = await createController(t, officer, { name: 'Other invoices' });
      expect((await t.as(officer).post(`${API}/controllers/${other}/invoices`).send(body)).status).toBe(201);

      const second = await t
        .as(officer)
        .post(`${API}/controllers/${controllerId}/invoices`)
        .send({ ...body, number: 'DUP-2' });
      const renamed = await t.as(officer).patch(`${API}/controllers/${controllerId}/invoices/${second.body.id}`).send({ number: 'DUP-1' });
      expect(renamed.status).toBe(409);
      expect(fields(renamed.body)).toEqual(['number']);
      const same = await t.as(officer).patch(`${API}/controllers/${controllerId}/invoices/${second.body.id}`).send({ number: 'DUP-2', billingAddress: 'Dorpsstraat 1' });
      expect(same.status).toBe(200);
      expect(same.body.billingAddress).toBe('Dorpsstraat 1');
    });

    it('refuses bad invoices naming the field, never a 500', async () => {
      const before = await count('invoices');
      const base = { number: 'B-1', issuedAt: '2025-01-01T10:00:00Z', amountCents: 100, billingName: 'X' };
      const cases: [Record<string, unknown>, string][] = [
        [{ ...base, number: undefined }, 'number'],
        [{ ...base, issuedAt: '2025-13-01T00:00:00Z' }, 'issuedAt'],
        [{ ...base, issuedAt: null }, 'issuedAt'],
        [{ ...base, amountCents: 1.5 }, 'amountCents'],
        [{ ...base, amountCents: '100' }, 'amountCents'],
        [{ ...base, amountCents: 1e20 }, 'amountCents'],
        [{ ...base, currency: 'EURO' }, 'currency'],
        [{ ...base, currency: 'XYZ' }, 'currency'],
        [{ ...base, billingName: '' }, 'billingName'],
        [{ ...base, billingEmail: 'nope' }, 'billingEmail'],
        [{ ...base, billingAddress: 'a'.repeat(501) }, 'billingAddress'],
        [{ ...base, number: 'n'.repeat(101) }, 'number'],
        [{ ...base, controllerId: UNKNOWN_ID }, 'controllerId'],
      ];
      for (const [body, field] of cases) {
        const res = await t.as(officer).post(`${API}/controllers/${controllerId}/invoices`).send(body);
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(fields(res.body)).toContain(field);
      }
      const future = await t
        .as(officer)
        .post(`${API}/controllers/${controllerId}/invoices`)
        .send({ ...base, issuedAt: '2026-03-01T00:00:00Z' });
      expect(future.status).toBe(422);
      expect(fields(future.body)).toEqual(['issuedAt']);
      expect(await count('invoices')).toBe(before);
    });

    it('pages through a controller’s invoices only', async () => {
      const own = await createController(t, officer, { name: 'Paged invoices' });
      for (let i = 0; i < 5; i++) {
        await t
          .as(officer)
          .post(`${API}/controllers/${own}/invoices`)
          .send({ number: `P-${i}`, issuedAt: '2025-06-01T10:00:00Z', amountCents: i, billingName: 'X' });
      }
      const first = await t.as(auditor).get(`${API}/controllers/${own}/invoices?limit=2`);
      const second = await t.as(auditor).get(`${API}/controllers/${own}/invoices?limit=2&cursor=${first.body.nextCursor}`);
      const third = await t.as(auditor).get(`${API}/controllers/${own}/invoices?limit=2&cursor=${second.body.nextCursor}`);
      const numbers = [...first.body.items, ...second.body.items, ...third.body.items].map((i: { number: string }) => i.number);
      expect(numbers.sort()).toEqual(['P-0', 'P-1', 'P-2', 'P-3', 'P-4']);
      expect(third.body.nextCursor).toBeNull();
    });
  });

  describe('finding by name', () => {
    it('finds controllers and processors by any part of the name, case-insensitively, with % and _ taken literally', async () => {
      const names = ['Bakkerij Vermeulen', 'VERMEULEN & Zn', '100% Hosting', 'Web_Winkel BV', 'Webwinkel Oost'];
      for (const name of names) await createController(t, officer, { name });
      await createProcessor(t, officer, { name: 'Vermeulen Datacenter' });
      const found = async (path: string, q: string) => ((await t.as(auditor).get(`${API}/${path}?limit=200&q=${encodeURIComponent(q)}`)).body.items as { name: string }[]).map((c) => c.name).sort();
      expect(await found('controllers', 'vermeulen')).toEqual(['Bakkerij Vermeulen', 'VERMEULEN & Zn']);
      expect(await found('controllers', '%')).toEqual(['100% Hosting']);
      expect(await found('controllers', 'web_')).toEqual(['Web_Winkel BV']);
      expect(await found('controllers', 'nobody like this')).toEqual([]);
      expect(await found('processors', 'VERMEULEN')).toEqual(['Vermeulen Datacenter']);
      const tooLong = await t.as(auditor).get(`${API}/controllers?q=${'x'.repeat(201)}`);
      expect(tooLong.status).toBe(400);
      expect(fields(tooLong.body)).toEqual(['q']);
    });
  });
});
