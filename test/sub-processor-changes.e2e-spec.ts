import { FakeClock } from '../src/common/clock';
import { endOfDaysPeriod, formatWallTime } from '../src/common/time';
import { DeadlineJobs } from '../src/deadlines/deadline-jobs';
import { Deadline } from '../src/deadlines/deadline.entity';
import { createAgreement, createController, createProcessor, createSubProcessor, CreatedSubProcessor, incidentBody } from './factories';
import { startTestApp, TestApp } from './utils/test-app';

const API = '/api/v1';
/** Tuesday 3 March 2026, 10:00 in Amsterdam. */
const NOW = '2026-03-03T09:00:00.000Z';
/** 30 days after NOW: the end of Thursday 2 April 2026 in Amsterdam, an ordinary working day. */
const WINDOW_CLOSES = '2026-04-02T21:59:59.999Z';
const OFFICER = 'fg@hosting.example';
const SCC = { country: 'US', transferMechanism: 'scc', sccModule: 3, sccVersion: '2021/914' };
const EVENTS = ['subprocessor.announced', 'subprocessor.approval_requested', 'subprocessor.ended', 'deadline.missed'];

interface Notice {
  event: string;
  controllerIds: string[];
  data: Record<string, unknown> & { controllerId: string; agreements: { agreementId: string; reference: string; objectionDueAt: string | null; approvalDueAt: string | null }[] };
}

interface Mail {
  event: string;
  recipients: string[];
  subject: string;
  body: string;
}

function fields(body: { errors?: { field: string }[] }): string[] {
  return [...new Set((body.errors ?? []).map((e) => e.field))];
}

/**
 * Sub-processor changes that reach the controller (issue 9, section 3), on a fake clock
 * with jobs run by calling their handlers: each affected controller is told once per
 * change, by e-mail to its contact and by webhook; specific authorisation is asked for
 * approval instead; an objection blocks until the officer resolves it.
 */
describe('sub-processor changes that reach the controller', () => {
  let t: TestApp;
  const clock = new FakeClock(NOW);
  let officer: string;
  let auditor: string;
  let processorId: string;
  /** Controller A: three agreements with general authorisation. */
  let a: string;
  let aAgreements: string[];
  /** Controller B: one agreement with general authorisation. */
  let b: string;
  let bAgreement: string;
  /** Controller S: specific authorisation. */
  let s: string;
  let sAgreement: string;
  /** Controller O: a client of another processor. */
  let o: string;
  let oAgreement: string;
  let otherProcessorId: string;
  let webhookId: string;

  beforeAll(async () => {
    t = await startTestApp({ clock, workers: false, env: { SMTP_URL: 'smtp://127.0.0.1:1', OFFICER_EMAIL: OFFICER } });
    officer = await t.keyFor('officer');
    auditor = await t.keyFor('auditor');
    processorId = await createProcessor(t, officer);
    otherProcessorId = await createProcessor(t, officer, { name: 'Other host' });
    a = await createController(t, officer, { name: 'Bakkerij Jansen', contactEmail: 'privacy@jansen.example' });
    b = await createController(t, officer, { name: 'Slagerij Bakker', contactEmail: 'fg@bakker.example' });
    s = await createController(t, officer, { name: 'Ziekenhuis Zuid', contactEmail: 'dpo@zuid.example' });
    o = await createController(t, officer, { name: 'Elders BV', contactEmail: 'privacy@elders.example' });
    const general = { subProcessorAuthorization: 'general', objectionPeriodDays: 30 };
    aAgreements = [];
    for (let i = 0; i < 3; i++) aAgreements.push(await createAgreement(t, officer, { controllerId: a, processorId, ...general }));
    bAgreement = await createAgreement(t, officer, { controllerId: b, processorId, ...general });
    sAgreement = await createAgreement(t, officer, { controllerId: s, processorId, subProcessorAuthorization: 'specific' });
    oAgreement = await createAgreement(t, officer, { controllerId: o, processorId: otherProcessorId, ...general });
    const hook = await t.as().post(`${API}/webhooks`).send({ url: 'http://127.0.0.1:9/hooks', events: EVENTS, secret: 'whsec_subprocessor_changes_0123' });
    expect(hook.status).toBe(201);
    webhookId = hook.body.id;
  });

  beforeEach(() => clock.set(NOW));

  afterAll(async () => {
    await t.close();
  });

  /** The webhook deliveries of `event` about this sub-processor, oldest first. */
  async function notices(event: string, subProcessorId: string): Promise<Notice[]> {
    const rows = await t.dataSource.query<{ body: string; controller_ids: string[] }[]>(`SELECT body, controller_ids FROM webhook_deliveries WHERE webhook_id = $1 AND event = $2 ORDER BY created_at, id`, [
      webhookId,
      event,
    ]);
    return rows
      .map((r) => ({ ...(JSON.parse(r.body) as { event: string; data: Notice['data'] }), controllerIds: r.controller_ids }))
      .filter((n) => (n.data.subProcessor as { id: string } | undefined)?.id === subProcessorId || n.data.subjectId === subProcessorId);
  }

  async function mails(event: string, subProcessorName: string): Promise<Mail[]> {
    return t.dataSource.query<Mail[]>(`SELECT event, recipients, subject, body FROM email_messages WHERE event = $1 AND body LIKE $2 ORDER BY created_at, id`, [event, `%${subProcessorName}%`]);
  }

  const announce = (name: string, agreementIds: string[], extra: Record<string, unknown> = {}) =>
    createSubProcessor(t, officer, { processorId, name, service: 'mail filtering', ...SCC, agreementIds, ...extra });
  const linkOf = (sub: { agreements: CreatedSubProcessor['agreements'] }, agreementId: string) => sub.agreements.find((l) => l.agreementId === agreementId)!;
  const read = async (id: string) =>
    (await t.as(auditor).get(`${API}/sub-processors/${id}`)).body as CreatedSubProcessor & { agreements: (CreatedSubProcessor['agreements'][number] & Record<string, unknown>)[] };
  const agreement = async (id: string) => (await t.as(auditor).get(`${API}/agreements/${id}`)).body;

  /** Runs the objection window's due handler at its instant, as the scheduler would. */
  async function closeWindow(linkId: string): Promise<void> {
    const window = await t.dataSource.manager.findOneOrFail(Deadline, { where: { kind: 'objection_window', subjectId: linkId, status: 'pending' } });
    clock.set(window.dueAt);
    expect(await t.app.get(DeadlineJobs).escalate({ deadlineId: window.id })).toBe('handled');
    clock.set(NOW);
  }

  it('tells each affected controller once, listing its agreements, and asks the specific one for approval instead', async () => {
    const sub = await announce('Mailfilter Inc.', [...aAgreements, bAgreement, sAgreement]);
    expect(linkOf(sub, aAgreements[0])).toMatchObject({ status: 'pending_objection', objectionDueAt: WINDOW_CLOSES, approvalDueAt: null });
    expect(linkOf(sub, sAgreement)).toMatchObject({ status: 'pending_approval', objectionDueAt: null, approvalDueAt: endOfDaysPeriod(new Date(NOW), 30).toISOString() });

    const announced = await notices('subprocessor.announced', sub.id);
    expect(announced.map((n) => n.controllerIds)).toEqual(expect.arrayContaining([[a], [b]]));
    expect(announced).toHaveLength(2);
    const toA = announced.find((n) => n.data.controllerId === a)!;
    expect(toA.data).toMatchObject({
      announcement: 'addition',
      objectionDueAt: WINDOW_CLOSES,
      replaces: null,
      changes: [],
      subProcessor: { id: sub.id, name: 'Mailfilter Inc.', service: 'mail filtering', country: 'US', transferMechanism: 'scc', safeguard: 'standard contractual clauses 2021/914, module 3' },
    });
    expect(toA.data.agreements.map((x) => x.agreementId).sort()).toEqual([...aAgreements].sort());
    expect(toA.data.agreements.every((x) => x.objectionDueAt === WINDOW_CLOSES && x.reference.startsWith('VO-'))).toBe(true);

    const asked = await notices('subprocessor.approval_requested', sub.id);
    expect(asked.map((n) => n.controllerIds)).toEqual([[s]]);

    const announcedMails = await mails('subprocessor.announced', 'Mailfilter Inc.');
    // One message per reader: the officer's copy of each notice and each client's own.
    expect(announcedMails.map((m) => m.recipients).sort()).toEqual([['fg@bakker.example'], [OFFICER], [OFFICER], ['privacy@jansen.example']]);
    const mailToA = announcedMails.find((m) => m.recipients.includes('privacy@jansen.example'))!;
    expect(mailToA.subject).toBe(`Nieuwe sub-verwerker Mailfilter Inc. voor Bakkerij Jansen — bezwaar mogelijk tot ${formatWallTime(WINDOW_CLOSES, 'nl')}`);
    for (const text of ['mail filtering', 'US', 'standard contractual clauses 2021/914, module 3', `bezwaar maken tot ${formatWallTime(WINDOW_CLOSES, 'nl', { year: true })}`])
      expect(mailToA.body).toContain(text);
    expect(mailToA.body).not.toContain('Slagerij Bakker');
    expect((await mails('subprocessor.approval_requested', 'Mailfilter Inc.')).map((m) => m.recipients).sort()).toEqual([['dpo@zuid.example'], [OFFICER]]);

    // Nobody else heard of it: not the other processor's client, not the specific controller by the announcement.
    const everyone = (await t.dataSource.query<{ recipients: string[] }[]>(`SELECT recipients FROM email_messages WHERE body LIKE '%Mailfilter Inc.%'`)).flatMap((m) => m.recipients);
    expect(everyone).not.toContain('privacy@elders.example');
    expect(announcedMails.flatMap((m) => m.recipients)).not.toContain('dpo@zuid.example');
    expect([...announced, ...asked].flatMap((n) => n.controllerIds)).not.toContain(o);
  });

  it('tells of a change of country, service or transfer mechanism and re-opens the objection window; a new name alone is not a change', async () => {
    const sub = await announce('Backup Corp', [aAgreements[0], bAgreement, sAgreement]);
    await closeWindow(linkOf(sub, aAgreements[0]).id);
    await closeWindow(linkOf(sub, bAgreement).id);
    expect((await t.as(officer).post(`${API}/sub-processors/${sub.id}/approvals`).send({ agreementId: sAgreement, decision: 'approved' })).status).toBe(201);
    expect((await read(sub.id)).agreements.map((l) => l.status)).toEqual(['authorized', 'authorized', 'authorized']);

    clock.set('2026-03-10T09:00:00Z');
    const renamed = await t.as(officer).patch(`${API}/sub-processors/${sub.id}`).send({ name: 'Backup Corporation' });
    expect(renamed.status).toBe(200);
    expect(await notices('subprocessor.announced', sub.id)).toHaveLength(2);

    const moved = await t.as(officer).patch(`${API}/sub-processors/${sub.id}`).send({ country: 'IN', transferMechanism: 'bcr', approvalDueAt: '2026-03-20T17:00:00Z' });
    expect(moved.status).toBe(200);
    const windowAfterChange = endOfDaysPeriod(new Date('2026-03-10T09:00:00Z'), 30).toISOString();
    expect(linkOf(moved.body, aAgreements[0])).toMatchObject({
      status: 'pending_objection',
      announcement: 'change',
      announcedAt: '2026-03-10T09:00:00.000Z',
      objectionDueAt: windowAfterChange,
      previousTerms: { country: 'US', service: 'mail filtering', transferMechanism: 'scc' },
      blocked: null,
    });
    expect(linkOf(moved.body, sAgreement)).toMatchObject({ status: 'pending_approval', approvalDueAt: '2026-03-20T17:00:00.000Z', blocked: expect.stringContaining('approval') });

    const changes = (await notices('subprocessor.announced', sub.id)).slice(2);
    expect(changes.map((n) => n.controllerIds).sort()).toEqual([[a], [b]].sort());
    expect(changes[0].data).toMatchObject({
      announcement: 'change',
      objectionDueAt: windowAfterChange,
      subProcessor: { name: 'Backup Corporation', country: 'IN', transferMechanism: 'bcr', safeguard: 'binding corporate rules' },
      changes: [
        { field: 'country', from: 'US', to: 'IN' },
        { field: 'transferMechanism', from: 'scc', to: 'bcr' },
      ],
    });
    expect((await notices('subprocessor.approval_requested', sub.id)).map((n) => n.controllerIds)).toEqual([[s], [s]]);
    const serviceChange = await t.as(officer).patch(`${API}/sub-processors/${sub.id}`).send({ service: 'offsite backup' });
    expect(serviceChange.status).toBe(200);
    expect(await notices('subprocessor.announced', sub.id)).toHaveLength(6);

    // The earlier window was cancelled, not left to authorise the change behind the controller's back.
    const windows = await t.dataSource.manager.find(Deadline, { where: { kind: 'objection_window', subjectId: linkOf(sub, aAgreements[0]).id }, order: { createdAt: 'ASC' } });
    expect(windows.map((w) => w.status)).toEqual(['met', 'cancelled', 'pending']);

    const badDate = await t.as(officer).patch(`${API}/sub-processors/${sub.id}`).send({ service: 'cold storage', approvalDueAt: '2026-03-01T00:00:00Z' });
    expect(badDate.status).toBe(422);
    expect(fields(badDate.body)).toEqual(['approvalDueAt']);
    expect((await read(sub.id)).agreements.find((l) => l.agreementId === aAgreements[0])).toMatchObject({ objectionDueAt: windowAfterChange });
  });

  it('blocks on an objection: the agreement shows it, a breach naming it is flagged and still accepted, a data store using it is flagged', async () => {
    const sub = await announce('Analytics Ltd', [aAgreements[1], bAgreement]);
    await closeWindow(linkOf(sub, bAgreement).id);
    const stores = (subProcessorId: string) => ({ dataStores: [{ name: 'analytics events', subProcessorId, erasure: { method: 'manual' } }] });
    expect((await t.as(officer).patch(`${API}/agreements/${aAgreements[1]}`).send(stores(sub.id))).status).toBe(200);
    expect((await t.as(officer).patch(`${API}/agreements/${bAgreement}`).send(stores(sub.id))).status).toBe(200);

    clock.set('2026-03-05T12:00:00Z');
    const objected = await t.as(officer).post(`${API}/sub-processors/${sub.id}/objections`).send({ agreementId: aAgreements[1], reason: 'no analytics outside the EEA' });
    expect(objected.status).toBe(201);

    const view = await agreement(aAgreements[1]);
    const listed = view.subProcessors.find((x: { subProcessorId: string }) => x.subProcessorId === sub.id);
    expect(listed).toMatchObject({ name: 'Analytics Ltd', status: 'objected', blocked: expect.stringContaining('objected'), objection: { reason: 'no analytics outside the EEA', resolution: null } });
    expect(view.dataStores[0]).toMatchObject({ name: 'analytics events', subProcessorId: sub.id, flags: [{ code: 'sub_processor_blocked', status: 'objected', subProcessorId: sub.id }] });
    const unaffected = await agreement(bAgreement);
    expect(unaffected.subProcessors.find((x: { subProcessorId: string }) => x.subProcessorId === sub.id)).toMatchObject({ status: 'authorized', blocked: null });
    expect(unaffected.dataStores[0].flags).toEqual([]);

    const breach = await t
      .as(officer)
      .post(`${API}/incidents`)
      .send(incidentBody({ processorId, subProcessorId: sub.id, affectedControllerIds: [a, b], awareAt: '2026-03-05T11:00:00Z' }));
    expect(breach.status).toBe(201);
    expect(breach.body.subProcessorFlags).toEqual([{ agreementId: aAgreements[1], controllerId: a, status: 'objected', message: expect.stringContaining('objected') }]);
    // Flagged, not refused: the clocks run for both controllers as for any breach.
    expect(breach.body.deadlines.map((d: { controllerId: string }) => d.controllerId).sort()).toEqual([a, b].sort());
    expect((await t.as(auditor).get(`${API}/incidents/${breach.body.id}`)).body.subProcessorFlags).toEqual(breach.body.subProcessorFlags);
    const clean = await t
      .as(officer)
      .post(`${API}/incidents`)
      .send(incidentBody({ processorId, subProcessorId: sub.id, affectedControllerIds: [b], awareAt: '2026-03-05T11:00:00Z' }));
    expect(clean.body.subProcessorFlags).toEqual([]);

    const open = await t.as(auditor).get(`${API}/sub-processors/objections?open=true&subProcessorId=${sub.id}`);
    expect(open.body.items).toEqual([
      expect.objectContaining({
        subProcessorId: sub.id,
        subProcessorName: 'Analytics Ltd',
        agreementId: aAgreements[1],
        controllerId: a,
        controllerName: 'Bakkerij Jansen',
        status: 'objected',
        objection: expect.objectContaining({ objectedAt: '2026-03-05T12:00:00.000Z', resolution: null }),
      }),
    ]);

    const foreign = await t.as(officer).patch(`${API}/agreements/${oAgreement}`).send(stores(sub.id));
    expect(foreign.status).toBe(422);
    expect(fields(foreign.body)).toEqual(['dataStores[0].subProcessorId']);
    const unknown = await t.as(officer).patch(`${API}/agreements/${oAgreement}`).send(stores('00000000-0000-4000-8000-000000000000'));
    expect(unknown.status).toBe(422);
    // A store on a sub-processor of the right processor that was never announced for this agreement is flagged too.
    const unannounced = await t.as(officer).patch(`${API}/agreements/${aAgreements[0]}`).send(stores(sub.id));
    expect(unannounced.status).toBe(200);
    expect(unannounced.body.dataStores[0].flags).toEqual([{ code: 'sub_processor_not_announced', message: expect.any(String), subProcessorId: sub.id }]);
  });

  it('resolves an objection both ways, keeps it listed until then, and asks for termination before agreement_terminated', async () => {
    const sub = await announce('CDN Global', [aAgreements[2], bAgreement]);
    clock.set('2026-03-04T09:00:00Z');
    for (const agreementId of [aAgreements[2], bAgreement]) {
      expect((await t.as(officer).post(`${API}/sub-processors/${sub.id}/objections`).send({ agreementId, reason: 'not this one' })).status).toBe(201);
    }
    const openIds = async () => ((await t.as(auditor).get(`${API}/sub-processors/objections?open=true&subProcessorId=${sub.id}`)).body.items as { agreementId: string }[]).map((x) => x.agreementId).sort();
    expect(await openIds()).toEqual([aAgreements[2], bAgreement].sort());

    const resolve = (body: Record<string, unknown>) => t.as(officer).post(`${API}/sub-processors/${sub.id}/objections/resolve`).send(body);
    const withdrawn = await resolve({ agreementId: aAgreements[2], resolution: 'withdrawn', note: 'client stays on the EU CDN' });
    expect(withdrawn.status).toBe(200);
    expect(linkOf(withdrawn.body, aAgreements[2])).toMatchObject({
      status: 'ended',
      endedAt: '2026-03-04T09:00:00.000Z',
      objection: { resolution: 'withdrawn', resolutionNote: 'client stays on the EU CDN' },
    });
    expect(await openIds()).toEqual([bAgreement]);
    expect((await resolve({ agreementId: aAgreements[2], resolution: 'withdrawn' })).status).toBe(409);

    const tooEarly = await resolve({ agreementId: bAgreement, resolution: 'agreement_terminated' });
    expect(tooEarly.status).toBe(422);
    expect(fields(tooEarly.body)).toEqual(['resolution']);
    expect(await openIds()).toEqual([bAgreement]);
    const b2 = await createAgreement(t, officer, { controllerId: b, processorId, subProcessorAuthorization: 'general', objectionPeriodDays: 30 });
    const other = await announce('CDN Two', [b2]);
    await t.as(officer).post(`${API}/sub-processors/${other.id}/objections`).send({ agreementId: b2, reason: 'no' });
    expect((await t.as(officer).post(`${API}/agreements/${b2}/terminate`).send({ effectiveAt: '2026-04-30T22:00:00Z', reason: 'objection to CDN Two' })).status).toBe(200);
    const terminated = await t.as(officer).post(`${API}/sub-processors/${other.id}/objections/resolve`).send({ agreementId: b2, resolution: 'agreement_terminated' });
    expect(terminated.status).toBe(200);
    expect(linkOf(terminated.body, b2)).toMatchObject({ status: 'ended', objection: { resolution: 'agreement_terminated' } });

    const resolved = await t.as(auditor).get(`${API}/sub-processors/objections?open=false&subProcessorId=${sub.id}`);
    expect(resolved.body.items.map((x: { agreementId: string }) => x.agreementId)).toEqual([aAgreements[2]]);
    for (const body of [{ agreementId: bAgreement }, { agreementId: bAgreement, resolution: 'ignored' }, { resolution: 'withdrawn' }, { agreementId: bAgreement, resolution: 'withdrawn', note: 5 }]) {
      const res = await resolve(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await t.as(auditor).get(`${API}/sub-processors/objections?open=maybe`)).status).toBe(400);
    expect((await t.as(auditor).post(`${API}/sub-processors/${sub.id}/objections/resolve`).send({ agreementId: bAgreement, resolution: 'withdrawn' })).status).toBe(403);
  });

  it('restores a changed sub-processor for a client whose objection to the change is withdrawn', async () => {
    const sub = await announce('Mail relay', [aAgreements[0]]);
    await closeWindow(linkOf(sub, aAgreements[0]).id);
    clock.set('2026-03-11T09:00:00Z');
    await t.as(officer).patch(`${API}/sub-processors/${sub.id}`).send({ country: 'DE', transferMechanism: null }).expect(200);
    await t.as(officer).post(`${API}/sub-processors/${sub.id}/objections`).send({ agreementId: aAgreements[0], reason: 'we want it to stay where it was' }).expect(201);
    const res = await t.as(officer).post(`${API}/sub-processors/${sub.id}/objections/resolve`).send({ agreementId: aAgreements[0], resolution: 'withdrawn' });
    expect(res.status).toBe(200);
    expect(linkOf(res.body, aAgreements[0])).toMatchObject({
      status: 'authorized',
      announcement: 'change',
      previousTerms: { country: 'US', transferMechanism: 'scc' },
      blocked: null,
      objection: { resolution: 'withdrawn' },
    });
  });

  it('runs the approval clock: met when approved in time, missed and escalated when not, met late on a late approval', async () => {
    const inTime = await announce('Support desk', [sAgreement], { approvalDueAt: '2026-03-10T17:00:00Z' });
    const clockOf = async (linkId: string) => t.dataSource.manager.findOneOrFail(Deadline, { where: { kind: 'approval_request', subjectId: linkId } });
    expect((await clockOf(linkOf(inTime, sAgreement).id)).dueAt.toISOString()).toBe('2026-03-10T17:00:00.000Z');
    clock.set('2026-03-09T09:00:00Z');
    const approved = await t.as(officer).post(`${API}/sub-processors/${inTime.id}/approvals`).send({ agreementId: sAgreement, decision: 'approved' });
    expect(linkOf(approved.body, sAgreement)).toMatchObject({ status: 'authorized', blocked: null });
    expect(await clockOf(linkOf(inTime, sAgreement).id)).toMatchObject({ status: 'met', metAt: new Date('2026-03-09T09:00:00Z') });

    clock.set(NOW);
    const late = await announce('Call centre', [sAgreement], { approvalDueAt: '2026-03-06T17:00:00Z' });
    const deadline = await clockOf(linkOf(late, sAgreement).id);
    clock.set('2026-03-06T17:00:00Z');
    expect(await t.app.get(DeadlineJobs).escalate({ deadlineId: deadline.id })).toBe('missed');
    const missed = (await notices('deadline.missed', linkOf(late, sAgreement).id))[0];
    expect(missed.data).toMatchObject({ kind: 'approval_request', controllerId: s, subjectType: 'sub_processor_agreement', dueAt: '2026-03-06T17:00:00.000Z' });
    const missedMail = await t.dataSource.query(`SELECT recipients FROM email_messages WHERE event = 'deadline.missed' AND body LIKE '%Call centre%' ORDER BY recipients`);
    expect(missedMail).toEqual([{ recipients: ['dpo@zuid.example'] }, { recipients: [OFFICER] }]);
    // Unanswered, it may still not be used: the agreement shows it waiting.
    expect((await agreement(sAgreement)).subProcessors.find((x: { subProcessorId: string }) => x.subProcessorId === late.id)).toMatchObject({
      status: 'pending_approval',
      blocked: expect.stringContaining('approval'),
    });

    clock.set('2026-03-08T10:00:00Z');
    await t.as(officer).post(`${API}/sub-processors/${late.id}/approvals`).send({ agreementId: sAgreement, decision: 'rejected' }).expect(201);
    expect(await clockOf(linkOf(late, sAgreement).id)).toMatchObject({ status: 'met_late', lateReason: expect.stringContaining('after the date') });

    clock.set(NOW);
    const past = await t
      .as(officer)
      .post(`${API}/sub-processors`)
      .send({ processorId, name: 'Too late', service: 'x', country: 'NL', agreementIds: [sAgreement], approvalDueAt: '2026-03-03T08:00:00Z' });
    expect(past.status).toBe(422);
    expect(fields(past.body)).toEqual(['approvalDueAt']);
  });

  it('replaces a sub-processor: the old one ends for an agreement once the new one is authorised there', async () => {
    const old = await announce('Old DC', [aAgreements[0], bAgreement]);
    await closeWindow(linkOf(old, aAgreements[0]).id);
    clock.set('2026-03-10T09:00:00Z');
    const replacement = await announce('New DC', [aAgreements[0]], { country: 'NL', transferMechanism: undefined, sccModule: undefined, sccVersion: undefined, replacesSubProcessorId: old.id });
    expect(linkOf(replacement, aAgreements[0])).toMatchObject({ status: 'pending_objection', announcement: 'replacement', replacesSubProcessorId: old.id });
    const [notice] = await notices('subprocessor.announced', replacement.id);
    expect(notice.data).toMatchObject({ announcement: 'replacement', replaces: { id: old.id, name: 'Old DC' }, controllerIds: [a], subProcessor: { safeguard: 'none needed: processed inside the EEA' } });
    expect(linkOf(await read(old.id), aAgreements[0]).status).toBe('authorized');

    await closeWindow(linkOf(replacement, aAgreements[0]).id);
    const after = await read(old.id);
    expect(linkOf(after, aAgreements[0])).toMatchObject({ status: 'ended', endedAt: endOfDaysPeriod(new Date('2026-03-10T09:00:00Z'), 30).toISOString() });
    expect(linkOf(after, bAgreement).status).toBe('pending_objection');

    const notUsed = await t
      .as(officer)
      .post(`${API}/sub-processors`)
      .send({ processorId, name: 'Nowhere', service: 'x', country: 'NL', agreementIds: [sAgreement], replacesSubProcessorId: old.id });
    expect(notUsed.status).toBe(422);
    expect(fields(notUsed.body)).toEqual(['replacesSubProcessorId']);
  });

  it('ends a sub-processor, for some agreements or all, telling each controller it reached once', async () => {
    const sub = await announce('Legacy host', [...aAgreements, bAgreement, sAgreement]);
    clock.set('2026-03-12T09:00:00Z');
    const partly = await t
      .as(officer)
      .post(`${API}/sub-processors/${sub.id}/end`)
      .send({ agreementIds: [bAgreement] });
    expect(partly.status).toBe(200);
    expect(linkOf(partly.body, bAgreement)).toMatchObject({ status: 'ended', endedAt: '2026-03-12T09:00:00.000Z' });
    expect(partly.body.endedAt).toBeNull();
    expect((await notices('subprocessor.ended', sub.id)).map((n) => n.controllerIds)).toEqual([[b]]);

    const whole = await t.as(officer).post(`${API}/sub-processors/${sub.id}/end`).send({ endedAt: '2026-03-11T09:00:00Z', note: 'moved to our own hardware' });
    expect(whole.status).toBe(200);
    expect(whole.body.endedAt).toBe('2026-03-11T09:00:00.000Z');
    expect(whole.body.agreements.map((l: { status: string }) => l.status)).toEqual(['ended', 'ended', 'ended', 'ended', 'ended']);
    const ended = await notices('subprocessor.ended', sub.id);
    expect(ended.map((n) => n.controllerIds).sort()).toEqual([[a], [b], [s]].sort());
    expect(ended.find((n) => n.data.controllerId === a)!.data.agreements).toHaveLength(3);
    expect((await mails('subprocessor.ended', 'Legacy host')).map((m) => m.recipients).sort()).toEqual(
      [[OFFICER], [OFFICER], [OFFICER], ['fg@bakker.example'], ['privacy@jansen.example'], ['dpo@zuid.example']].sort(),
    );
    const clocks = await t.dataSource.query(`SELECT status, count(*)::int AS n FROM deadlines WHERE subject_id = ANY($1) GROUP BY status`, [sub.agreements.map((l) => l.id)]);
    expect(clocks).toEqual([{ status: 'cancelled', n: 5 }]);
    expect((await agreement(sAgreement)).subProcessors.find((x: { subProcessorId: string }) => x.subProcessorId === sub.id)).toMatchObject({ status: 'ended' });

    expect((await t.as(officer).post(`${API}/sub-processors/${sub.id}/end`).send({})).status).toBe(409);
    expect(
      (
        await t
          .as(officer)
          .post(`${API}/sub-processors/${sub.id}/agreements`)
          .send({ agreementIds: [oAgreement] })
      ).status,
    ).toBe(409);
    const future = await t
      .as(officer)
      .post(`${API}/sub-processors/${sub.id}/end`)
      .send({ endedAt: '2026-04-01T00:00:00Z', agreementIds: [bAgreement] });
    expect(future.status).toBe(422);
    expect(fields(future.body)).toEqual(['endedAt']);
    const notLinked = await t
      .as(officer)
      .post(`${API}/sub-processors/${sub.id}/end`)
      .send({ agreementIds: [oAgreement] });
    expect(notLinked.status).toBe(422);
    expect(fields(notLinked.body)).toEqual(['agreementIds']);
    expect((await t.as(officer).post(`${API}/sub-processors/${sub.id}/end`).send({ agreementIds: [] })).status).toBe(400);
  });
});
