import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { inForceDuringSql, isInForceDuring } from '../src/agreements/agreement-status';
import { FakeClock } from '../src/common/clock';
import { createAgreementRecord, createController, createProcessor, seedAgreement, seedAgreements, seedControllers, seedSubProcessorLink, seedTransferSubProcessor } from './factories';
import { binary, pdfTitle } from './utils/pdf';
import { parseCsv } from './utils/csv';
import { databaseUrl } from './utils/test-database';
import { ADMIN_KEY, startTestApp, TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';

const API = '/api/v1';
const RECORD = `${API}/records-of-processing`;
const NOW = '2026-03-10T10:00:00.000Z';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface Safeguard {
  mechanism: string | null;
  description: string;
  adequacyDecision: { reference: string; adoptedOn: string; scope?: string } | null;
  sccModule: number | null;
  sccVersion: string | null;
  dpfCertified: boolean | null;
  dpfCheckedAt: string | null;
  derogationJustification: string | null;
  issue: string | null;
}
interface Transfer {
  subProcessor: { id: string; name: string; service: string };
  country: string;
  countryName: string;
  agreementReferences: string[];
  safeguard: Safeguard;
}
interface ControllerEntry {
  id: string;
  name: string;
  country: string;
  kvkNumber: string | null;
  contactEmail: string | null;
  dpo: { name: string | null; email: string | null };
  agreements: { id: string; reference: string; effectiveFrom: string; endsAt: string | null }[];
  processing: { purposes: string[]; dataCategories: string[]; dataSubjectCategories: string[]; specialCategories: string[] };
  transfers: Transfer[];
}
interface Section {
  processor: { id: string; name: string; country: string; kvkNumber: string | null; contactEmail: string | null; dpo: { name: string | null; email: string | null } };
  securityMeasures: string[];
  controllers: ControllerEntry[];
}
interface RecordBody {
  title: string;
  language: string;
  generatedAt: string;
  period: { at: string } | { from: string; to: string };
  processorId: string | null;
  controllerId: string | null;
  sections: Section[];
}

/**
 * Reads a PDF as a reader does: from `startxref` to the cross-reference table, where every
 * object's offset must point at that object; returns the title (a literal string, UTF-16BE
 * after a byte-order mark when it is not ASCII) and the page count.
 */
function readPdf(pdf: Buffer): { title: string; pages: number } {
  const raw = pdf.toString('latin1');
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(raw)?.[1]);
  expect(raw.startsWith('xref', startxref)).toBe(true);
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(raw.slice(startxref)) ?? [];
  const entries = raw
    .slice(startxref)
    .split('\n')
    .slice(2, 2 + Number(count));
  entries.forEach((entry, i) => {
    const [offset, , kind] = entry.trim().split(' ');
    if (kind === 'n') expect(raw.startsWith(`${Number(first) + i} 0 obj`, Number(offset))).toBe(true);
  });
  const titleRef = /\/Title (\d+) 0 R/.exec(raw)![1];
  const literal = raw.slice(raw.indexOf(`\n${titleRef} 0 obj\n(`) + `\n${titleRef} 0 obj\n(`.length);
  const title = literal.startsWith('\xfe\xff') ? pdfTitle(pdf) : /^((?:\\.|[^\\)])*)\)/.exec(literal)![1].replace(/\\(.)/g, '$1');
  const pages = Math.max(...[...raw.matchAll(/\/Type \/Pages\n\/Count (\d+)/g)].map((m) => Number(m[1])));
  return { title, pages };
}

const fields = (body: { errors?: { field: string }[] }) => [...new Set((body.errors ?? []).map((e) => e.field))];

describe('records of processing (Art. 30(2)): the processor’s record, built from the registry', () => {
  const clock = new FakeClock(NOW);
  let t: TestApp;
  let officer: string;
  let auditor: string;
  const ids: Record<string, string> = {};
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ clock, workers: false });
    officer = await t.keyFor('officer');
    auditor = await t.keyFor('auditor');
    const db = t.dataSource;

    ids.host = await createProcessor(t, officer, {
      name: 'Hosting Noord BV',
      country: 'NL',
      kvkNumber: '12345678',
      contactEmail: 'privacy@hostingnoord.example',
      dpoName: 'Fleur Bakker',
      dpoEmail: 'fg@hostingnoord.example',
      securityMeasures: ['Versleutelde opslag (AES-256)', 'Inloggen met twee factoren, ook voor beheerders'],
    });
    ids.second = await createProcessor(t, officer, { name: 'Tweede Host BV', country: 'DE', contactEmail: 'dpo@tweede.example' });

    // A name with a comma and quotes, so the CSV's quoting is put to work.
    ids.bakery = await createController(t, officer, {
      name: 'Bakkerij "De Korenaar", Jansen',
      kvkNumber: '87654321',
      contactEmail: 'info@korenaar.example',
      dpoName: 'Jan de Vries',
      dpoEmail: 'fg@korenaar.example',
    });
    ids.pharmacy = await createController(t, officer, { name: 'Apotheek West', contactEmail: 'west@apotheek.example' });
    ids.former = await createController(t, officer, { name: 'Oud Klant BV', contactEmail: 'oud@klant.example' });
    ids.future = await createController(t, officer, { name: 'Toekomst BV' });
    ids.leaving = await createController(t, officer, { name: 'Opzegging BV' });

    const webshop = await createAgreementRecord(t, officer, {
      controllerId: ids.bakery,
      processorId: ids.host,
      purposes: ['hosting van de webwinkel'],
      dataCategories: ['naam', 'e-mailadres', 'bestelgeschiedenis'],
      dataSubjectCategories: ['klanten'],
      specialCategories: ['gezondheid (allergieën)'],
    });
    const mail = await createAgreementRecord(t, officer, {
      controllerId: ids.bakery,
      processorId: ids.host,
      purposes: ['e-mail'],
      dataCategories: ['e-mailadres', 'naam', 'inhoud van e-mail'],
      dataSubjectCategories: ['medewerkers', 'klanten'],
    });
    const pharmacy = await createAgreementRecord(t, officer, { controllerId: ids.pharmacy, processorId: ids.host, purposes: ['hosting van het patiëntenportaal'] });
    const secondHost = await createAgreementRecord(t, officer, { controllerId: ids.bakery, processorId: ids.second, purposes: ['back-up'] });
    [refs.webshop, refs.mail, refs.pharmacy, refs.secondHost] = [webshop.reference, mail.reference, pharmacy.reference, secondHost.reference];
    ids.webshop = webshop.id;
    ids.mail = mail.id;
    ids.pharmacyAgreement = pharmacy.id;
    // Ended on 1 January 2026 (at 00:00 UTC): in the record of a period before, not now.
    ids.formerAgreement = await seedAgreement(db, { controllerId: ids.former, processorId: ids.host, effectiveFrom: '2024-01-01T00:00:00Z', endsAt: '2026-01-01T00:00:00Z' });
    // Signed to start on 1 June 2026: not yet in force.
    await seedAgreement(db, { controllerId: ids.future, processorId: ids.host, effectiveFrom: '2026-06-01T00:00:00Z' });
    // Notice given, not yet in effect: terminating, so still in force.
    await seedAgreement(db, { controllerId: ids.leaving, processorId: ids.host, terminatedAt: '2026-03-01T00:00:00Z', terminationEffectiveAt: '2026-05-01T00:00:00Z' });

    const sub = (name: string, country: string, basis: Record<string, unknown>) => seedTransferSubProcessor(db, { processorId: ids.host, name, service: `${name} service`, country, ...basis });
    ids.us = await sub('Cloud Inc', 'US', { transferMechanism: 'adequacy', dpfCertified: true, dpfCheckedAt: '2026-01-05T09:00:00Z' });
    ids.india = await sub('Support Pvt Ltd', 'IN', { transferMechanism: 'scc', sccModule: 3, sccVersion: '2021/914' });
    ids.swiss = await sub('Mail Filter AG', 'CH', { transferMechanism: 'adequacy' });
    ids.singapore = await sub('Backup Pte', 'SG', { transferMechanism: 'bcr' });
    ids.germany = await sub('Rechenzentrum GmbH', 'DE', {});
    ids.southAfrica = await sub('Incident Desk', 'ZA', { transferMechanism: 'derogation', derogationJustification: 'art. 49(1)(b): eenmalige overdracht voor de uitvoering van de overeenkomst' });
    ids.legacy = await sub('Oude Leverancier', 'CN', {});
    ids.australia = await sub('Archief Pty', 'AU', { transferMechanism: 'scc', sccModule: 3, sccVersion: '2021/914' });

    const link = (subProcessorId: string, agreementId: string, status?: 'pending_objection' | 'authorized', decidedAt?: string) =>
      seedSubProcessorLink(db, { subProcessorId, agreementId, status, decidedAt });
    await link(ids.us, ids.webshop);
    await link(ids.india, ids.webshop);
    await link(ids.india, ids.mail);
    await link(ids.germany, ids.webshop);
    await link(ids.southAfrica, ids.mail);
    await link(ids.swiss, ids.pharmacyAgreement);
    await link(ids.legacy, ids.pharmacyAgreement);
    await link(ids.singapore, ids.pharmacyAgreement, 'pending_objection');
    await link(ids.australia, ids.formerAgreement, 'authorized', '2024-02-01T00:00:00Z');
  });

  afterAll(async () => {
    await t.close();
  });

  const record = async (query = '', key = officer) => {
    const res = await t.as(key).get(`${RECORD}${query}`);
    expect(res.status).toBe(200);
    return res;
  };
  const json = async (query = '', key = officer) => (await record(query, key)).body as RecordBody;
  const section = (body: RecordBody, processorId: string) => {
    const found = body.sections.find((s) => s.processor.id === processorId);
    if (!found) throw new Error(`no section for ${processorId}`);
    return found;
  };
  const entry = (s: Section, controllerId: string) => {
    const found = s.controllers.find((c) => c.id === controllerId);
    if (!found) throw new Error(`no controller ${controllerId} in ${s.processor.name}`);
    return found;
  };

  describe('JSON (the default), now', () => {
    it('is dated by the clock, in Dutch, with one section per processor by name, the processor as its author', async () => {
      const res = await record();
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-language']).toBe('nl');
      const body = res.body as RecordBody;
      expect(body).toMatchObject({
        title: 'Register van verwerkingsactiviteiten van de verwerker (art. 30 lid 2 AVG)',
        language: 'nl',
        generatedAt: NOW,
        period: { at: NOW },
        processorId: null,
        controllerId: null,
      });
      expect(body.sections.map((s) => s.processor.name)).toEqual(['Hosting Noord BV', 'Tweede Host BV']);
      expect(section(body, ids.host)).toMatchObject({
        processor: {
          id: ids.host,
          name: 'Hosting Noord BV',
          country: 'NL',
          kvkNumber: '12345678',
          contactEmail: 'privacy@hostingnoord.example',
          dpo: { name: 'Fleur Bakker', email: 'fg@hostingnoord.example' },
        },
        securityMeasures: ['Versleutelde opslag (AES-256)', 'Inloggen met twee factoren, ook voor beheerders'],
      });
    });

    it('lists every controller with an agreement in force — terminating included — by name, and none whose agreement ended or has not started', async () => {
      const host = section(await json(), ids.host);
      expect(host.controllers.map((c) => c.name)).toEqual(['Apotheek West', 'Bakkerij "De Korenaar", Jansen', 'Opzegging BV']);
      expect(host.controllers.map((c) => c.id)).not.toContain(ids.former);
      expect(host.controllers.map((c) => c.id)).not.toContain(ids.future);
    });

    it('gives each controller its contact and DPO, and the categories of processing of its agreements, each value once', async () => {
      const bakery = entry(section(await json(), ids.host), ids.bakery);
      expect(bakery).toMatchObject({
        name: 'Bakkerij "De Korenaar", Jansen',
        country: 'NL',
        kvkNumber: '87654321',
        contactEmail: 'info@korenaar.example',
        dpo: { name: 'Jan de Vries', email: 'fg@korenaar.example' },
        processing: {
          purposes: ['e-mail', 'hosting van de webwinkel'],
          dataCategories: ['bestelgeschiedenis', 'e-mailadres', 'inhoud van e-mail', 'naam'],
          dataSubjectCategories: ['klanten', 'medewerkers'],
          specialCategories: ['gezondheid (allergieën)'],
        },
      });
      expect(bakery.agreements.map((a) => a.reference).sort()).toEqual([refs.webshop, refs.mail].sort());
      const pharmacy = entry(section(await json(), ids.host), ids.pharmacy);
      expect(pharmacy).toMatchObject({ contactEmail: 'west@apotheek.example', dpo: { name: null, email: null }, processing: { purposes: ['hosting van het patiëntenportaal'], specialCategories: [] } });
    });

    it('per processor: a controller served by two processors appears in each section with that processor’s agreements only', async () => {
      const second = section(await json(), ids.second);
      expect(second.controllers.map((c) => c.id)).toEqual([ids.bakery]);
      expect(second.controllers[0].agreements.map((a) => a.reference)).toEqual([refs.secondHost]);
      expect(second.controllers[0].processing.purposes).toEqual(['back-up']);
      expect(second.controllers[0].transfers).toEqual([]);
    });

    it('shows every authorised sub-processor outside the EEA as a transfer with its documented safeguard, and none inside it or not yet authorised', async () => {
      const host = section(await json(), ids.host);
      const bakery = entry(host, ids.bakery);
      expect(bakery.transfers.map((x) => x.subProcessor.name)).toEqual(['Cloud Inc', 'Incident Desk', 'Support Pvt Ltd']);
      const byName = (c: ControllerEntry, name: string) => c.transfers.find((x) => x.subProcessor.name === name)!;
      expect(byName(bakery, 'Cloud Inc')).toMatchObject({
        subProcessor: { id: ids.us, service: 'Cloud Inc service' },
        country: 'US',
        countryName: 'Verenigde Staten',
        agreementReferences: [refs.webshop],
        safeguard: {
          mechanism: 'adequacy',
          adequacyDecision: { reference: 'Commission Implementing Decision (EU) 2023/1795 (EU–US Data Privacy Framework)', adoptedOn: '2023-07-10' },
          dpfCertified: true,
          dpfCheckedAt: '2026-01-05T09:00:00.000Z',
          issue: null,
        },
      });
      expect(byName(bakery, 'Cloud Inc').safeguard.description).toContain('gecertificeerd onder het EU-VS Data Privacy Framework, gecontroleerd op 05-01-2026');
      // Authorised for both of the bakery's agreements: one transfer naming both.
      expect(byName(bakery, 'Support Pvt Ltd')).toMatchObject({ country: 'IN', safeguard: { mechanism: 'scc', sccModule: 3, sccVersion: '2021/914', adequacyDecision: null, issue: null } });
      expect(byName(bakery, 'Support Pvt Ltd').agreementReferences.sort()).toEqual([refs.webshop, refs.mail].sort());
      expect(byName(bakery, 'Support Pvt Ltd').safeguard.description).toBe('standaardcontractbepalingen (art. 46 lid 2 onder c AVG), Uitvoeringsbesluit (EU) 2021/914, module 3');
      expect(byName(bakery, 'Incident Desk').safeguard).toMatchObject({ mechanism: 'derogation', derogationJustification: 'art. 49(1)(b): eenmalige overdracht voor de uitvoering van de overeenkomst' });

      const pharmacy = entry(host, ids.pharmacy);
      expect(pharmacy.transfers.map((x) => x.subProcessor.name)).toEqual(['Mail Filter AG', 'Oude Leverancier']);
      expect(byName(pharmacy, 'Mail Filter AG').safeguard).toMatchObject({ mechanism: 'adequacy', adequacyDecision: { reference: 'Commission Decision 2000/518/EC' } });
      // A row from before the transfer rules, without a mechanism: shown, and shown as lacking one.
      expect(byName(pharmacy, 'Oude Leverancier').safeguard).toMatchObject({ mechanism: null, issue: expect.stringContaining('outside the EEA') });
      expect(byName(pharmacy, 'Oude Leverancier').safeguard.description).toMatch(/^geen doorgiftemechanisme vastgelegd — ONVOLLEDIG/);

      const listed = new Set(host.controllers.flatMap((c) => c.transfers.map((x) => x.subProcessor.id)));
      expect([...listed].sort()).toEqual([ids.us, ids.india, ids.southAfrica, ids.swiss, ids.legacy].sort());
      expect(listed.has(ids.germany)).toBe(false);
      expect(listed.has(ids.singapore)).toBe(false);
    });

    it('reads what the registry holds now: a change shows in the next record', async () => {
      await t.as(officer).patch(`${API}/controllers/${ids.pharmacy}`).send({ dpoName: 'Piet Apotheker', dpoEmail: 'fg@apotheek.example' }).expect(200);
      expect(entry(section(await json(), ids.host), ids.pharmacy).dpo).toEqual({ name: 'Piet Apotheker', email: 'fg@apotheek.example' });
      const cleared = await t.as(officer).patch(`${API}/controllers/${ids.pharmacy}`).send({ dpoName: null, dpoEmail: null }).expect(200);
      expect(cleared.body).toMatchObject({ dpoName: null, dpoEmail: null });
    });

    it('is open to the auditor, not to a reporter', async () => {
      await json('', auditor);
      const reporter = await t.keyFor('reporter', ids.host);
      expect((await t.as(reporter).get(RECORD)).status).toBe(403);
    });
  });

  describe('an asked-for period', () => {
    it('covers the agreements in force at any moment of [from, to): an ended agreement’s controller appears for a period before its end, with its transfers then', async () => {
      const body = await json('?from=2025-06-01T00:00:00%2B02:00&to=2025-07-01T00:00:00%2B02:00');
      expect(body.period).toEqual({ from: '2025-05-31T22:00:00.000Z', to: '2025-06-30T22:00:00.000Z' });
      const host = section(body, ids.host);
      expect(host.controllers.map((c) => c.name)).toEqual(['Apotheek West', 'Bakkerij "De Korenaar", Jansen', 'Opzegging BV', 'Oud Klant BV']);
      expect(entry(host, ids.former)).toMatchObject({
        contactEmail: 'oud@klant.example',
        agreements: [{ id: ids.formerAgreement, effectiveFrom: '2024-01-01T00:00:00.000Z', endsAt: '2026-01-01T00:00:00.000Z' }],
        transfers: [{ subProcessor: { id: ids.australia }, country: 'AU', countryName: 'Australië', safeguard: { mechanism: 'scc', sccModule: 3 } }],
      });
    });

    it('excludes an agreement from the instant it ends, and includes one from the instant it starts', async () => {
      const endedAtStart = section(await json('?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z'), ids.host);
      expect(endedAtStart.controllers.map((c) => c.id)).not.toContain(ids.former);
      const lastMillisecond = section(await json('?from=2025-12-31T23:59:59.999Z&to=2026-02-01T00:00:00Z'), ids.host);
      expect(lastMillisecond.controllers.map((c) => c.id)).toContain(ids.former);
      const coming = section(await json('?from=2026-05-31T00:00:00Z&to=2026-06-01T00:00:00.001Z'), ids.host);
      expect(coming.controllers.map((c) => c.id)).toContain(ids.future);
      // Terminating until 1 May 2026: gone for a period after that.
      expect(coming.controllers.map((c) => c.id)).not.toContain(ids.leaving);
      const beforeIt = section(await json('?from=2026-05-01T00:00:00Z&to=2026-06-01T00:00:00Z'), ids.host);
      expect(beforeIt.controllers.map((c) => c.id)).not.toContain(ids.future);
    });

    it('counts a sub-processor authorised only after the period as no transfer in it', async () => {
      const body = await json('?from=2019-06-01T00:00:00Z&to=2020-01-01T00:00:00.001Z');
      const bakery = entry(section(body, ids.host), ids.bakery);
      // The links were authorised on 2 January 2020, after this period.
      expect(bakery.transfers).toEqual([]);
    });

    it('answers the rule and its SQL twin alike on Postgres', async () => {
      const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
      const cases: { effectiveFrom: Date; endsAt: Date | null; terminationEffectiveAt: Date | null; from: Date; to: Date }[] = [];
      for (const start of [0, 5, 10])
        for (const end of [null, 3, 5, 8, 12])
          for (const termination of [null, 6, 9])
            for (const [from, to] of [
              [0, 2],
              [4, 6],
              [5, 6],
              [7, 8],
              [9, 20],
              [12, 13],
              [2, 5],
            ]) {
              cases.push({ effectiveFrom: day(start), endsAt: end === null ? null : day(end), terminationEffectiveAt: termination === null ? null : day(termination), from: day(from), to: day(to) });
            }
      const rows = await t.dataSource.query<{ i: number; during: boolean }[]>(
        `SELECT c.i, ${inForceDuringSql('c', 'c."from"', 'c."to"')} AS during
           FROM jsonb_to_recordset($1::jsonb) AS c(i int, effective_from timestamptz, ends_at timestamptz, termination_effective_at timestamptz, "from" timestamptz, "to" timestamptz)
          ORDER BY c.i`,
        [JSON.stringify(cases.map((c, i) => ({ i, effective_from: c.effectiveFrom, ends_at: c.endsAt, termination_effective_at: c.terminationEffectiveAt, from: c.from, to: c.to })))],
      );
      expect(rows.map((r) => r.during)).toEqual(cases.map((c) => isInForceDuring(c, c.from, c.to)));
      expect(rows.filter((r) => r.during).length).toBeGreaterThan(0);
      expect(rows.filter((r) => !r.during).length).toBeGreaterThan(0);
    });
  });

  describe('languages', () => {
    it('is English with ?lang=en or Accept-Language: en, and ?lang wins', async () => {
      const en = await json('?lang=en');
      expect(en).toMatchObject({ title: 'Record of processing activities of the processor (Art. 30(2) GDPR)', language: 'en' });
      const transfer = entry(section(en, ids.host), ids.bakery).transfers.find((x) => x.country === 'IN')!;
      expect(transfer.countryName).toBe('India');
      expect(transfer.safeguard.description).toBe('standard contractual clauses (Art. 46(2)(c) GDPR), Implementing Decision (EU) 2021/914, module 3');
      const header = await t.as(officer).get(RECORD).set('accept-language', 'en-GB,en;q=0.8');
      expect(header.body).toMatchObject({ language: 'en' });
      expect(header.headers['content-language']).toBe('en');
      const query = await t.as(officer).get(`${RECORD}?lang=nl`).set('accept-language', 'en');
      expect(query.body).toMatchObject({ language: 'nl' });
    });
  });

  describe('CSV', () => {
    it('is UTF-8 with a byte-order mark, RFC 4180, one row per controller with the processor, Dutch headers', async () => {
      const res = await t.as(officer).get(`${RECORD}?format=csv`).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="verwerkingsregister-2026-03-10.csv"');
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(bytes.subarray(3).toString('utf8'));
      const [header, ...lines] = rows;
      expect(header[0]).toBe('Opgemaakt op');
      expect(header).toContain('Verwerkingsverantwoordelijke FG naam');
      expect(rows.every((r) => r.length === header.length)).toBe(true);
      const column = (name: string) => header.indexOf(name);
      expect(lines.map((l) => [l[column('Verwerker')], l[column('Verwerkingsverantwoordelijke')]])).toEqual([
        ['Hosting Noord BV', 'Apotheek West'],
        ['Hosting Noord BV', 'Bakkerij "De Korenaar", Jansen'],
        ['Hosting Noord BV', 'Opzegging BV'],
        ['Tweede Host BV', 'Bakkerij "De Korenaar", Jansen'],
      ]);
      const bakery = lines[1];
      expect(bakery[column('Opgemaakt op')]).toBe(NOW);
      expect(bakery[column('Verwerker FG naam')]).toBe('Fleur Bakker');
      expect(bakery[column('Beveiligingsmaatregelen')]).toBe('Versleutelde opslag (AES-256)\nInloggen met twee factoren, ook voor beheerders');
      expect(bakery[column('Verwerkingsverantwoordelijke FG naam')]).toBe('Jan de Vries');
      expect(bakery[column('Categorieën persoonsgegevens')]).toBe('bestelgeschiedenis; e-mailadres; inhoud van e-mail; naam');
      expect(bakery[column('Bijzondere persoonsgegevens')]).toBe('gezondheid (allergieën)');
      const transfers = bakery[column('Doorgiften naar derde landen')].split('\n');
      expect(transfers).toHaveLength(3);
      expect(transfers[0]).toMatch(/^Cloud Inc \(Cloud Inc service\), Verenigde Staten \(US\): adequaatheidsbesluit/);
    });

    it('has English headers with lang=en, and a row for a processor with no controllers in the period', async () => {
      const res = await t.as(officer).get(`${RECORD}?format=csv&lang=en&from=2010-01-01T00:00:00Z&to=2011-01-01T00:00:00Z`).buffer(true).parse(binary);
      expect(res.headers['content-disposition']).toBe('attachment; filename="record-of-processing-2026-03-10.csv"');
      const [header, ...lines] = parseCsv((res.body as Buffer).subarray(3).toString('utf8'));
      expect(header.slice(0, 3)).toEqual(['Generated at', 'Period', 'Processor']);
      expect(lines.every((l) => l.length === header.length)).toBe(true);
      expect(lines.map((l) => [l[2], l[header.indexOf('Controller')]])).toEqual([
        ['Hosting Noord BV', ''],
        ['Tweede Host BV', ''],
      ]);
      expect(lines[0][1]).toBe('in force between 01-01-2010 01:00 (Europe/Amsterdam) and 01-01-2011 01:00 (Europe/Amsterdam)');
    });
  });

  describe('PDF', () => {
    it('is a whole PDF document, titled in the record’s language', async () => {
      for (const [lang, title, file] of [
        ['nl', 'Register van verwerkingsactiviteiten van de verwerker (art. 30 lid 2 AVG)', 'verwerkingsregister-2026-03-10.pdf'],
        ['en', 'Record of processing activities of the processor (Art. 30(2) GDPR)', 'record-of-processing-2026-03-10.pdf'],
      ]) {
        const res = await t.as(officer).get(`${RECORD}?format=pdf&lang=${lang}`).buffer(true).parse(binary);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.headers['content-disposition']).toBe(`attachment; filename="${file}"`);
        const pdf = res.body as Buffer;
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const read = readPdf(pdf);
        expect(read.title).toBe(title);
        expect(read.pages).toBeGreaterThanOrEqual(1);
      }
    });
  });

  describe('filters and refusals', () => {
    it('gives one controller with controllerId, in every processor’s section', async () => {
      const body = await json(`?controllerId=${ids.bakery}`);
      expect(body.controllerId).toBe(ids.bakery);
      expect(body.sections.map((s) => s.controllers.map((c) => c.id))).toEqual([[ids.bakery], [ids.bakery]]);
      expect(section(body, ids.host).controllers[0].agreements).toHaveLength(2);
    });

    it('gives one processor’s record with processorId', async () => {
      const body = await json(`?processorId=${ids.second}`);
      expect(body.sections.map((s) => s.processor.id)).toEqual([ids.second]);
    });

    it('refuses an unknown controller or processor with 422 naming the field', async () => {
      for (const field of ['controllerId', 'processorId']) {
        const res = await t.as(officer).get(`${RECORD}?${field}=${UNKNOWN_ID}`);
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ type: '/problems/missing-reference' });
        expect(fields(res.body)).toEqual([field]);
      }
    });

    it.each([
      ['format=xml', 'format'],
      ['format=json&format=csv', 'format'],
      ['lang=de', 'lang'],
      ['controllerId=bakery', 'controllerId'],
      ['processorId=1', 'processorId'],
      ['from=2026-01-01T00:00:00Z', 'to'],
      ['to=2026-01-01T00:00:00Z', 'from'],
      ['from=2026-01-01T00:00:00&to=2026-02-01T00:00:00Z', 'from'],
      ['from=2026-02-01T00:00:00Z&to=2026-02-01T00:00:00Z', 'to'],
      ['from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z', 'to'],
      ['from=yesterday&to=2026-02-01T00:00:00Z', 'from'],
      ['page=2', 'page'],
    ])('refuses ?%s with 400 naming %s', async (query, field) => {
      const res = await t.as(officer).get(`${RECORD}?${query}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(fields(res.body)).toEqual([field]);
    });
  });

  describe('streaming', () => {
    let big: string;
    let bigNames: string[];

    beforeAll(async () => {
      // More controllers than one FETCH holds, so the record is read in several batches.
      big = await createProcessor(t, officer, { name: 'Zware Host BV' });
      bigNames = Array.from({ length: 1_234 }, (_, i) => `Klant ${String(i).padStart(5, '0')}`);
      const controllers = await seedControllers(t.dataSource, bigNames.length, (i) => ({ name: bigNames[i], contactEmail: `klant${i}@example.nl` }));
      await seedAgreements(
        t.dataSource,
        controllers.flatMap((controllerId) => [
          { controllerId, processorId: big },
          { controllerId, processorId: big, effectiveFrom: '2021-01-01T00:00:00Z' },
        ]),
      );
    });

    it('reads every controller, in order, across cursor batches', async () => {
      const body = await json(`?processorId=${big}`);
      const names = body.sections[0].controllers.map((c) => c.name);
      expect(names).toEqual(bigNames);
      expect(body.sections[0].controllers.every((c) => c.agreements.length === 2)).toBe(true);
    });

    const port = async () => {
      const server = t.app.getHttpServer();
      if (!server.listening) await t.app.listen(0, '127.0.0.1');
      return (server.address() as AddressInfo).port;
    };

    /**
     * Holds the record at a known point: a lock on a table only the controllers' cursor reads
     * makes its DECLARE wait, after the first bytes (the head) went out.
     */
    async function withCursorBlocked<T>(fn: () => Promise<T>): Promise<T> {
      const locker = new Client({ connectionString: databaseUrl(t.databaseName) });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE sub_processors IN ACCESS EXCLUSIVE MODE');
        return await fn();
      } finally {
        await locker.query('ROLLBACK').catch(() => undefined);
        await locker.end();
      }
    }

    const waitingCursor = () =>
      waitFor('the record’s cursor to wait on the lock', async () => {
        const [row] = await t.dataSource.query<{ pid: number }[]>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'DECLARE record_controllers_%'`,
        );
        return row?.pid;
      });

    /** Starts a GET and resolves with the response once its first bytes arrived. */
    async function firstBytes(path: string) {
      const request = http.get({ host: '127.0.0.1', port: await port(), path, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      const response = await new Promise<http.IncomingMessage>((resolve, reject) => request.once('response', resolve).once('error', reject));
      expect(response.statusCode).toBe(200);
      await new Promise((resolve) => response.once('data', resolve));
      return { request, response };
    }

    const sessionsOfRecord = async () =>
      (
        await t.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND (state = 'idle in transaction' OR query LIKE 'DECLARE record_controllers_%' AND state = 'active')`,
        )
      )[0].n;

    it.each(['csv', 'json', 'pdf'])('ends the snapshot and frees its connection when the client of a %s record goes away halfway', async (format) => {
      await withCursorBlocked(async () => {
        const { request } = await firstBytes(`${RECORD}?processorId=${big}&format=${format}`);
        await waitingCursor();
        request.destroy();
      });
      await waitFor('the record’s transaction to end', async () => ((await sessionsOfRecord()) === 0 ? true : undefined), 10_000);
      await json(`?processorId=${ids.second}`);
    });

    it('cuts the response short, rather than ending it as if whole, when the database fails halfway', async () => {
      const outcome = await withCursorBlocked(async () => {
        const { response } = await firstBytes(`${RECORD}?processorId=${big}&format=csv`);
        const ended = new Promise<{ complete: boolean }>((resolve) => {
          response.on('data', () => undefined);
          response.once('end', () => resolve({ complete: response.complete }));
          response.once('error', () => resolve({ complete: response.complete }));
          response.once('aborted', () => resolve({ complete: false }));
        });
        await t.dataSource.query('SELECT pg_terminate_backend($1)', [await waitingCursor()]);
        return ended;
      });
      expect(outcome.complete).toBe(false);
      await waitFor('the record’s transaction to end', async () => ((await sessionsOfRecord()) === 0 ? true : undefined), 10_000);
      // The service answers the next request, on a healthy connection.
      await json(`?processorId=${ids.second}`);
    });
  });
});
