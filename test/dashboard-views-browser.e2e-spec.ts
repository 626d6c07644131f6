// Callbacks passed to page.evaluate run in the browser, with its DOM.
/// <reference lib="dom" />
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { startAppInBrowser, pathOf, signInWith, submit, TestBrowser } from './utils/browser';
import { RegistryViews, seedRegistryViews } from './utils/registry-views';
import { TestApp } from './utils/test-app';

jest.setTimeout(120_000);

const EVIL = '<img src=x onerror="document.title=\'owned\'">';

/** The registry's views in a real browser: each one reached from the menu, read by the keyboard, and kept as a screenshot. */
describe('dashboard views in a browser', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let baseUrl: string;
  let officer: string;
  let seeded: RegistryViews;
  let shots: string;

  beforeAll(async () => {
    ({ t, browser, baseUrl } = await startAppInBrowser());
    officer = await t.keyFor('officer');
    seeded = await seedRegistryViews(t, officer, EVIL);
    // DASHBOARD_SCREENSHOTS keeps them to look at; otherwise a temporary directory, removed afterwards.
    shots = process.env.DASHBOARD_SCREENSHOTS ?? (await mkdtemp(join(tmpdir(), 'pat-views-')));
    await mkdir(shots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (shots && !process.env.DASHBOARD_SCREENSHOTS) await rm(shots, { recursive: true, force: true });
  });

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  }

  /** What a screen reader and a keyboard rely on: one h1, every table named with its column headers scoped, the skip link first. */
  async function expectAccessible(page: Page): Promise<void> {
    const facts = await page.evaluate(() => ({
      h1: document.querySelectorAll('h1').length,
      landmarks: ['header', 'nav', 'main'].every((tag) => document.querySelector(tag) !== null),
      unnamedTables: Array.from(document.querySelectorAll('table')).filter((table) => !table.getAttribute('aria-label') && !table.getAttribute('aria-labelledby') && !table.querySelector('caption')).length,
      unscopedHeaders: document.querySelectorAll('thead th:not([scope="col"])').length,
      unlabelledControls: Array.from(document.querySelectorAll('main select, main input:not([type=hidden])')).filter((el) => !document.querySelector(`label[for="${el.id}"]`)).length,
      // The injected handler would have renamed the document.
      owned: document.title === 'owned',
      injected: document.querySelectorAll('main img').length,
    }));
    expect(facts).toEqual({ h1: 1, landmarks: true, unnamedTables: 0, unscopedHeaders: 0, unlabelledControls: 0, owned: false, injected: 0 });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip');
  }

  it('reaches each view from the menu, in Dutch and in English, and each reads well with the keyboard', async () => {
    const page = await browser.newPage();
    await signInWith(page, baseUrl, officer);
    const views = [
      { path: '/agreements', name: 'agreements', h1: 'Verwerkersovereenkomsten' },
      { path: '/sub-processors', name: 'sub-processors', h1: 'Subverwerkers' },
      { path: '/requests', name: 'requests', h1: 'Verzoeken van betrokkenen' },
      { path: '/retention', name: 'retention', h1: 'Bewaartermijnen' },
      { path: '/audit', name: 'audit', h1: 'Audittrail' },
    ];
    for (const view of views) {
      await submit(page, `nav a[href="${view.path}"]`);
      expect(pathOf(page)).toBe(view.path);
      expect(await page.$eval('h1', (el) => el.textContent)).toContain(view.h1);
      expect(await page.$eval(`nav a[href="${view.path}"]`, (el) => el.getAttribute('aria-current'))).toBe('page');
      await screenshot(page, view.name);
      await expectAccessible(page);
    }
    await page.goto(`${baseUrl}/agreements?lang=en`);
    expect(await page.$eval('h1', (el) => el.textContent)).toBe('Processor agreements');
    await screenshot(page, 'agreements-en');
  });

  it('opens an agreement from the portfolio, a request from the list, and a sweep’s ledger', async () => {
    const page = await browser.newPage();
    await signInWith(page, baseUrl, officer);
    await page.goto(`${baseUrl}/agreements?hasGaps=true`);
    await submit(page, `#list ~ table a[href="/agreements/${seeded.agreementId}"]`);
    expect(pathOf(page)).toBe(`/agreements/${seeded.agreementId}`);
    expect(await page.$eval('#sub-processors + table', (el) => el.textContent)).toContain('bezwaar gemaakt');
    await screenshot(page, 'agreement');
    await expectAccessible(page);

    await page.goto(`${baseUrl}/agreements/${seeded.completeAgreementId}?lang=en`);
    expect(await page.$eval('#sub-processors + table', (el) => el.textContent)).toContain('objection period running');
    await screenshot(page, 'agreement-complete');
    await page.goto(`${baseUrl}/agreements/${seeded.terminatedAgreementId}`);
    await screenshot(page, 'agreement-terminated');
    expect(await page.$('a[href$="/deletion-certificate.pdf"]')).not.toBeNull();

    await page.goto(`${baseUrl}/requests?lang=nl`);
    await submit(page, `a[href="/requests/${seeded.requestId}"]`);
    expect(await page.$eval('#deadlines + table', (el) => el.textContent)).toContain('Verzoek doorsturen');
    await screenshot(page, 'request');
    await expectAccessible(page);

    await page.goto(`${baseUrl}/retention`);
    await submit(page, `a[href="/retention?run=${seeded.runId}#ledger"]`);
    expect(await page.$eval('#ledger + table', (el) => el.textContent)).toContain('Facturen');
  });
});
