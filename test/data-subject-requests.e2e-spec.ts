import { FakeClock } from '../src/common/clock';
import { DeadlineJobs } from '../src/deadlines/deadline-jobs';
import { RetentionRunsService } from '../src/retention/retention-runs.service';
import { agreementBody, seedContact, seedController, seedProcessor } from './factories';
import { count } from './utils/count';
import { startTestApp, TestApp } from './utils/test-app';

const API = '/api/v1/data-subject-requests';
const MS = 1;
const after = (at: string, ms: number) => new Date(new Date(at).getTime() + ms).toISOString();

interface DeadlineBody {
  id: string;
  kind: string;
  status: string;
  startsAt: string;
  dueAt: string;
  metAt: string | null;
}

/**
 * Data-subject requests with a fake clock: the Art. 12(3) month at its edges (the 31st,
 * weekends, King's Day, Christmas, the DST Sundays), identification, extension, refusal,
 * the processor's forwarding clock, a miss, the erasure of a contact and its retention.
 * Escalation and the retention run are called as their jobs would call them.
 */
describe('data-subject requests', () => {
  let t: TestApp;
  let officer: string;
  let auditor: string;
  const clock = new FakeClock('2026-01-15T09:00:00Z');

  const receive = async (receivedAt: string, overrides: Record<string, unknown> = {}) => {
    clock.set(after(receivedAt, 60_000));
    const res = await t
      .as(officer)
      .post(API)
      .send({ type: 'access', receivedAt, channel: 'e-mail', requester: { name: 'Jan de Vries', email: 'jan@example.nl' }, role: 'controller', ...overrides });
    expect(res.status).toBe(201);
    return res.body as { id: string; dueAt: string; status: string; deadlines: DeadlineBody[] } & Record<string, unknown>;
  };
  const step = (id: string, name: string, body: Record<string, unknown> = {}) => t.as(officer).post(`${API}/${id}/${name}`).send(body);
  const deadlinesOf = async (id: string) => ((await t.as(auditor).get(`${API}/${id}`)).body as { deadlines: DeadlineBody[] }).deadlines;

  beforeAll(async () => {
    // Mail is written to the outbox only; no worker sends it.
    t = await startTestApp({ clock, workers: false, env: { SMTP_URL: 'smtp://127.0.0.1:1', OFFICER_EMAIL: 'fg@hosting.example' } });
    officer = await t.keyFor('officer');
    auditor = await t.keyFor('auditor');
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('the Art. 12(3) month, as controller', () => {
    it.each<[string, string, string]>([
      ['on 31 January 2026: 28 February is a Saturday, so the end of Monday 2 March', '2026-01-31T10:00:00Z', '2026-03-02T22:59:59.999Z'],
      ['on 31 January 2028: the end of 29 February', '2028-01-31T10:00:00Z', '2028-02-29T22:59:59.999Z'],
      ['on Friday 10 April 2026: 10 May is a Sunday, so Monday 11 May', '2026-04-10T15:00:00Z', '2026-05-11T21:59:59.999Z'],
      ['late on Friday 27 March 2026 (Amsterdam): King’s Day, Monday 27 April, moves it to Tuesday 28 April', '2026-03-27T22:30:00Z', '2026-04-28T21:59:59.999Z'],
      ['on 25 November 2026: Christmas Day (Friday), Boxing Day and Sunday move it to Monday 28 December', '2026-11-25T10:00:00Z', '2026-12-28T22:59:59.999Z'],
      ['on the last Sunday of March 2026 (03:30 CEST): Wednesday 29 April, ending at midnight CEST', '2026-03-29T01:30:00Z', '2026-04-29T21:59:59.999Z'],
      ['on the last Sunday of October 2026 (02:30 CET, the second time): Wednesday 25 November, ending at midnight CET', '2026-10-25T01:30:00Z', '2026-11-25T22:59:59.999Z'],
    ])('received %s', async (_case, receivedAt, dueAt) => {
      const request = await receive(receivedAt);
      expect(request).toMatchObject({ status: 'received', role: 'controller', receivedAt: new Date(receivedAt).toISOString(), responseStartsAt: new Date(receivedAt).toISOString(), dueAt });
      expect(request.deadlines).toEqual([expect.objectContaining({ kind: 'dsr_response', status: 'pending', startsAt: new Date(receivedAt).toISOString(), dueAt })]);
    });

    it('is met by an answer at 23:59:59.999 on the last day; one millisecond later it is late and needs its reason', async () => {
      const due = '2026-03-02T22:59:59.999Z';
      const onTime = await receive('2026-01-31T10:00:00Z');
      clock.set(due);
      const met = await step(onTime.id, 'complete', { outcome: 'fulfilled', completedAt: due });
      expect(met.status).toBe(200);
      expect(met.body).toMatchObject({ status: 'completed', completion: { outcome: 'fulfilled', completedAt: due } });
      expect(met.body.deadlines).toEqual([expect.objectContaining({ kind: 'dsr_response', status: 'met', metAt: due })]);

      const late = await receive('2026-01-31T10:00:00Z');
      clock.set(after(due, MS));
      const noReason = await step(late.id, 'complete', { outcome: 'fulfilled', completedAt: after(due, MS) });
      expect(noReason.status).toBe(422);
      expect(noReason.body).toMatchObject({ type: '/problems/deadline-passed', errors: [{ field: 'lateReason' }] });
      expect((await t.as(auditor).get(`${API}/${late.id}`)).body).toMatchObject({ status: 'received', completion: null });
      const withReason = await step(late.id, 'complete', { outcome: 'fulfilled', completedAt: after(due, MS), lateReason: 'the export ran over the weekend' });
      expect(withReason.status).toBe(200);
      expect(withReason.body.deadlines).toEqual([expect.objectContaining({ kind: 'dsr_response', status: 'met_late' })]);
    });

    it('extends on the last millisecond of the first month, counted from the same start, with a notice due by then; refuses it one millisecond later', async () => {
      const firstMonth = '2026-03-02T22:59:59.999Z';
      const request = await receive('2026-01-31T10:00:00Z');
      const noReason = await step(request.id, 'extend', {});
      expect(noReason.status).toBe(400);
      expect(noReason.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
      clock.set(firstMonth);
      const extended = await step(request.id, 'extend', { reason: 'the requester asked for ten years of mail logs' });
      expect(extended.status).toBe(200);
      expect(extended.body).toMatchObject({
        status: 'extended',
        dueAt: '2026-04-30T21:59:59.999Z',
        extension: { extendedAt: firstMonth, reason: 'the requester asked for ten years of mail logs', requesterNotifiedAt: null },
      });
      const byKind = (kind: string) => (extended.body.deadlines as DeadlineBody[]).filter((d) => d.kind === kind).map(({ status, dueAt }) => ({ status, dueAt }));
      expect(byKind('dsr_response')).toEqual(
        expect.arrayContaining([
          { status: 'cancelled', dueAt: firstMonth },
          { status: 'pending', dueAt: '2026-04-30T21:59:59.999Z' },
        ]),
      );
      expect(byKind('dsr_extension_notice')).toEqual([{ status: 'pending', dueAt: firstMonth }]);
      expect((await step(request.id, 'extend', { reason: 'once more' })).status).toBe(409);
      const notice = await step(request.id, 'extension-notice', { notifiedAt: firstMonth });
      expect(notice.status).toBe(200);
      expect(notice.body.extension.requesterNotifiedAt).toBe(firstMonth);
      expect((notice.body.deadlines as DeadlineBody[]).find((d) => d.kind === 'dsr_extension_notice')).toMatchObject({ status: 'met', metAt: firstMonth });

      const tooLate = await receive('2026-01-31T10:00:00Z');
      clock.set(after(firstMonth, MS));
      const refused = await step(tooLate.id, 'extend', { reason: 'the requester asked for ten years of mail logs' });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ type: '/problems/rule-broken', errors: [{ field: 'reason' }] });
      expect((await t.as(auditor).get(`${API}/${tooLate.id}`)).body).toMatchObject({ status: 'received', extension: null, dueAt: firstMonth });
      expect(await deadlinesOf(tooLate.id)).toEqual([expect.objectContaining({ kind: 'dsr_response', status: 'pending' })]);
    });

    it('runs the month from the arrival of the identification asked for, however late; both dates are kept', async () => {
      const request = await receive('2026-01-10T10:00:00Z');
      clock.set('2026-01-12T09:00:00Z');
      const asked = await step(request.id, 'identity-requested', { requestedAt: '2026-01-12T09:00:00Z' });
      expect(asked.status).toBe(200);
      expect(asked.body).toMatchObject({ status: 'awaiting_identity', identityRequestedAt: '2026-01-12T09:00:00.000Z' });
      expect(asked.body.deadlines).toEqual([expect.objectContaining({ kind: 'dsr_response', status: 'cancelled' })]);
      expect((await step(request.id, 'extend', { reason: 'complex request' })).status).toBe(409);

      // Long after the first month would have ended (10 February).
      clock.set('2026-03-20T11:00:00Z');
      const arrived = await step(request.id, 'identity-received', { receivedAt: '2026-03-20T10:00:00Z' });
      expect(arrived.status).toBe(200);
      expect(arrived.body).toMatchObject({
        status: 'received',
        receivedAt: '2026-01-10T10:00:00.000Z',
        identityRequestedAt: '2026-01-12T09:00:00.000Z',
        identityReceivedAt: '2026-03-20T10:00:00.000Z',
        responseStartsAt: '2026-03-20T10:00:00.000Z',
        dueAt: '2026-04-20T21:59:59.999Z',
      });
      expect((arrived.body.deadlines as DeadlineBody[]).filter((d) => d.status === 'pending')).toEqual([
        expect.objectContaining({ kind: 'dsr_response', startsAt: '2026-03-20T10:00:00.000Z', dueAt: '2026-04-20T21:59:59.999Z' }),
      ]);
      // The month runs from the arrival, so an extension on 20 April is still in time.
      clock.set('2026-04-20T20:00:00Z');
      expect((await step(request.id, 'extend', { reason: 'the identification showed three accounts' })).body).toMatchObject({ status: 'extended', dueAt: '2026-06-22T21:59:59.999Z' });
    });

    it('refuses a refusal without the reasons or without the complaint information (Art. 12(4)), naming the field, and writes nothing', async () => {
      const request = await receive('2026-02-02T10:00:00Z');
      const auditBefore = await count(t.dataSource, `SELECT 1 FROM audit_log WHERE entity_id = $1`, [request.id]);
      const noComplaintInfo = await step(request.id, 'complete', { outcome: 'refused', reason: 'Art. 17(3)(e): needed for a pending claim' });
      expect(noComplaintInfo.status).toBe(422);
      expect(noComplaintInfo.body.errors).toEqual([expect.objectContaining({ field: 'complaintInfoGiven' })]);
      const nothing = await step(request.id, 'complete', { outcome: 'manifestly_unfounded', complaintInfoGiven: false });
      expect(nothing.status).toBe(422);
      expect(nothing.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason', 'complaintInfoGiven']);
      expect((await t.as(auditor).get(`${API}/${request.id}`)).body).toMatchObject({ status: 'received', completion: null });
      expect(await deadlinesOf(request.id)).toEqual([expect.objectContaining({ status: 'pending' })]);
      expect(await count(t.dataSource, `SELECT 1 FROM audit_log WHERE entity_id = $1`, [request.id])).toBe(auditBefore);

      const refused = await step(request.id, 'complete', { outcome: 'refused', reason: 'Art. 17(3)(e): needed for a pending claim', complaintInfoGiven: true });
      expect(refused.status).toBe(200);
      expect(refused.body).toMatchObject({ status: 'completed', completion: { outcome: 'refused', reason: 'Art. 17(3)(e): needed for a pending claim', complaintInfoGiven: true } });
      expect((await step(request.id, 'complete', { outcome: 'fulfilled' })).status).toBe(409);
    });
  });

  describe('as processor: forwarding to the controller', () => {
    let processorId: string;
    let controllerId: string;

    beforeAll(async () => {
      processorId = await seedProcessor(t.dataSource);
      controllerId = await seedController(t.dataSource, { name: 'Webwinkel Noord', contactEmail: 'privacy@webwinkel.example' });
    });

    it('forwards within the agreement’s hours, 72 where it is silent, and shows the controller’s month for information', async () => {
      clock.set('2026-01-15T09:00:00Z');
      const agreement = await t
        .as(officer)
        .post('/api/v1/agreements')
        .send(agreementBody({ controllerId, processorId, effectiveFrom: '2026-01-01T00:00:00Z', dataSubjectRequestForwardingHours: 48 }));
      expect(agreement.status).toBe(201);
      expect(agreement.body.dataSubjectRequestForwardingHours).toBe(48);
      const tooLong = await t
        .as(officer)
        .post('/api/v1/agreements')
        .send(agreementBody({ controllerId, processorId, dataSubjectRequestForwardingHours: 721 }));
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.errors[0].field).toBe('dataSubjectRequestForwardingHours');

      // Friday 23 October 2026 16:00 CEST: 48 elapsed hours, across the fall-back night and the weekend.
      const request = await receive('2026-10-23T14:00:00Z', { role: 'processor', agreementId: agreement.body.id, type: 'erasure' });
      expect(request).toMatchObject({ controllerId, agreementId: agreement.body.id, forwardingHours: 48, dueAt: '2026-10-25T14:00:00.000Z', controllerResponseDueAt: '2026-11-23T22:59:59.999Z' });
      expect(request.deadlines).toEqual([expect.objectContaining({ kind: 'dsr_forward', status: 'pending', dueAt: '2026-10-25T14:00:00.000Z' })]);

      const silentController = await seedController(t.dataSource, { name: 'Zwijgzaam BV' });
      const silent = await t
        .as(officer)
        .post('/api/v1/agreements')
        .send(agreementBody({ controllerId: silentController, processorId, effectiveFrom: '2026-01-01T00:00:00Z' }));
      expect(silent.body.dataSubjectRequestForwardingHours).toBeNull();
      const byController = await receive('2026-10-23T14:00:00Z', { role: 'processor', controllerId: silentController });
      expect(byController).toMatchObject({ agreementId: silent.body.id, forwardingHours: 72, dueAt: '2026-10-26T14:00:00.000Z' });

      expect((await step(request.id, 'complete', { outcome: 'fulfilled' })).status).toBe(409);
      expect((await step(request.id, 'extend', { reason: 'complex request' })).status).toBe(409);
      clock.set('2026-10-24T08:00:00Z');
      const forwarded = await step(request.id, 'forwarded', { assistance: 'mailbox export offered' });
      expect(forwarded.body).toMatchObject({ status: 'forwarded', forwardedAt: '2026-10-24T08:00:00.000Z', assistance: 'mailbox export offered' });
      expect(forwarded.body.deadlines).toEqual([expect.objectContaining({ kind: 'dsr_forward', status: 'met' })]);
      const completed = await step(request.id, 'complete', { outcome: 'fulfilled', assistance: 'mailboxes erased on the controller’s instruction' });
      expect(completed.body).toMatchObject({ status: 'completed', assistance: 'mailboxes erased on the controller’s instruction' });
    });

    it('escalates a missed forwarding clock (deadline.missed to the officer and the controller) and then needs a late reason', async () => {
      clock.set('2026-01-15T09:00:00Z');
      const hook = await t
        .as(officer)
        .post('/api/v1/webhooks')
        .send({ url: 'https://hooks.example.nl/dsr', events: ['deadline.missed'], secret: '0123456789abcdef' });
      expect(hook.status).toBe(201);
      const request = await receive('2026-02-06T16:00:00Z', { role: 'processor', controllerId });
      const [forward] = request.deadlines;
      const jobs = t.app.get(DeadlineJobs);
      clock.set(after(forward.dueAt, -MS));
      await expect(jobs.escalate({ deadlineId: forward.id })).rejects.toThrow('is due at');
      clock.set(forward.dueAt);
      expect(await jobs.escalate({ deadlineId: forward.id })).toBe('missed');
      const [delivery] = await t.dataSource.query(`SELECT body FROM webhook_deliveries WHERE event = 'deadline.missed' AND body LIKE $1`, [`%${forward.id}%`]);
      expect(JSON.parse(delivery.body).data).toMatchObject({ deadlineId: forward.id, kind: 'dsr_forward', subjectType: 'data_subject_request', subjectId: request.id, controllerIds: [controllerId] });
      // Names beside the ids: the client, and what the deadline is about as the requests module words it.
      expect(JSON.parse(delivery.body).data).toMatchObject({ controllerName: 'Webwinkel Noord', subjectTitle: 'access request from Jan de Vries' });
      // The only miss in this file.
      const mail = await t.dataSource.query(`SELECT recipients FROM email_messages WHERE event = 'deadline.missed' ORDER BY recipients`);
      expect(mail).toEqual([{ recipients: ['fg@hosting.example'] }, { recipients: ['privacy@webwinkel.example'] }]);

      clock.set('2026-02-10T09:00:00Z');
      const noReason = await step(request.id, 'forwarded', {});
      expect(noReason.status).toBe(422);
      expect(noReason.body.errors[0].field).toBe('lateReason');
      const late = await step(request.id, 'forwarded', { lateReason: 'the abuse mailbox was not read over the weekend' });
      expect(late.body.deadlines).toEqual([expect.objectContaining({ kind: 'dsr_forward', status: 'met_late' })]);
    });
  });

  describe('erasure of a contact', () => {
    it('erases the contact through the retention ledger, and keeps it while a legal hold covers it', async () => {
      const controllerId = await seedController(t.dataSource, { name: 'Klant met contact' });
      clock.set('2026-01-05T10:00:00Z');
      // Through the API, so the contact's personal data is also in the audit log.
      const contact = await t.as(officer).post(`/api/v1/controllers/${controllerId}/contacts`).send({ name: 'Piet Contact', email: 'piet@klant.example', lastActivityAt: '2026-01-05T10:00:00Z' });
      expect(contact.status).toBe(201);
      const contactId = contact.body.id as string;
      const colleague = await t.as(officer).post(`/api/v1/controllers/${controllerId}/contacts`).send({ name: 'Anna Collega', email: 'anna@klant.example', lastActivityAt: '2026-01-05T10:00:00Z' });
      expect(colleague.status).toBe(201);
      const request = await receive('2026-02-02T10:00:00Z', { type: 'erasure', contactId });
      expect(request).toMatchObject({ controllerId, contactId });

      const erased = await step(request.id, 'complete', { outcome: 'fulfilled', eraseContact: true });
      expect(erased.status).toBe(200);
      expect(erased.body).toMatchObject({ status: 'completed', contactId: null, contactErasure: { erasedAt: clock.now().toISOString() } });
      expect(await count(t.dataSource, 'SELECT 1 FROM contacts WHERE id = $1', [contactId])).toBe(0);
      const [entry] = await t.dataSource.query(`SELECT l.category, l.action, l.record_count, r.trigger FROM erasure_ledger l JOIN retention_runs r ON r.id = l.run_id WHERE l.id = $1`, [
        erased.body.contactErasure.erasureLedgerEntryId,
      ]);
      expect(entry).toEqual({ category: 'contact', action: 'delete', record_count: 1, trigger: 'erasure_request' });
      const payloads = await t.dataSource.query(`SELECT p.payload, p.erasure_ledger_id FROM audit_payloads p JOIN audit_log a ON a.id = p.entry_id WHERE a.entity_type = 'contact' AND a.entity_id = $1`, [
        contactId,
      ]);
      expect(payloads).toEqual([{ payload: null, erasure_ledger_id: erased.body.contactErasure.erasureLedgerEntryId }]);
      // What the request did not ask to erase stays: the colleague at the same client, with the audit payload about it.
      expect(await count(t.dataSource, 'SELECT 1 FROM contacts WHERE id = $1 AND name = $2 AND email = $3', [colleague.body.id, 'Anna Collega', 'anna@klant.example'])).toBe(1);
      const colleaguePayloads = await t.dataSource.query(
        `SELECT p.payload IS NOT NULL AS kept FROM audit_payloads p JOIN audit_log a ON a.id = p.entry_id WHERE a.entity_type = 'contact' AND a.entity_id = $1`,
        [colleague.body.id],
      );
      expect(colleaguePayloads).toEqual([{ kept: true }]);
      expect((await t.as(auditor).get('/api/v1/audit-log/verify')).body).toMatchObject({ valid: true });

      const heldContact = await seedContact(t.dataSource, { controllerId, lastActivityAt: '2026-01-05T10:00:00Z', name: 'Klaas Vastgehouden' });
      const hold = await t
        .as(officer)
        .post('/api/v1/legal-holds')
        .send({ scope: { controllerId, category: 'contact' }, reason: 'litigation with the client' });
      expect(hold.status).toBe(201);
      const held = await receive('2026-02-03T10:00:00Z', { type: 'erasure', contactId: heldContact });
      const ledgerBefore = await count(t.dataSource, 'SELECT 1 FROM erasure_ledger');
      const refused = await step(held.id, 'complete', { outcome: 'fulfilled', eraseContact: true });
      expect(refused.status).toBe(409);
      expect(refused.body.errors[0].field).toBe('eraseContact');
      expect(await count(t.dataSource, 'SELECT 1 FROM contacts WHERE id = $1 AND name IS NOT NULL', [heldContact])).toBe(1);
      expect(await count(t.dataSource, 'SELECT 1 FROM erasure_ledger')).toBe(ledgerBefore);
      expect((await t.as(auditor).get(`${API}/${held.id}`)).body).toMatchObject({ status: 'received', contactId: heldContact });
      const kept = await step(held.id, 'complete', { outcome: 'refused', reason: 'Art. 17(3)(e): kept for a legal claim', complaintInfoGiven: true });
      expect(kept.status).toBe(200);
      expect(await count(t.dataSource, 'SELECT 1 FROM contacts WHERE id = $1', [heldContact])).toBe(1);
      await t.as(officer).post(`/api/v1/legal-holds/${hold.body.id}/release`).send({ reason: 'settled' }).expect(200);
    });

    it('refuses a contact of another controller, a processor-role contact and a missing contact, naming the field', async () => {
      const controllerId = await seedController(t.dataSource);
      const otherId = await seedController(t.dataSource);
      const contactId = await seedContact(t.dataSource, { controllerId, lastActivityAt: '2026-01-05T10:00:00Z' });
      const body = { type: 'erasure', receivedAt: '2026-01-14T10:00:00Z', requester: { name: 'Jan' }, role: 'controller' };
      clock.set('2026-01-15T09:00:00Z');
      for (const [extra, field, status] of [
        [{ contactId, controllerId: otherId }, 'contactId', 422],
        [{ contactId, role: 'processor', controllerId }, 'contactId', 422],
        [{ contactId: '00000000-0000-4000-8000-000000000000' }, 'contactId', 422],
        [{ role: 'processor' }, 'controllerId', 422],
        [{ receivedAt: '2026-01-16T10:00:00Z' }, 'receivedAt', 422],
      ] as const) {
        const res = await t
          .as(officer)
          .post(API)
          .send({ ...body, ...extra });
        expect([res.status, res.body.errors?.[0]?.field]).toEqual([status, field]);
      }
      expect((await t.as(auditor).post(API).send(body)).status).toBe(403);
    });
  });

  it('lists by status, type, controller and due date, soonest due first', async () => {
    const controllerId = await seedController(t.dataSource, { name: 'Lijst BV' });
    const later = await receive('2026-05-04T10:00:00Z', { type: 'portability', controllerId });
    const sooner = await receive('2026-05-01T10:00:00Z', { type: 'portability', controllerId });
    const res = await t.as(auditor).get(`${API}?controllerId=${controllerId}&type=portability&status=received&sort=dueAt`);
    expect(res.status).toBe(200);
    expect((res.body.items as { id: string }[]).map((r) => r.id)).toEqual([sooner.id, later.id]);
    expect(res.body.items[0].deadlines).toHaveLength(1);
    const dueBefore = await t.as(auditor).get(`${API}?controllerId=${controllerId}&dueBefore=${encodeURIComponent(later.dueAt)}`);
    expect((dueBefore.body.items as { id: string }[]).map((r) => r.id)).toEqual([sooner.id]);
    expect((await t.as(auditor).get(`${API}?sort=colour`)).status).toBe(400);
  });

  it('anonymises the requester three years after completion, not a day before, and not an open request', async () => {
    const runs = t.app.get(RetentionRunsService);
    const done = await receive('2026-03-02T10:00:00Z', { requester: { name: 'Anna Bewaard', email: 'anna@example.nl' }, description: 'Anna wants her data' });
    clock.set('2026-03-10T10:00:00Z');
    await step(done.id, 'complete', { outcome: 'fulfilled' }).expect(200);
    const open = await receive('2026-03-09T10:00:00Z', { requester: { name: 'Open Verzoek' } });
    const sweep = async (at: string) => {
      clock.set(at);
      await runs.execute((await t.as(officer).post('/api/v1/retention/runs').send({})).body.id);
      return (await t.as(auditor).get(`${API}/${done.id}`)).body;
    };
    // Completed 10 March 2026: kept through 10 March 2029, anonymised from 11 March 00:00 Amsterdam.
    expect(await sweep('2029-03-10T22:59:59.999Z')).toMatchObject({ requester: { name: 'Anna Bewaard' }, anonymizedAt: null });
    const anonymised = await sweep('2029-03-10T23:00:00.000Z');
    expect(anonymised).toMatchObject({ requester: { name: null, email: null }, description: null, type: 'access', completion: { outcome: 'fulfilled' } });
    expect(anonymised.anonymizedAt).not.toBeNull();
    expect((await t.as(auditor).get(`${API}/${open.id}`)).body.requester.name).toBe('Open Verzoek');
    const policy = await t.as(auditor).get('/api/v1/retention-policies/data_subject_request');
    expect(policy.body).toMatchObject({ period: 'P3Y', action: 'anonymize' });
    const { anchor, action, legalBasis } = policy.body;
    const lower = await t.as(officer).put('/api/v1/retention-policies/data_subject_request').send({ period: 'P2Y', anchor, action, legalBasis });
    expect(lower.status).toBe(422);
    expect(lower.body.errors[0].field).toBe('period');
  });
});
