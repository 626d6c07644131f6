// Callbacks passed to page.evaluate run in the browser, with its DOM.
/// <reference lib="dom" />
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { incidentBody, seedAgreement, seedController, seedProcessor } from './factories';
import { startAppInBrowser, pathOf, screenshot, signInWith, submit, TestBrowser, textOf } from './utils/browser';
import { waitFor } from './utils/wait-for';
import { TestApp } from './utils/test-app';

jest.setTimeout(120_000);

/** The dashboard in a real browser (Debian's chromium, driven by puppeteer-core), against the real app. */
describe('dashboard in a browser', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let baseUrl: string;
  let officer: string;
  let auditor: string;
  let incidentId: string;

  beforeAll(async () => {
    ({ t, browser, baseUrl } = await startAppInBrowser());
    officer = await t.keyFor('officer');
    auditor = await t.keyFor('auditor');
    const processorId = await seedProcessor(t.dataSource, { name: 'Hosting BV' });
    const controllerId = await seedController(t.dataSource, { name: 'Bakkerij De Korenaar' });
    await seedAgreement(t.dataSource, { controllerId, processorId, breachNotificationHours: 24 });
    const res = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(incidentBody({ processorId, affectedControllerIds: [controllerId], title: 'Ransomware op de fileserver' }));
    expect(res.status).toBe(201);
    incidentId = (res.body as { id: string }).id;
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in with a key, shows the breach clock on Today, and signs out', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await screenshot(page, 'sign-in');
    await signInWith(page, baseUrl, officer);
    expect(pathOf(page)).toBe('/');
    await screenshot(page, 'today');
    const table = await textOf(page, '#main table');
    expect(table).toContain('Melding aan verwerkingsverantwoordelijke');
    expect(table).toContain('Ransomware op de fileserver');
    expect(table).toContain('Bakkerij De Korenaar');

    await submit(page, 'form[action="/sign-out"] button');
    expect(pathOf(page)).toBe('/sign-in');
    await page.goto(`${baseUrl}/`);
    expect(pathOf(page)).toBe('/sign-in');
  });

  it('opens a breach from the register, records a notification, and downloads the AP draft as a PDF', async () => {
    const page = await browser.newPage();
    await signInWith(page, baseUrl, officer);
    await page.goto(`${baseUrl}/breaches`);
    await screenshot(page, 'breaches');
    await submit(page, `a[href="/breaches/${incidentId}"]`);
    expect(pathOf(page)).toBe(`/breaches/${incidentId}`);
    await screenshot(page, 'breach');

    // A controller notification that names no controller is refused by the service, with its message beside the field.
    await page.select('#notification-kind', 'controller_notification');
    await submit(page, '#notification-title ~ button[type=submit]');
    expect(await page.$eval('#notification-controllerId', (el) => el.getAttribute('aria-invalid'))).toBe('true');
    expect(await textOf(page, '#notification-controllerId-error')).toContain('controllerId');
    await screenshot(page, 'breach-form-refused');

    const controllerOption = await page.$eval('#notification-controllerId option:nth-child(2)', (el) => el.getAttribute('value'));
    await page.select('#notification-controllerId', controllerOption!);
    await page.type('#notification-channel', 'e-mail aan privacy@bakkerij.example');
    await submit(page, '#notification-title ~ button[type=submit]');
    expect(pathOf(page)).toBe(`/breaches/${incidentId}`);
    expect(await textOf(page, '[role=status]')).toContain('Opgeslagen');
    expect(await textOf(page, '#deadlines + table')).toContain('gehaald');
    expect(await textOf(page, '#notifications + table')).toContain('e-mail aan privacy@bakkerij.example');

    await page.goto(`${baseUrl}/breaches/${incidentId}/authority-draft`);
    await screenshot(page, 'authority-draft');
    const downloads = await mkdtemp(join(tmpdir(), 'pat-downloads-'));
    try {
      const cdp = await page.createCDPSession();
      await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, browserContextId: page.browserContext().id });
      await page.click('a.button[download]');
      const file = await waitFor('the PDF download', async () => (await readdir(downloads)).find((f) => f.endsWith('.pdf')));
      expect(file).toMatch(/^concept-melding-datalek-.+\.pdf$/);
      expect((await readFile(join(downloads, file))).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    } finally {
      await rm(downloads, { recursive: true, force: true });
    }
  });

  it('shows an auditor no form, and refuses one an auditor sends anyway', async () => {
    const page = await browser.newPage();
    await signInWith(page, baseUrl, auditor);
    await page.goto(`${baseUrl}/breaches/${incidentId}?lang=en`);
    await screenshot(page, 'breach-auditor');
    expect(await page.$$('form[action^="/breaches/"]')).toHaveLength(0);
    // The sign-out form carries the session's CSRF token: a form built in the page with it is still not the auditor's to send.
    await page.evaluate((action) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = action;
      form.innerHTML = `<input name="note" value="Aanvulling van een auditor"><button id="forged">send</button>`;
      form.append(document.querySelector('input[name=_csrf]')!.cloneNode());
      document.body.append(form);
    }, `/breaches/${incidentId}/updates`);
    const [response] = await Promise.all([page.waitForNavigation(), page.click('#forged')]);
    expect(response?.status()).toBe(403);
  });

  it('refuses a form whose CSRF token is missing', async () => {
    const page = await browser.newPage();
    await signInWith(page, baseUrl, officer);
    await page.goto(`${baseUrl}/breaches/${incidentId}`);
    await page.evaluate(() => document.querySelectorAll('#update-note ~ input[name=_csrf], form[action$="/updates"] input[name=_csrf]').forEach((el) => el.remove()));
    await page.type('#update-note', 'De back-ups zijn teruggezet.');
    const [response] = await Promise.all([page.waitForNavigation(), page.click('#update-title ~ button[type=submit]')]);
    expect(response?.status()).toBe(403);
    await screenshot(page, 'csrf-refused');
    const timeline = await t.as(officer).get(`/api/v1/incidents/${incidentId}`);
    expect(JSON.stringify(timeline.body)).not.toContain('De back-ups zijn teruggezet.');
  });
});
