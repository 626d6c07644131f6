// Callbacks passed to page.evaluate and $eval run in the browser, with its DOM.
/// <reference lib="dom" />
import type { Page } from 'puppeteer-core';
import { seedAgreement, seedController, seedProcessor, seedSubProcessor } from './factories';
import { startAppInBrowser, pathOf, screenshot, signInWith, submit, TestBrowser, textOf } from './utils/browser';
import { TestApp } from './utils/test-app';

jest.setTimeout(120_000);

/** "Datalek melden" in a real browser: a reporter reports a breach through the form and finds its clock on Today. */
describe('dashboard in a browser: reporting a breach', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let baseUrl: string;
  let reporter: string;
  let officer: string;
  let processorId: string;
  let bakery: string;

  beforeAll(async () => {
    ({ t, browser, baseUrl } = await startAppInBrowser());
    processorId = await seedProcessor(t.dataSource, { name: 'Hosting BV' });
    await seedProcessor(t.dataSource, { name: 'Andere Verwerker BV' });
    bakery = await seedController(t.dataSource, { name: 'Bakkerij De Korenaar' });
    const butcher = await seedController(t.dataSource, { name: 'Slagerij Van Dam' });
    await seedAgreement(t.dataSource, { controllerId: bakery, processorId, breachNotificationHours: 24 });
    await seedAgreement(t.dataSource, { controllerId: butcher, processorId, breachNotificationHours: 48 });
    await seedSubProcessor(t.dataSource, { processorId });
    reporter = await t.keyFor('reporter', processorId);
    officer = await t.keyFor('officer');
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const clear = (page: Page, selector: string) => page.$eval(selector, (el) => ((el as HTMLInputElement).value = ''));

  it('reports a breach from the Breaches page, shows a refusal in Dutch beside its fields, and then its clock on Today', async () => {
    const page = await browser.newPage();
    await signInWith(page, baseUrl, reporter);
    await page.goto(`${baseUrl}/breaches`);
    await screenshot(page, 'report-breaches');
    await submit(page, 'a[href="/breaches/new"]');
    expect(pathOf(page)).toBe('/breaches/new');
    expect(await textOf(page, 'h1')).toBe('Datalek melden');
    await screenshot(page, 'report-form');

    await page.type('#report-title', 'Laptop met klantgegevens gestolen');
    await page.click(`input[name=affectedControllerIds][value="${bakery}"]`);
    await page.type('#report-reporter-name', 'Jan de Melder');
    // Both pass the browser's own checks; the API's DTO refuses them.
    await page.type('#report-reporter-email', 'jan@localhost');
    await page.type('#report-approxDataSubjects', '-5');
    await page.click('input[name=nature][value=confidentiality]');
    await page.type('#report-dataCategories', 'namen\ne-mailadressen');
    await submit(page, 'form[action="/breaches"] button[type=submit]');

    expect(await textOf(page, '[role=alert]')).toContain('Het datalek is niet gemeld.');
    expect(await page.$eval('#report-reporter-email', (el) => el.getAttribute('aria-invalid'))).toBe('true');
    expect(await textOf(page, '#report-reporter-email-error')).toBe('Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.');
    expect(await textOf(page, '#report-approxDataSubjects-error')).toBe('Vul 0 of meer in.');
    expect(await page.$eval('#report-title', (el) => (el as HTMLInputElement).value)).toBe('Laptop met klantgegevens gestolen');
    expect(await page.$eval(`input[name=affectedControllerIds][value="${bakery}"]`, (el) => el.checked)).toBe(true);
    await screenshot(page, 'report-form-refused');

    await clear(page, '#report-reporter-email');
    await page.type('#report-reporter-email', 'jan@hosting.example');
    await clear(page, '#report-approxDataSubjects');
    await page.type('#report-approxDataSubjects', '120');
    await submit(page, 'form[action="/breaches"] button[type=submit]');

    expect(pathOf(page)).toMatch(/^\/breaches\/[0-9a-f-]{36}$/);
    expect(await textOf(page, '[role=status]')).toContain('Het datalek is gemeld');
    expect(await textOf(page, 'h1')).toBe('Laptop met klantgegevens gestolen');
    expect(await textOf(page, '#deadlines + table')).toContain('Bakkerij De Korenaar');
    await screenshot(page, 'report-reported');

    await page.goto(`${baseUrl}/`);
    const today = await textOf(page, '#main table');
    expect(today).toContain('Laptop met klantgegevens gestolen');
    expect(today).toContain('Melding aan verwerkingsverantwoordelijke');
    expect(today).toContain('Bakkerij De Korenaar');
    expect(today).not.toContain('Slagerij Van Dam');
  });

  it('lets an officer choose the processor first, in English too', async () => {
    const page = await browser.newPage();
    await signInWith(page, baseUrl, officer);
    await page.goto(`${baseUrl}/breaches/new?lang=en`);
    expect(await textOf(page, 'h2')).toBe('Which processor are you reporting for?');
    await screenshot(page, 'report-choose-processor');
    await page.select('#choose-processorId', processorId);
    await submit(page, 'form[action="/breaches/new"] button[type=submit]');
    expect(await textOf(page, '#report-heading + p')).toContain('Hosting BV');
    expect(await textOf(page, '#report-affectedControllerIds legend')).toBe('Controllers affected');
  });
});
