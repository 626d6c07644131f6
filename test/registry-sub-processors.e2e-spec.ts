import { UnitOfWork } from '../src/audit/unit-of-work';
import { SYSTEM_ACTOR } from '../src/common/actor';
import { FakeClock } from '../src/common/clock';
import { endOfDaysPeriod } from '../src/common/time';
import { Deadline } from '../src/deadlines/deadline.entity';
import { DeadlineKinds } from '../src/deadlines/deadline-kinds';
import { createAgreement, createController, createProcessor, subProcessorBody } from './factories';
import { startTestApp, TestApp } from './utils/test-app';
import { auditEntries } from './utils/audit-log';

const API = '/api/v1';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const NOW = '2026-02-10T09:00:00Z';
const SCC = { sccModule: 3, sccVersion: '2021/914' };
/** The 60-day objection window of an announcement at NOW. */
const WINDOW_CLOSES = endOfDaysPeriod(new Date(NOW), 60).toISOString();

function fields(body: { errors?: { field: string }[] }): string[] {
  return [...new Set((body.errors ?? []).map((e) => e.field))];
}

interface Link {
  id: string;
  agreementId: string;
  controllerId: string;
  status: string;
  objectionDueAt: string | null;
}

describe('registry: sub-processors and their authorisation per agreement', () => {
  let t: TestApp;
  const clock = new FakeClock(NOW);
  let officer: string;
  let auditor: string;
  let reporter: string;
  let processorId: string;
  let otherProcessorId: string;
  let controllerId: string;
  let general: string;
  let specific: string;
  let foreign: string;

  beforeAll(async () => {
    t = await startTestApp({ clock, workers: false });
    officer = await t.keyFor('officer');
    auditor = await t.keyFor('auditor');
    processorId = await createProcessor(t, officer);
    otherProcessorId = await createProcessor(t, officer, { name: 'Other host', country: 'DE' });
    controllerId = await createController(t, officer);
    reporter = await t.keyFor('reporter', processorId);
    general = await newAgreement({ subProcessorAuthorization: 'general', objectionPeriodDays: 60 });
    specific = await newAgreement({ subProcessorAuthorization: 'specific' });
    foreign = await newAgreement({ processorId: otherProcessorId, subProcessorAuthorization: 'specific' });
  });

  afterAll(async () => {
    await t.close();
  });

  const newAgreement = (overrides: Record<string, unknown>) => createAgreement(t, officer, { controllerId, processorId, ...overrides });

  const newSubProcessor = (overrides: Record<string, unknown> = {}) =>
    t
      .as(officer)
      .post(`${API}/sub-processors`)
      .send(subProcessorBody({ processorId, ...overrides }));

  async function count(table: string): Promise<number> {
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
    return row.n;
  }

  function linkFor(body: { agreements: Link[] }, agreementId: string): Link {
    const link = body.agreements.find((l) => l.agreementId === agreementId);
    if (!link) throw new Error(`no link for ${agreementId}`);
    return link;
  }

  async function objectionWindow(linkId: string): Promise<Deadline> {
    return t.dataSource.manager.findOneOrFail(Deadline, { where: { kind: 'objection_window', subjectId: linkId } });
  }

  describe('transfers outside the EEA', () => {
    it('needs no transfer mechanism inside the EEA and names it when missing outside', async () => {
      const inside = await newSubProcessor({ country: 'no' });
      expect(inside.status).toBe(201);
      expect(inside.body).toMatchObject({ country: 'NO', transferMechanism: null, agreements: [] });

      const before = await count('sub_processors');
      for (const country of ['US', 'CH', 'GB']) {
        const res = await newSubProcessor({ country });
        expect({ country, status: res.status }).toEqual({ country, status: 422 });
        expect(fields(res.body)).toEqual(['transferMechanism']);
      }
      expect(await count('sub_processors')).toBe(before);
      const outside = await newSubProcessor({ name: 'Mail filter Inc.', country: 'US', transferMechanism: 'scc', ...SCC });
      expect(outside.status).toBe(201);
      expect(outside.body).toMatchObject({ country: 'US', transferMechanism: 'scc' });
    });

    it('keeps the rule on update: moving outside the EEA or dropping the mechanism there is refused', async () => {
      const created = await newSubProcessor();
      const moved = await t.as(officer).patch(`${API}/sub-processors/${created.body.id}`).send({ country: 'IN' });
      expect(moved.status).toBe(422);
      expect(fields(moved.body)).toEqual(['transferMechanism']);
      const ok = await t.as(officer).patch(`${API}/sub-processors/${created.body.id}`).send({ country: 'IN', transferMechanism: 'bcr', service: 'support desk' });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ country: 'IN', transferMechanism: 'bcr', service: 'support desk', name: 'Datacenter Zuid' });
      const dropped = await t.as(officer).patch(`${API}/sub-processors/${created.body.id}`).send({ transferMechanism: null });
      expect(dropped.status).toBe(422);
      const back = await t.as(officer).patch(`${API}/sub-processors/${created.body.id}`).send({ country: 'BE', transferMechanism: null });
      expect(back.body).toMatchObject({ country: 'BE', transferMechanism: null });
      const log = await t.as(auditor).get(`${API}/audit-log?entityType=sub_processor&entityId=${created.body.id}`);
      expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['sub_processor.updated', 'sub_processor.updated', 'sub_processor.created']);
    });
  });

  describe('transfer bases that mean what they say', () => {
    const ADEQUATE = ['AD', 'AR', 'BR', 'CA', 'CH', 'FO', 'GB', 'GG', 'IL', 'IM', 'JE', 'JP', 'KR', 'NZ', 'UY'];

    async function refused(body: Record<string, unknown>, field: string, status = 422): Promise<{ detail: string }> {
      const res = await newSubProcessor(body);
      expect({ body, status: res.status, fields: fields(res.body) }).toEqual({ body, status, fields: [field] });
      expect(res.body.type).toBe(status === 422 ? '/problems/rule-broken' : '/problems/validation');
      return res.body;
    }

    it('accepts adequacy for each country with an EU adequacy decision and names the decision', async () => {
      for (const country of ADEQUATE) {
        const res = await newSubProcessor({ country, transferMechanism: 'adequacy' });
        expect({ country, status: res.status }).toEqual({ country, status: 201 });
        expect(res.body).toMatchObject({ country, transferMechanism: 'adequacy', transferBasisIssue: null, adequacyDecision: { reference: expect.stringMatching(/Decision/) } });
      }
      const brazil = await newSubProcessor({ country: 'BR', transferMechanism: 'adequacy' });
      expect(brazil.body.adequacyDecision).toEqual({ reference: 'Commission Implementing Decision (EU) 2026/179', adoptedOn: '2026-01-26', scope: null });
      const canada = await newSubProcessor({ country: 'ca', transferMechanism: 'adequacy' });
      expect(canada.body.adequacyDecision.scope).toMatch(/commercial organisations/);
    });

    it('refuses adequacy elsewhere, and a mechanism inside the EEA, with 422 naming transferMechanism and writing nothing', async () => {
      const before = [await count('sub_processors'), await count('audit_log')];
      for (const country of ['IN', 'CN', 'RU', 'AU']) {
        const problem = await refused({ country, transferMechanism: 'adequacy' }, 'transferMechanism');
        expect(problem.detail).toContain(`${country} has no EU adequacy decision`);
      }
      await refused({ country: 'NL', transferMechanism: 'adequacy' }, 'transferMechanism');
      await refused({ country: 'DE', transferMechanism: 'scc', ...SCC }, 'transferMechanism');
      expect([await count('sub_processors'), await count('audit_log')]).toEqual(before);
    });

    it('accepts adequacy for the US only for an organisation certified under the Data Privacy Framework, with the date it was checked', async () => {
      const us = { country: 'US', transferMechanism: 'adequacy' };
      expect((await refused(us, 'dpfCertified')).detail).toContain('Data Privacy Framework');
      await refused({ ...us, dpfCertified: false, dpfCheckedAt: '2026-02-01T10:00:00Z' }, 'dpfCertified');
      await refused({ ...us, dpfCertified: true }, 'dpfCheckedAt');
      await refused({ ...us, dpfCertified: true, dpfCheckedAt: '2026-02-11T09:00:00Z' }, 'dpfCheckedAt');
      await refused({ ...us, dpfCertified: 'yes', dpfCheckedAt: '2026-02-01T10:00:00Z' }, 'dpfCertified', 400);
      await refused({ ...us, dpfCertified: true, dpfCheckedAt: '1 February' }, 'dpfCheckedAt', 400);
      await refused({ country: 'GB', transferMechanism: 'adequacy', dpfCertified: true, dpfCheckedAt: '2026-02-01T10:00:00Z' }, 'dpfCertified');
      const ok = await newSubProcessor({ ...us, dpfCertified: true, dpfCheckedAt: '2026-02-01T10:00:00+01:00' });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ dpfCertified: true, dpfCheckedAt: '2026-02-01T09:00:00.000Z', sccModule: null, transferBasisIssue: null });
      expect(ok.body.adequacyDecision.reference).toContain('(EU) 2023/1795');
      expect((await t.as(auditor).get(`${API}/sub-processors/${ok.body.id}`)).body).toEqual(ok.body);
    });

    it('accepts SCCs only with their module and the 2021 version', async () => {
      const scc = { country: 'IN', transferMechanism: 'scc' };
      await refused(scc, 'sccModule');
      await refused({ ...scc, sccVersion: '2021/914' }, 'sccModule');
      await refused({ ...scc, ...SCC, sccModule: 5 }, 'sccModule');
      await refused({ ...scc, ...SCC, sccModule: '3' }, 'sccModule', 400);
      await refused({ ...scc, ...SCC, sccModule: 2.5 }, 'sccModule', 400);
      await refused({ ...scc, sccModule: 3 }, 'sccVersion');
      expect((await refused({ ...scc, ...SCC, sccVersion: '2010/87/EU' }, 'sccVersion')).detail).toContain('2021/914');
      await refused({ ...scc, ...SCC, sccVersion: 914 }, 'sccVersion', 400);
      await refused({ ...scc, ...SCC, derogationJustification: 'also this' }, 'derogationJustification');
      const ok = await newSubProcessor({ ...scc, ...SCC });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ transferMechanism: 'scc', sccModule: 3, sccVersion: '2021/914', adequacyDecision: null, dpfCertified: null, transferBasisIssue: null });
    });

    it('accepts a derogation only with its justification, and BCRs as they are', async () => {
      const derogation = { country: 'IN', transferMechanism: 'derogation' };
      expect((await refused(derogation, 'derogationJustification')).detail).toContain('occasional');
      await refused({ ...derogation, derogationJustification: '   ' }, 'derogationJustification');
      await refused({ ...derogation, derogationJustification: 'x'.repeat(2001) }, 'derogationJustification', 400);
      const justification = 'Art. 49(1)(b): a one-off transfer of a support dump the client asked for';
      const ok = await newSubProcessor({ ...derogation, derogationJustification: justification });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ transferMechanism: 'derogation', derogationJustification: justification });
      await refused({ country: 'IN', transferMechanism: 'bcr', sccModule: 3 }, 'sccModule');
      expect((await newSubProcessor({ country: 'IN', transferMechanism: 'bcr' })).status).toBe(201);
    });

    it('re-checks the combination on update, and drops the details the new basis does not use', async () => {
      const created = await newSubProcessor({ country: 'US', transferMechanism: 'scc', ...SCC });
      const patch = (body: Record<string, unknown>) => t.as(officer).patch(`${API}/sub-processors/${created.body.id}`).send(body);

      const noModule = await patch({ sccModule: null });
      expect({ status: noModule.status, fields: fields(noModule.body) }).toEqual({ status: 422, fields: ['sccModule'] });
      const oldClauses = await patch({ sccVersion: '2010/87/EU' });
      expect({ status: oldClauses.status, fields: fields(oldClauses.body) }).toEqual({ status: 422, fields: ['sccVersion'] });
      const adequacy = await patch({ transferMechanism: 'adequacy' });
      expect({ status: adequacy.status, fields: fields(adequacy.body) }).toEqual({ status: 422, fields: ['dpfCertified'] });
      const contradictory = await patch({ transferMechanism: 'bcr', sccModule: 2 });
      expect({ status: contradictory.status, fields: fields(contradictory.body) }).toEqual({ status: 422, fields: ['sccModule'] });
      expect((await t.as(auditor).get(`${API}/sub-processors/${created.body.id}`)).body).toMatchObject({ transferMechanism: 'scc', ...SCC });

      const certified = await patch({ transferMechanism: 'adequacy', dpfCertified: true, dpfCheckedAt: '2026-02-09T12:00:00Z' });
      expect(certified.status).toBe(200);
      expect(certified.body).toMatchObject({ transferMechanism: 'adequacy', dpfCertified: true, sccModule: null, sccVersion: null });
      const moved = await patch({ country: 'GB' });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ country: 'GB', transferMechanism: 'adequacy', dpfCertified: null, dpfCheckedAt: null });
      expect(moved.body.adequacyDecision.reference).toContain('2021/1772');
      const unlisted = await patch({ country: 'IN' });
      expect({ status: unlisted.status, fields: fields(unlisted.body) }).toEqual({ status: 422, fields: ['transferMechanism'] });
      const home = await patch({ country: 'NL' });
      expect(home.status).toBe(200);
      expect(home.body).toMatchObject({ country: 'NL', transferMechanism: null, transferBasisIssue: null });

      const log = await t.as(auditor).get(`${API}/audit-log?entityType=sub_processor&entityId=${created.body.id}`);
      expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['sub_processor.updated', 'sub_processor.updated', 'sub_processor.updated', 'sub_processor.created']);
    });

    it('shows what a row written before the rule lacks, and asks for it on its next update', async () => {
      const legacy = await newSubProcessor({ country: 'IN', transferMechanism: 'bcr' });
      await t.dataSource.query(`UPDATE sub_processors SET transfer_mechanism = 'scc' WHERE id = $1`, [legacy.body.id]);
      const read = await t.as(auditor).get(`${API}/sub-processors/${legacy.body.id}`);
      expect(read.body).toMatchObject({ transferMechanism: 'scc', sccModule: null, transferBasisIssue: { field: 'sccModule', message: expect.stringContaining('module') } });
      const renamed = await t.as(officer).patch(`${API}/sub-processors/${legacy.body.id}`).send({ name: 'Support desk India' });
      expect({ status: renamed.status, fields: fields(renamed.body) }).toEqual({ status: 422, fields: ['sccModule'] });
      const fixed = await t
        .as(officer)
        .patch(`${API}/sub-processors/${legacy.body.id}`)
        .send({ name: 'Support desk India', ...SCC });
      expect(fixed.status).toBe(200);
      expect(fixed.body).toMatchObject({ name: 'Support desk India', transferBasisIssue: null });
    });
  });

  describe('announcing to controllers', () => {
    it('opens an objection window under general authorisation and waits for approval under specific', async () => {
      const res = await newSubProcessor({ agreementIds: [general, specific] });
      expect(res.status).toBe(201);
      const generalLink = linkFor(res.body, general);
      const specificLink = linkFor(res.body, specific);
      // A period of 60 days: it ends at the end (24:00 Amsterdam) of its last day, as endOfDaysPeriod counts it.
      expect(generalLink).toMatchObject({ status: 'pending_objection', controllerId, announcedAt: '2026-02-10T09:00:00.000Z', objectionDueAt: WINDOW_CLOSES });
      expect(specificLink).toMatchObject({ status: 'pending_approval', objectionDueAt: null });

      const window = await objectionWindow(generalLink.id);
      expect(window).toMatchObject({ status: 'pending', subjectType: 'sub_processor_agreement', controllerId });
      expect(window.startsAt.toISOString()).toBe('2026-02-10T09:00:00.000Z');
      // Specific authorisation asks for approval by a date instead: by default the end of the 30th day.
      const approval = await t.dataSource.manager.find(Deadline, { where: { subjectId: specificLink.id } });
      expect(approval.map((d) => [d.kind, d.dueAt.toISOString()])).toEqual([['approval_request', endOfDaysPeriod(new Date(NOW), 30).toISOString()]]);

      const read = await t.as(auditor).get(`${API}/sub-processors/${res.body.id}`);
      expect(read.body).toEqual(res.body);
      const audit = await t.dataSource.query(`SELECT action FROM audit_log WHERE entity_type = 'sub_processor_agreement' AND entity_id IN ($1, $2)`, [generalLink.id, specificLink.id]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['sub_processor_agreement.announced', 'sub_processor_agreement.announced']);
    });

    it('refuses agreements of another processor, unknown or ended ones with 422 and writes nothing', async () => {
      const [subs, links, deadlines] = [await count('sub_processors'), await count('sub_processor_agreements'), await count('deadlines')];
      const other = await newSubProcessor({ agreementIds: [general, foreign] });
      expect(other.status).toBe(422);
      expect(fields(other.body)).toEqual(['agreementIds']);
      const unknown = await newSubProcessor({ agreementIds: [UNKNOWN_ID] });
      expect(unknown.status).toBe(422);
      expect(fields(unknown.body)).toEqual(['agreementIds']);
      const ended = await newAgreement({ subProcessorAuthorization: 'specific' });
      await t.dataSource.query(`UPDATE processing_agreements SET terminated_at = $2, termination_effective_at = $2 WHERE id = $1`, [ended, '2026-02-01T00:00:00Z']);
      const late = await newSubProcessor({ agreementIds: [general, ended] });
      expect(late.status).toBe(422);
      expect(fields(late.body)).toEqual(['agreementIds']);
      const processor = await newSubProcessor({ processorId: UNKNOWN_ID });
      expect(processor.status).toBe(422);
      expect(fields(processor.body)).toEqual(['processorId']);
      expect([await count('sub_processors'), await count('sub_processor_agreements'), await count('deadlines')]).toEqual([subs, links, deadlines]);
    });

    it('announces for more agreements later, and refuses one announced already with 409', async () => {
      const created = await newSubProcessor({ agreementIds: [specific] });
      const more = await t
        .as(officer)
        .post(`${API}/sub-processors/${created.body.id}/agreements`)
        .send({ agreementIds: [general] });
      expect(more.status).toBe(201);
      expect(more.body.agreements.map((l: Link) => l.status).sort()).toEqual(['pending_approval', 'pending_objection']);
      const again = await t
        .as(officer)
        .post(`${API}/sub-processors/${created.body.id}/agreements`)
        .send({ agreementIds: [general] });
      expect(again.status).toBe(409);
      expect(fields(again.body)).toEqual(['agreementIds']);
      const foreignLink = await t
        .as(officer)
        .post(`${API}/sub-processors/${created.body.id}/agreements`)
        .send({ agreementIds: [foreign] });
      expect(foreignLink.status).toBe(422);
      for (const body of [{}, { agreementIds: [] }, { agreementIds: 'x' }, { agreementIds: ['x'] }, { agreementIds: [general, general] }]) {
        const res = await t.as(officer).post(`${API}/sub-processors/${created.body.id}/agreements`).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(fields(res.body)).toEqual(['agreementIds']);
      }
      expect(
        (
          await t
            .as(officer)
            .post(`${API}/sub-processors/${UNKNOWN_ID}/agreements`)
            .send({ agreementIds: [general] })
        ).status,
      ).toBe(404);
    });
  });

  describe('objections under general authorisation', () => {
    it('blocks the sub-processor for that controller and closes the window as met', async () => {
      const created = await newSubProcessor({ agreementIds: [general] });
      const link = linkFor(created.body, general);
      clock.set('2026-02-20T12:00:00Z');
      try {
        const res = await t.as(officer).post(`${API}/sub-processors/${created.body.id}/objections`).send({ agreementId: general, reason: 'data would leave our preferred region' });
        expect(res.status).toBe(201);
        expect(linkFor(res.body, general)).toMatchObject({ status: 'objected', decidedAt: '2026-02-20T12:00:00.000Z', decisionNote: 'data would leave our preferred region' });
      } finally {
        clock.set(NOW);
      }
      const window = await objectionWindow(link.id);
      expect(window.status).toBe('met');
      expect(window.metAt?.toISOString()).toBe('2026-02-20T12:00:00.000Z');
      const [audit] = await auditEntries(t.dataSource, `a.entity_id = $1 AND a.action = 'sub_processor_agreement.objected'`, [link.id]);
      expect(audit.before.status).toBe('pending_objection');
      expect(audit.after.status).toBe('objected');

      const twice = await t.as(officer).post(`${API}/sub-processors/${created.body.id}/objections`).send({ agreementId: general, reason: 'again' });
      expect(twice.status).toBe(409);
    });

    it('records a letter received in time with its own objectedAt, and refuses one after the window or before the announcement', async () => {
      const created = await newSubProcessor({ agreementIds: [general] });
      const justAfter = new Date(new Date(WINDOW_CLOSES).getTime() + 1);
      clock.set(justAfter);
      try {
        const late = await t.as(officer).post(`${API}/sub-processors/${created.body.id}/objections`).send({ agreementId: general, reason: 'late', objectedAt: justAfter.toISOString() });
        expect(late.status).toBe(422);
        expect(fields(late.body)).toEqual(['objectedAt']);
        expect(late.body.detail).toContain('the objection window closed');
      } finally {
        clock.set(NOW);
      }
      const early = await t.as(officer).post(`${API}/sub-processors/${created.body.id}/objections`).send({ agreementId: general, reason: 'early', objectedAt: '2026-02-01T00:00:00Z' });
      expect(early.status).toBe(422);
      const future = await t.as(officer).post(`${API}/sub-processors/${created.body.id}/objections`).send({ agreementId: general, reason: 'future', objectedAt: '2026-02-11T00:00:00Z' });
      expect(future.status).toBe(422);
      expect(fields(future.body)).toEqual(['objectedAt']);
      expect(linkFor((await t.as(auditor).get(`${API}/sub-processors/${created.body.id}`)).body, general).status).toBe('pending_objection');

      clock.set(justAfter);
      try {
        const inTime = await t.as(officer).post(`${API}/sub-processors/${created.body.id}/objections`).send({ agreementId: general, reason: 'letter of 1 April', objectedAt: '2026-04-01T10:00:00+02:00' });
        expect(inTime.status).toBe(201);
        expect(linkFor(inTime.body, general)).toMatchObject({ status: 'objected', decidedAt: '2026-04-01T08:00:00.000Z' });
      } finally {
        clock.set(NOW);
      }
    });

    it('refuses an objection where none fits: specific authorisation, an agreement not announced, bad input', async () => {
      const created = await newSubProcessor({ agreementIds: [specific] });
      const onSpecific = await t.as(officer).post(`${API}/sub-processors/${created.body.id}/objections`).send({ agreementId: specific, reason: 'no' });
      expect(onSpecific.status).toBe(409);
      expect(fields(onSpecific.body)).toEqual(['agreementId']);
      const notAnnounced = await t.as(officer).post(`${API}/sub-processors/${created.body.id}/objections`).send({ agreementId: general, reason: 'no' });
      expect(notAnnounced.status).toBe(422);
      expect(fields(notAnnounced.body)).toEqual(['agreementId']);
      for (const [body, field] of [
        [{ reason: 'no' }, 'agreementId'],
        [{ agreementId: general }, 'reason'],
        [{ agreementId: general, reason: '' }, 'reason'],
        [{ agreementId: general, reason: 'r'.repeat(2001) }, 'reason'],
        [{ agreementId: general, reason: 'no', objectedAt: 'yesterday' }, 'objectedAt'],
        [{ agreementId: general, reason: 'no', decision: 'approved' }, 'decision'],
      ] as const) {
        const res = await t.as(officer).post(`${API}/sub-processors/${created.body.id}/objections`).send(body);
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(fields(res.body)).toContain(field);
      }
      expect((await t.as(officer).post(`${API}/sub-processors/${UNKNOWN_ID}/objections`).send({ agreementId: general, reason: 'no' })).status).toBe(404);
      expect((await t.as(officer).post(`${API}/sub-processors/nope/objections`).send({ agreementId: general, reason: 'no' })).status).toBe(400);
    });

    it('authorises the sub-processor when the window closes without objection (the due handler, run directly)', async () => {
      const created = await newSubProcessor({ agreementIds: [general] });
      const link = linkFor(created.body, general);
      const window = await objectionWindow(link.id);
      const handler = t.app.get(DeadlineKinds).get('objection_window').onDue;
      expect(handler).toBeDefined();
      clock.set(window.dueAt);
      try {
        await t.app.get(UnitOfWork).run(SYSTEM_ACTOR, async (change) => {
          const locked = await change.manager.findOneOrFail(Deadline, { where: { id: window.id }, lock: { mode: 'pessimistic_write' } });
          await handler!(change, locked);
        });
      } finally {
        clock.set(NOW);
      }
      const after = await t.as(auditor).get(`${API}/sub-processors/${created.body.id}`);
      expect(linkFor(after.body, general)).toMatchObject({ status: 'authorized', decidedAt: WINDOW_CLOSES, decisionNote: 'no objection within the objection period' });
      const closed = await objectionWindow(link.id);
      expect(closed.status).toBe('met');
      expect(closed.metAt?.toISOString()).toBe(WINDOW_CLOSES);
      const [audit] = await t.dataSource.query(`SELECT actor_id FROM audit_log WHERE entity_id = $1 AND action = 'sub_processor_agreement.authorized'`, [link.id]);
      expect(audit.actor_id).toBe('system');

      const tooLate = await t.as(officer).post(`${API}/sub-processors/${created.body.id}/objections`).send({ agreementId: general, reason: 'too late' });
      expect(tooLate.status).toBe(409);
    });

    it('leaves an objected link objected when its window falls due after all', async () => {
      const created = await newSubProcessor({ agreementIds: [general] });
      const link = linkFor(created.body, general);
      const window = await objectionWindow(link.id);
      await t.as(officer).post(`${API}/sub-processors/${created.body.id}/objections`).send({ agreementId: general, reason: 'no' });
      // Reopened by hand so the handler runs on a link that was objected to: it must not authorise it.
      await t.dataSource.query(`UPDATE deadlines SET status = 'pending', met_at = NULL WHERE id = $1`, [window.id]);
      const handler = t.app.get(DeadlineKinds).get('objection_window').onDue!;
      await t.app.get(UnitOfWork).run(SYSTEM_ACTOR, async (change) => handler(change, await change.manager.findOneOrFail(Deadline, { where: { id: window.id } })));
      expect(linkFor((await t.as(auditor).get(`${API}/sub-processors/${created.body.id}`)).body, general).status).toBe('objected');
    });
  });

  describe('approvals under specific authorisation', () => {
    it('authorises on approval and blocks on rejection, once', async () => {
      const created = await newSubProcessor({ agreementIds: [specific, general] });
      const approved = await t.as(officer).post(`${API}/sub-processors/${created.body.id}/approvals`).send({ agreementId: specific, decision: 'approved', note: 'e-mail of 12 February' });
      expect(approved.status).toBe(201);
      expect(linkFor(approved.body, specific)).toMatchObject({ status: 'authorized', decidedAt: '2026-02-10T09:00:00.000Z', decisionNote: 'e-mail of 12 February' });
      const again = await t.as(officer).post(`${API}/sub-processors/${created.body.id}/approvals`).send({ agreementId: specific, decision: 'rejected' });
      expect(again.status).toBe(409);
      const onGeneral = await t.as(officer).post(`${API}/sub-processors/${created.body.id}/approvals`).send({ agreementId: general, decision: 'approved' });
      expect(onGeneral.status).toBe(409);
      expect(fields(onGeneral.body)).toEqual(['agreementId']);

      const other = await newSubProcessor({ agreementIds: [specific] });
      const rejected = await t.as(officer).post(`${API}/sub-processors/${other.body.id}/approvals`).send({ agreementId: specific, decision: 'rejected' });
      expect(linkFor(rejected.body, specific)).toMatchObject({ status: 'rejected', decisionNote: null });
      const [audit] = await t.dataSource.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id DESC LIMIT 1`, [linkFor(rejected.body, specific).id]);
      expect(audit.action).toBe('sub_processor_agreement.rejected');

      for (const body of [{ agreementId: specific }, { agreementId: specific, decision: 'maybe' }, { agreementId: specific, decision: 'approved', note: 5 }, { decision: 'approved' }]) {
        const res = await t.as(officer).post(`${API}/sub-processors/${other.body.id}/approvals`).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
    });
  });

  describe('validation, lists and roles', () => {
    it('refuses bad input with 400 naming the field, never a 500', async () => {
      const before = await count('sub_processors');
      const cases: [Record<string, unknown>, string][] = [
        [{ country: 'Germany' }, 'country'],
        [{ country: null }, 'country'],
        [{ country: 'US', transferMechanism: 'contract' }, 'transferMechanism'],
        [{ processorId: 'abc' }, 'processorId'],
        [{ name: '' }, 'name'],
        [{ name: 'n'.repeat(201) }, 'name'],
        [{ service: ['hosting'] }, 'service'],
        [{ service: 's'.repeat(501) }, 'service'],
        [{ agreementIds: general }, 'agreementIds'],
        [{ agreementIds: [1] }, 'agreementIds'],
        [{ agreementIds: [general, general] }, 'agreementIds'],
        [{ agreementIds: [{ id: general }] }, 'agreementIds'],
        [{ status: 'authorized' }, 'status'],
      ];
      for (const [overrides, field] of cases) {
        const res = await newSubProcessor(overrides);
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(fields(res.body)).toContain(field);
      }
      for (const body of [{ processorId: otherProcessorId }, { name: null }, { country: 'XX' }, { agreementIds: [general] }]) {
        const res = await t.as(officer).patch(`${API}/sub-processors/${UNKNOWN_ID}`).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      expect(await count('sub_processors')).toBe(before);
    });

    it('lists by processor and by agreement, paging without duplicates or gaps', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++)
        ids.push(
          (
            await t
              .as(officer)
              .post(`${API}/sub-processors`)
              .send({ processorId: otherProcessorId, name: `Sub ${i}`, service: 'backup', country: 'DE' })
          ).body.id,
        );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.as(auditor).get(`${API}/sub-processors?processorId=${otherProcessorId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...res.body.items.map((s: { id: string }) => s.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual([...ids].sort());

      const linked = await newSubProcessor({ agreementIds: [specific] });
      const bySpecific = await t.as(auditor).get(`${API}/sub-processors?agreementId=${specific}&limit=200`);
      expect(bySpecific.body.items.map((s: { id: string }) => s.id)).toContain(linked.body.id);
      expect(bySpecific.body.items.map((s: { id: string }) => s.id)).not.toContain(ids[0]);
      expect((await t.as(auditor).get(`${API}/sub-processors?agreementId=nope`)).status).toBe(400);
    });

    it('lets the auditor read only, refuses the reporter, and tells 400 from 404', async () => {
      const created = await newSubProcessor({ agreementIds: [specific] });
      expect((await t.as(auditor).get(`${API}/sub-processors/${created.body.id}`)).status).toBe(200);
      expect((await t.as(auditor).post(`${API}/sub-processors`).send({ processorId, name: 'x', service: 'y', country: 'NL' })).status).toBe(403);
      expect((await t.as(auditor).post(`${API}/sub-processors/${created.body.id}/approvals`).send({ agreementId: specific, decision: 'approved' })).status).toBe(403);
      expect((await t.as(auditor).post(`${API}/sub-processors/${created.body.id}/objections`).send({ agreementId: specific, reason: 'x' })).status).toBe(403);
      expect((await t.as(auditor).patch(`${API}/sub-processors/${created.body.id}`).send({ name: 'x' })).status).toBe(403);
      expect((await t.as(reporter).get(`${API}/sub-processors`)).status).toBe(403);
      expect((await t.as(reporter).get(`${API}/sub-processors/${created.body.id}`)).status).toBe(403);
      expect((await t.as('').get(`${API}/sub-processors`).unset('authorization')).status).toBe(401);
      expect((await t.as(officer).get(`${API}/sub-processors/${UNKNOWN_ID}`)).status).toBe(404);
      expect((await t.as(officer).patch(`${API}/sub-processors/${UNKNOWN_ID}`).send({ name: 'x' })).status).toBe(404);
      const bad = await t.as(officer).get(`${API}/sub-processors/not-a-uuid`);
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['id']);
    });
  });
});
