import request from 'supertest';
import { AgreementsService } from '../src/agreements/agreements.service';
import { DashboardSession, signIn } from './utils/dashboard';
import { seedRegistryViews } from './utils/registry-views';
import { startTestApp, TestApp } from './utils/test-app';

jest.setTimeout(60_000);

const EVIL = '<script>alert(1)</script>';

/** The registry's views of the dashboard over HTTP with a session cookie: what each shows, to whom, escaped. */
describe('dashboard views: agreements, sub-processors, requests, retention, audit', () => {
  let t: TestApp;
  let officer: DashboardSession;
  let auditor: DashboardSession;
  let reporter: DashboardSession;
  let agreementId: string;
  let completeAgreementId: string;
  let terminatedAgreementId: string;
  let requestId: string;
  let runId: string;
  let processorId: string;
  const server = () => t.app.getHttpServer();
  const get = (session: DashboardSession, path: string) => request(server()).get(path).set('cookie', session.cookie);

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    const officerKey = await t.keyFor('officer');
    ({ agreementId, completeAgreementId, terminatedAgreementId, requestId, runId, processorId } = await seedRegistryViews(t, officerKey, EVIL));
    officer = await signIn(t, officerKey);
    auditor = await signIn(t, await t.keyFor('auditor'));
    reporter = await signIn(t, await t.keyFor('reporter', processorId));
  });

  afterAll(() => t.close());

  /** Nothing typed into the registry becomes markup: the name shows as text, never as a tag. */
  function expectEscaped(page: string): void {
    expect(page).not.toContain(EVIL);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  }

  describe('agreements', () => {
    /** The filtered list, below the portfolio's gaps (which always cover every agreement in force). */
    const listOf = (page: string) => page.slice(page.indexOf('id="list"'));

    it('shows the portfolio with its Art. 28(3) gaps and every agreement, escaped', async () => {
      const res = await get(officer, '/agreements');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('Ontbrekend per onderdeel van art. 28(3)');
      expect(res.text).toContain('(c) beveiligingsmaatregelen (art. 32)');
      expect(res.text).toContain(`href="/agreements/${agreementId}"`);
      expect(res.text).toContain('VO-COMPLEET');
      expect(res.text).toContain('Slagerij Van Dam');
      expectEscaped(res.text);
      expect(res.text).toContain('aria-current="page"');
    });

    it('counts the gaps in Postgres as the API counts them, naming the first agreements by reference', async () => {
      const agreements = t.app.get(AgreementsService);
      const full = await agreements.gaps({});
      for (const examples of [1, 2, 5]) {
        const summary = await agreements.gapSummary(examples);
        expect(summary.agreementsChecked).toBe(full.agreementsChecked);
        expect(summary.agreementsWithGaps).toBe(full.agreementsWithGaps);
        expect(summary.gaps).toEqual(full.gaps.map((g) => ({ ...g, agreements: g.agreements.slice(0, examples).map(({ status: _status, ...a }) => a) })));
        expect(summary.gaps.find((g) => g.obligation === 'c')).toMatchObject({ count: 2 });
      }
    });

    it('filters on gaps, on status and on the day an agreement ends, as the API does', async () => {
      const complete = await get(officer, '/agreements?hasGaps=false&lang=en');
      expect(complete.status).toBe(200);
      expect(listOf(complete.text)).toContain('VO-COMPLEET');
      expect(listOf(complete.text)).not.toContain(`href="/agreements/${agreementId}"`);
      const terminating = await get(officer, '/agreements?status=terminating');
      expect(listOf(terminating.text)).toContain('VO-OPGEZEGD');
      expect(listOf(terminating.text)).not.toContain('VO-COMPLEET');
      const soon = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
      const ending = await get(officer, `/agreements?endingBefore=${soon}`);
      expect(listOf(ending.text)).toContain('VO-OPGEZEGD');
      expect(listOf(ending.text)).not.toContain('VO-COMPLEET');
      const later = await get(officer, `/agreements?endingBefore=${new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)}`);
      expect(listOf(later.text)).not.toContain('VO-OPGEZEGD');
      const wrong = await get(officer, '/agreements?hasGaps=maybe');
      expect(wrong.status).toBe(400);
      expect(wrong.text).toContain('hasGaps');
    });

    it('shows one agreement with its terms, gaps, the objected sub-processor and the clocks', async () => {
      const res = await get(officer, `/agreements/${agreementId}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('Art. 28(3): wat de overeenkomst regelt');
      expect(res.text).toContain('bezwaar gemaakt');
      expect(res.text).toContain('Verenigde Staten');
      expect(res.text).toContain('Bezwaartermijn subverwerker');
      expect(res.text).toContain('hosting of the webshop');
      expect(res.text).not.toContain('deletion-certificate.pdf');
      expectEscaped(res.text);
      const other = await get(officer, `/agreements/${completeAgreementId}?lang=en`);
      expect(other.text).toContain('objection period running');
      expect(other.text).toContain('may object until');
      expect(other.text).toContain('The agreement covers everything Art. 28(3) asks.');
    });

    it('links a terminated agreement to its certificate of deletion, as a PDF', async () => {
      const res = await get(officer, `/agreements/${terminatedAgreementId}`);
      expect(res.text).toContain(`href="/agreements/${terminatedAgreementId}/deletion-certificate.pdf"`);
      const pdf = await get(auditor, `/agreements/${terminatedAgreementId}/deletion-certificate.pdf`).buffer(true);
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['content-disposition']).toBe('attachment; filename="concept-vernietigingsverklaring-VO-OPGEZEGD.pdf"');
      expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // An agreement in force has nothing to certify: the API's 409, as a page.
      expect((await get(officer, `/agreements/${agreementId}/deletion-certificate.pdf`)).status).toBe(409);
    });

    it('answers an unknown agreement with 404 and a malformed id with 400, as pages', async () => {
      const unknown = await get(officer, '/agreements/00000000-0000-4000-8000-000000000000');
      expect(unknown.status).toBe(404);
      expect(unknown.headers['content-type']).toBe('text/html; charset=utf-8');
      expect((await get(officer, '/agreements/not-an-id')).status).toBe(400);
    });
  });

  describe('sub-processors', () => {
    it('lists each with country, safeguard and the agreements using it, and the open objections', async () => {
      const res = await get(officer, '/sub-processors');
      expect(res.status).toBe(200);
      expect(res.text).toContain('Openstaande bezwaren');
      expect(res.text).toContain('Geen doorgifte naar de VS');
      expect(res.text).toContain('Verenigde Staten');
      expect(res.text).toContain('standaardcontractbepalingen');
      expect(res.text).toContain('module 3');
      expect(res.text).toContain(`href="/agreements/${completeAgreementId}"`);
      expectEscaped(res.text);
      const en = await get(officer, '/sub-processors?lang=en');
      expect(en.text).toContain('standard contractual clauses');
      expect(en.text).toContain('United States');
    });
  });

  describe('requests', () => {
    it('lists requests with their clock in Amsterdam time and filters by status', async () => {
      const res = await get(officer, '/requests');
      expect(res.status).toBe(200);
      expect(res.text).toContain(`href="/requests/${requestId}"`);
      expect(res.text).toContain('Verzoek doorsturen');
      expect(res.text).toMatch(/nog \d+ (d|u)/);
      expectEscaped(res.text);
      const completed = await get(officer, '/requests?status=completed');
      expect(completed.text).not.toContain(`href="/requests/${requestId}"`);
      expect((await get(officer, '/requests?status=lost')).status).toBe(400);
    });

    it('shows one request with its deadline, agreement and steps', async () => {
      const res = await get(officer, `/requests/${requestId}?lang=en`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('Forward the request');
      expect(res.text).toContain(`href="/agreements/${agreementId}"`);
      expect(res.text).toContain('as processor');
      expectEscaped(res.text);
    });
  });

  describe('retention', () => {
    it('shows the policies, the legal hold and the latest sweep with its ledger', async () => {
      const res = await get(officer, '/retention');
      expect(res.status).toBe(200);
      expect(res.text).toContain('Facturen');
      expect(res.text).toContain('7 jaar');
      expect(res.text).toContain('Slagerij Van Dam');
      expect(res.text).toContain(`href="/retention?run=${runId}#ledger"`);
      expect(res.text).toContain('Wisregister van de ronde van');
      expect(res.text).toMatch(/<th scope="row">Facturen<\/th>\s*<td>1<\/td>/);
      expectEscaped(res.text);
      const picked = await get(officer, `/retention?run=${runId}&lang=en`);
      expect(picked.text).toContain('Erasure ledger of the sweep of');
      expect((await get(officer, '/retention?run=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });
  });

  describe('audit', () => {
    it('shows that the chain verifies, and the latest checkpoint', async () => {
      const res = await get(auditor, '/audit');
      expect(res.status).toBe(200);
      expect(res.text).toContain('De keten is intact');
      expect(res.text).toContain('Laatste controlepunt');
      expect(res.text).toMatch(/Regels nagelopen<\/dt>\s*<dd>[1-9]\d*<\/dd>/);
    });
  });

  describe('roles', () => {
    const VIEWS = ['/agreements', '/sub-processors', '/requests', '/retention', '/audit'];

    it('lets the auditor read every view, without a form that changes anything', async () => {
      for (const path of [...VIEWS, `/agreements/${agreementId}`, `/requests/${requestId}`]) {
        const res = await get(auditor, path);
        expect([path, res.status]).toEqual([path, 200]);
        expect(res.text.match(/<form method="post"/g)).toEqual(['<form method="post"']);
      }
    });

    it("refuses the reporter, who sees only its processor's breaches, and leaves these views out of its menu", async () => {
      for (const path of [...VIEWS, `/agreements/${agreementId}`, `/requests/${requestId}`, `/agreements/${terminatedAgreementId}/deletion-certificate.pdf`]) {
        expect([path, (await get(reporter, path)).status]).toEqual([path, 403]);
      }
      const today = await get(reporter, '/');
      for (const path of VIEWS) expect(today.text).not.toContain(`href="${path}"`);
      const officerToday = await get(officer, '/');
      for (const path of VIEWS) expect(officerToday.text).toContain(`href="${path}"`);
    });

    it('sends a browser without a session to sign in first', async () => {
      const res = await request(server()).get('/retention');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/sign-in?next=%2Fretention');
    });
  });
});
