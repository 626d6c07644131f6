import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { FakeClock } from '../src/common/clock';
import { ErasureWorkflowService } from '../src/contract-end/erasure-workflow.service';
import { DeadlineJobs } from '../src/deadlines/deadline-jobs';
import { createAgreementRecord, createController, createProcessor, seedContact, seedInvoice } from './factories';
import { binary, pdfTitle } from './utils/pdf';
import { startTestApp, TestApp } from './utils/test-app';

const API = '/api/v1';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The certificate of deletion (vernietigingsverklaring) is never false: a draft until a
 * confirmation says the data are gone, its deadline met only by a confirmation before the
 * due instant, a declaration in Dutch or English naming the parties, who confirms and
 * when, and a hash that says whether it still matches the data.
 */
describe('the deletion certificate', () => {
  let t: TestApp;
  const clock = new FakeClock('2027-03-01T10:00:00Z');
  let officer: string;
  let auditor: string;
  let processorId: string;
  let controllerId: string;
  let store: Server;
  let storeUrl: string;
  let storeAnswer = '';

  beforeAll(async () => {
    store = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(storeAnswer));
    });
    await new Promise<void>((resolve) => store.listen(0, '127.0.0.1', resolve));
    storeUrl = `http://127.0.0.1:${(store.address() as AddressInfo).port}/erase`;
    t = await startTestApp({ clock, workers: false });
    officer = await t.keyFor('officer');
    auditor = await t.keyFor('auditor');
    processorId = await createProcessor(t, officer, { name: 'Hosting BV', kvkNumber: '12345678' });
    controllerId = await createController(t, officer, { name: 'Bakkerij Jansen', kvkNumber: '87654321' });
  });

  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => store.close(resolve));
  });

  const create = (overrides: Record<string, unknown> = {}) => createAgreementRecord(t, officer, { controllerId, processorId, ...overrides });
  const certificate = (id: string, query = '') => t.as(auditor).get(`${API}/agreements/${id}/deletion-certificate${query}`);
  const pdf = (id: string, query = '') => certificate(id, query).set('accept', 'application/pdf').buffer(true).parse(binary);
  const deadlineOf = async (id: string) => (await t.dataSource.query(`SELECT id, status, starts_at, due_at, met_at, late_reason FROM deadlines WHERE subject_id = $1`, [id]))[0];
  const confirmation = (overrides: Record<string, unknown> = {}) => ({
    erased: 'Webshop database, its nightly backups and 14 mailboxes',
    location: 'db-03.hosting.example; backup vault Amsterdam-Zuid; mail-02',
    evidence: 'Ticket OPS-2211: DROP DATABASE log and backup expiry report',
    confirmedBy: { name: 'Fleur Bakker', function: 'Functionaris Gegevensbescherming' },
    confirmedAt: '2027-03-01T09:30:00Z',
    ...overrides,
  });

  it('the issue’s case: no data stores, terminated eleven months after it ended — a draft, its deadline missed, never "all confirmed"', async () => {
    clock.set('2027-03-01T10:00:00Z');
    const { id, reference } = await create({ endOfContract: { action: 'delete', withinDays: 30 } });
    const terminated = await t.as(officer).post(`${API}/agreements/${id}/terminate`).send({ effectiveAt: '2026-04-01T00:00:00+02:00', reason: 'Contract ended in April' });
    expect(terminated.status).toBe(200);
    // Counted from the date it took effect, not from registration: overdue the moment it is registered.
    expect(terminated.body).toMatchObject({ status: 'ended', deadline: { startsAt: '2026-03-31T22:00:00.000Z', dueAt: '2026-05-01T21:59:59.999Z', status: 'pending' } });
    expect(await t.app.get(DeadlineJobs).escalate({ deadlineId: terminated.body.deadline.id })).toBe('missed');

    const draft = await certificate(id);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({
      status: 'draft',
      complete: false,
      language: 'nl',
      title: 'CONCEPT — nog geen vernietigingsverklaring',
      deletion: { dueAt: '2026-05-01T21:59:59.999Z', deadlineStatus: 'missed', completedAt: null },
      outstanding: [{ kind: 'no_store_confirmation' }],
      declaration: { date: null, confirmedBy: [] },
      dataStores: [],
      deletionConfirmation: null,
    });
    expect(draft.body.statement).toMatch(/^Dit is een concept en geen verklaring/);
    expect(draft.body.statement).toContain('de overeenkomst noemt geen opslaglocaties');
    expect(draft.body.statement).not.toMatch(/zijn vernietigd, zoals/);
    const draftPdf = await pdf(id);
    expect(draftPdf.headers['content-type']).toBe('application/pdf');
    expect(draftPdf.headers['content-disposition']).toContain(`concept-vernietigingsverklaring-${reference}`);
    expect(pdfTitle(draftPdf.body as Buffer)).toBe(`CONCEPT — nog geen vernietigingsverklaring — ${reference}`);
    expect(pdfTitle((await pdf(id, '?lang=en')).body as Buffer)).toBe(`DRAFT — not yet a certificate of deletion — ${reference}`);

    const hashOfDraft = draft.body.verification.hash as string;
    expect(hashOfDraft).toMatch(/^[0-9a-f]{64}$/);
    expect((await t.as(auditor).get(`${API}/agreements/${id}/deletion-certificate/verify?hash=${hashOfDraft}`)).body).toMatchObject({ status: 'draft', hash: hashOfDraft, matches: true });
    // The same facts in English: the same hash.
    expect((await certificate(id, '?lang=en')).body.verification.hash).toBe(hashOfDraft);

    const record = (body: Record<string, unknown>) => t.as(officer).post(`${API}/agreements/${id}/deletion-confirmation`).send(body);
    expect((await t.as(auditor).post(`${API}/agreements/${id}/deletion-confirmation`).send(confirmation())).status).toBe(403);
    expect((await record(confirmation({ confirmedBy: { name: 'Fleur Bakker' } }))).body.errors.map((e: { field: string }) => e.field)).toContain('confirmedBy.function');
    const noReason = await record(confirmation());
    expect(noReason.status).toBe(422);
    expect(noReason.body.type).toBe('/problems/deadline-passed');
    const beforeEnd = await record(confirmation({ confirmedAt: '2026-03-15T10:00:00Z', lateReason: 'x' }));
    expect(beforeEnd.status).toBe(422);
    expect(beforeEnd.body.errors[0].field).toBe('confirmedAt');
    expect((await record(confirmation({ confirmedAt: '2027-03-02T10:00:00Z', lateReason: 'x' }))).status).toBe(422);
    expect((await record(confirmation({ lateReason: 'The termination was registered eleven months late' }))).status).toBe(201);
    expect((await record(confirmation({ lateReason: 'again' }))).status).toBe(409);
    expect(await deadlineOf(id)).toMatchObject({ status: 'met_late', met_at: new Date('2027-03-01T09:30:00Z'), late_reason: 'The termination was registered eleven months late' });

    const final = await certificate(id);
    expect(final.body).toMatchObject({
      status: 'final',
      complete: true,
      title: 'Vernietigingsverklaring',
      outstanding: [],
      deletion: { deadlineStatus: 'met_late', completedAt: '2027-03-01T09:30:00.000Z', late: true, lateReason: 'The termination was registered eleven months late' },
      deletionConfirmation: { erased: confirmation().erased, location: confirmation().location, evidence: confirmation().evidence, confirmedBy: confirmation().confirmedBy },
      declaration: { date: '2027-03-01', confirmedBy: [{ name: 'Fleur Bakker', function: 'Functionaris Gegevensbescherming' }] },
    });
    expect(final.body.statement).toBe(
      `Hosting BV (KvK 12345678) verklaart als verwerker dat alle persoonsgegevens die zij in opdracht van Bakkerij Jansen (KvK 87654321) als verwerkingsverantwoordelijke verwerkte ` +
        `onder verwerkersovereenkomst ${reference}, na het einde van die overeenkomst op 01-04-2026 zijn vernietigd, zoals hieronder is vastgelegd. ` +
        `Wat op grond van een wettelijke plicht nog wordt bewaard, staat onder "Bewaard, en waarom".`,
    );
    expect(final.headers['content-language']).toBe('nl');
    const viaHeader = await certificate(id).set('accept-language', 'en-GB,en;q=0.8,nl;q=0.5');
    expect(viaHeader.headers['content-language']).toBe('en');
    expect(viaHeader.body.title).toBe('Certificate of deletion');
    expect(viaHeader.body.statement).toMatch(
      new RegExp(
        `^Hosting BV \\(Chamber of Commerce no\\. 12345678\\), as processor, declares that all personal data it processed on behalf of Bakkerij Jansen .* under processor agreement ${reference} have been erased after that agreement ended on 01-04-2026`,
      ),
    );
    expect((await certificate(id, '?lang=de')).status).toBe(400);
    expect(pdfTitle((await pdf(id)).body as Buffer)).toBe(`Vernietigingsverklaring — ${reference}`);

    // The draft's hash no longer matches what the data now say; the final one does.
    const verify = (hash: string) => t.as(auditor).get(`${API}/agreements/${id}/deletion-certificate/verify?hash=${hash}`);
    expect((await verify(hashOfDraft)).body).toMatchObject({ status: 'final', matches: false });
    expect((await verify(final.body.verification.hash)).body).toMatchObject({ matches: true });
    expect((await verify(final.body.verification.hash.toUpperCase())).body).toMatchObject({ matches: true });
    expect((await t.as(auditor).get(`${API}/agreements/${id}/deletion-certificate/verify`)).body).toMatchObject({ hash: final.body.verification.hash, matches: null });
    expect((await verify('abc')).status).toBe(400);
    expect((await t.as(auditor).get(`${API}/agreements/${UNKNOWN_ID}/deletion-certificate/verify`)).status).toBe(404);
  });

  it('counts "within N days" to the end of the N-th Amsterdam day after the end (its last millisecond), 0 days to the end of that day, and a weekend day to the Monday', async () => {
    clock.set('2026-03-10T09:00:00Z');
    const dueFor = async (withinDays: number) => {
      const { id } = await create({ endOfContract: { action: 'delete', withinDays } });
      const res = await t.as(officer).post(`${API}/agreements/${id}/terminate`).send({ effectiveAt: '2026-03-20T14:00:00+01:00' });
      return (res.body as { deadline: { dueAt: string } }).deadline.dueAt;
    };
    // Ended on Friday 20 March.
    expect(await dueFor(0)).toBe('2026-03-20T22:59:59.999Z');
    expect(await dueFor(1)).toBe('2026-03-23T22:59:59.999Z'); // Saturday 21 March: Monday 23
    expect(await dueFor(5)).toBe('2026-03-25T22:59:59.999Z');
    // Sunday 29 March, the spring-forward night: Monday 30 March, which ends at 21:59:59.999 UTC.
    expect(await dueFor(9)).toBe('2026-03-30T21:59:59.999Z');
  });

  it('stays a draft while one store has not confirmed, and is met only when the last confirmation came before the due instant', async () => {
    clock.set('2026-03-10T09:00:00Z');
    const { id, dataStores } = await create({
      endOfContract: { action: 'delete', withinDays: 10 },
      dataStores: [
        { name: 'database', erasure: { method: 'manual' } },
        { name: 'mailboxes', erasure: { method: 'manual' } },
      ],
    });
    const ended = await t.as(officer).post(`${API}/agreements/${id}/terminate`).send({ effectiveAt: '2026-03-10T08:00:00Z' });
    const [database, mailboxes] = ended.body.deletionTasks as { id: string }[];
    expect(dataStores).toHaveLength(2);
    clock.set('2026-03-15T09:00:00Z');
    const confirm = (taskId: string, body: Record<string, unknown>) => t.as(officer).post(`${API}/deletion-tasks/${taskId}/confirm`).send(body);
    await confirm(database.id, { confirmedAt: '2026-03-15T08:00:00Z', evidence: 'wiped', confirmedBy: { name: 'Sam de Vries', function: 'Systeembeheerder' } }).expect(200);
    const half = await certificate(id, '?lang=en');
    expect(half.body).toMatchObject({ status: 'draft', complete: false, outstanding: [{ kind: 'store_not_confirmed', dataStore: 'mailboxes' }], declaration: { date: null } });
    expect(half.body.statement).toContain('data store "mailboxes" has not confirmed erasure');

    // Due at the end of 20 March; the last store confirms on 21 March: late, so met_late, never met.
    clock.set('2026-03-22T09:00:00Z');
    await confirm(mailboxes.id, {
      confirmedAt: '2026-03-21T09:00:00Z',
      evidence: 'purged',
      lateReason: 'Mail server migration',
      confirmedBy: { name: 'Sam de Vries', function: 'Systeembeheerder' },
    }).expect(200);
    expect(await deadlineOf(id)).toMatchObject({ status: 'met_late', late_reason: 'Mail server migration' });
    const final = await certificate(id);
    expect(final.body).toMatchObject({ status: 'final', declaration: { date: '2026-03-21', confirmedBy: [{ name: 'Sam de Vries', function: 'Systeembeheerder' }] } });
    expect(final.body.dataStores.map((s: { confirmedBy: string; confirmedByFunction: string }) => [s.confirmedBy, s.confirmedByFunction])).toEqual([
      ['Sam de Vries', 'Systeembeheerder'],
      ['Sam de Vries', 'Systeembeheerder'],
    ]);
  });

  it('for return, lists per store where its copy went — from a webhook store’s answer, from a manual store’s confirmation — and keeps invoices through an inclusive date', async () => {
    clock.set('2026-03-10T09:00:00Z');
    await seedInvoice(t.dataSource, { controllerId, issuedAt: '2026-02-15T10:00:00Z' });
    const { id } = await create({
      endOfContract: { action: 'return_and_delete', withinDays: 30 },
      dataStores: [
        { name: 'mail cluster', erasure: { method: 'webhook', url: storeUrl, secret: 'store-secret-0123456789' } },
        { name: 'tape backups', erasure: { method: 'manual' } },
      ],
    });
    const ended = await t.as(officer).post(`${API}/agreements/${id}/terminate`).send({ effectiveAt: '2026-03-10T08:00:00Z' });
    const [mail, tapes] = ended.body.deletionTasks as { id: string }[];
    storeAnswer = JSON.stringify({ returned: { location: 'sftp://transfer.bakkerij.example/mail-2026-03.tar.gz', checksum: 'sha256:9f86d081884c7d65', description: '14 mailboxes as mbox' } });
    expect(await t.app.get(ErasureWorkflowService).requestErasure(mail.id)).toBe('delivered');

    clock.set('2026-03-20T09:00:00Z');
    const confirm = (taskId: string, body: Record<string, unknown>) => t.as(officer).post(`${API}/deletion-tasks/${taskId}/confirm`).send(body);
    const withoutReturn = await confirm(tapes.id, { confirmedAt: '2026-03-19T09:00:00Z', evidence: 'degaussed' });
    expect(withoutReturn.status).toBe(422);
    expect(withoutReturn.body.errors[0].field).toBe('returned');
    await confirm(tapes.id, { confirmedAt: '2026-03-19T09:00:00Z', evidence: 'degaussed', returned: { location: 'courier to Bakkerij Jansen, parcel 3SABC123', description: 'LTO tapes 14-17' } }).expect(
      200,
    );
    await confirm(mail.id, { confirmedAt: '2026-03-18T09:00:00Z', evidence: 'store answered: purged' }).expect(200);

    const cert = await certificate(id);
    expect(cert.body.status).toBe('final');
    expect(cert.body.dataStores.map((s: { dataStore: { name: string }; returned: unknown }) => [s.dataStore.name, s.returned])).toEqual([
      ['mail cluster', { location: 'sftp://transfer.bakkerij.example/mail-2026-03.tar.gz', checksum: 'sha256:9f86d081884c7d65', description: '14 mailboxes as mbox' }],
      ['tape backups', { location: 'courier to Bakkerij Jansen, parcel 3SABC123', checksum: null, description: 'LTO tapes 14-17' }],
    ]);
    expect(cert.body.statement).toContain('aan Bakkerij Jansen zijn teruggegeven en daarna zijn vernietigd');
    // Issued 15 February 2026: kept for 7 years after the close of 2026, through 31 December 2033.
    expect(cert.body.kept[0]).toMatchObject({ category: 'invoice', records: 1, keptUntil: '2033-12-31T23:00:00.000Z', keptThrough: '2033-12-31', keptUntilText: 't/m 31-12-2033' });
    expect((await certificate(id, '?lang=en')).body.kept[0].keptUntilText).toBe('up to and including 31-12-2033');

    // The registry export the service made itself speaks the API's field names.
    const exported = await t.as(officer).get(`${API}/agreements/${id}/data-export`);
    expect(exported.status).toBe(200);
    expect(Object.keys(exported.body.controller).sort()).toEqual(['contactEmail', 'country', 'dpoEmail', 'id', 'kvkNumber', 'name']);
    expect(exported.body.controller.kvkNumber).toBe('87654321');
    expect(exported.body.invoices[0]).toMatchObject({ billingName: 'Piet de Vries', amountCents: 12100, issuedAt: '2026-02-15T10:00:00.000Z' });
    expect(JSON.stringify(exported.body)).not.toMatch(/"[a-z]+_[a-z_]+":/);
  });

  it('says records are kept without end only while another agreement or a hold keeps them, and its hash stops matching when that changes', async () => {
    clock.set('2027-03-01T10:00:00Z');
    const client = await createController(t, officer, { name: 'Drukkerij de Vries' });
    await seedContact(t.dataSource, { controllerId: client, lastActivityAt: '2026-12-01T10:00:00Z' });
    await seedInvoice(t.dataSource, { controllerId: client, issuedAt: '2026-06-01T10:00:00Z' });
    const ended = await createAgreementRecord(t, officer, { controllerId: client, processorId, effectiveFrom: '2026-01-01T00:00:00Z', endsAt: '2027-02-01T00:00:00Z' });
    const keptOf = async () =>
      (await certificate(ended.id, '?lang=en')).body as { kept: { category: string; keptUntil: string | null; openEndedBecause: string | null; legalHoldIds: string[] }[]; verification: { hash: string } };

    // No other agreement, no hold: each category has its own end date.
    const alone = await keptOf();
    expect(alone.kept.find((k) => k.category === 'contact')).toMatchObject({ keptUntil: expect.any(String), openEndedBecause: null });
    expect(alone.kept.find((k) => k.category === 'invoice')).toMatchObject({ keptUntil: expect.any(String), openEndedBecause: null, legalHoldIds: [] });

    // Another open-ended agreement with the same client keeps its contact persons without end.
    await createAgreementRecord(t, officer, { controllerId: client, processorId, effectiveFrom: '2027-02-15T00:00:00Z' });
    const live = await keptOf();
    expect(live.kept.find((k) => k.category === 'contact')).toMatchObject({ keptUntil: null, openEndedBecause: 'live_agreement' });
    expect(live.verification.hash).not.toBe(alone.verification.hash);
    expect((await t.as(auditor).get(`${API}/agreements/${ended.id}/deletion-certificate/verify?hash=${alone.verification.hash}`)).body).toMatchObject({ matches: false });

    // A hold on the client keeps its invoices without end too, and names the hold.
    const hold = await t
      .as(officer)
      .post(`${API}/legal-holds`)
      .send({ scope: { controllerId: client }, reason: 'Tax audit 2027' });
    expect(hold.status).toBe(201);
    const held = await keptOf();
    expect(held.kept.find((k) => k.category === 'invoice')).toMatchObject({ keptUntil: null, openEndedBecause: 'legal_hold', legalHoldIds: [hold.body.id] });
    await t.as(officer).post(`${API}/legal-holds/${hold.body.id}/release`).send({ reason: 'Audit closed' }).expect(200);
    expect((await keptOf()).kept.find((k) => k.category === 'invoice')).toMatchObject({ keptUntil: expect.any(String), openEndedBecause: null, legalHoldIds: [] });
  });
});
