import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import { startTestApp, TestApp } from './test-app';

/** Debian's chromium package (`.ci/run` installs it); CHROMIUM_PATH points elsewhere. Nothing downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface TestBrowser {
  browser: Browser;
  /** A new page in a fresh incognito-like context: no cookies shared with other pages. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Headless chromium with a profile of its own, talking to nothing but the app under test. */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'pat-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    async newPage() {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width: 1366, height: 900 });
      return page;
    },
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Fills the sign-in form with a key and submits it, as a person would. */
export async function signInWith(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('input#key');
  await page.type('input#key', key);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

/** With DASHBOARD_SCREENSHOTS=<dir>, a view is kept as a PNG there, to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.DASHBOARD_SCREENSHOTS;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

export const textOf = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');
export const pathOf = (page: Page) => new URL(page.url()).pathname;
/** Clicks (a submit button, a link) and waits for the page the click leads to. */
export const submit = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);

/** The app (workers off) listening on loopback, with a browser to drive it; the caller closes both. */
export async function startAppInBrowser(): Promise<{ t: TestApp; browser: TestBrowser; baseUrl: string }> {
  const t = await startTestApp({ workers: false });
  try {
    await t.app.listen(0, '127.0.0.1');
    return { t, baseUrl: await t.app.getUrl(), browser: await launchBrowser() };
  } catch (error) {
    await t.close();
    throw error;
  }
}
