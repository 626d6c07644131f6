import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { incidentBody, seedAgreement, seedController, seedProcessor } from './factories';
import { launchBrowser, signInWith, TestBrowser } from './utils/browser';
import { startTestApp, TestApp } from './utils/test-app';

jest.setTimeout(120_000);

/** The dashboard in a real browser (Debian's chromium, driven by puppeteer-core), against the real app. */
describe('dashboard in a browser', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let baseUrl: string;
  let officer: string;

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
    browser = await launchBrowser();
    officer = await t.keyFor('officer');
    const processorId = await seedProcessor(t.dataSource, { name: 'Hosting BV' });
    const controllerId = await seedController(t.dataSource, { name: 'Bakkerij De Korenaar' });
    await seedAgreement(t.dataSource, { controllerId, processorId, breachNotificationHours: 24 });
    const res = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(incidentBody({ processorId, affectedControllerIds: [controllerId], title: 'Ransomware op de fileserver' }));
    expect(res.status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** With DASHBOARD_SCREENSHOTS=<dir>, each view is kept as a PNG there, to look at. */
  async function screenshot(page: Page, name: string): Promise<void> {
    const dir = process.env.DASHBOARD_SCREENSHOTS;
    if (!dir) return;
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  }

  const textOf = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');

  it('signs in with a key, shows the breach clock on Today, and signs out', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await screenshot(page, 'sign-in');
    await signInWith(page, baseUrl, officer);
    expect(new URL(page.url()).pathname).toBe('/');
    await screenshot(page, 'today');
    const table = await textOf(page, '#main table');
    expect(table).toContain('Melding aan verwerkingsverantwoordelijke');
    expect(table).toContain('Ransomware op de fileserver');
    expect(table).toContain('Bakkerij De Korenaar');

    await Promise.all([page.waitForNavigation(), page.click('form[action="/sign-out"] button')]);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.goto(`${baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});
