// Real headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core, against the app served in process.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { projectRoot } from '../../src/shared/project-root.js';
import type { Harness } from '../helpers/harness.js';
import { koaHandler } from '../../src/shared/http/node-handler.js';

export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const SCREENSHOTS = path.join(projectRoot, 'test-artifacts', 'screenshots');
export const PHONE = { width: 390, height: 844 };

/** Chromium with the usual flags, plus any given (a fake camera, for instance). Each launch has its own fresh profile. */
export function launch(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, ...extraArgs] });
}

/** The harness's app on a loopback port of its own, as a browser reaches it (127.0.0.1 counts as a secure context). */
export async function serve(h: Harness): Promise<{ base: string; close(): Promise<void> }> {
  const server: Server = createServer(koaHandler(h.app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A phone-sized page in a fresh context (own cookies and storage); page errors fail loudly in the test output. */
export async function phonePage(browser: Browser, base: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    baseURL: base,
    viewport: PHONE,
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  // A script or style the Content-Security-Policy blocks is a bug in the pages, not noise.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) errors.push(msg.text());
  });
  return { context, page, errors };
}

/** Goes to a path and waits until the page module has drawn. */
export async function open(page: Page, pathname: string): Promise<void> {
  await page.goto(pathname);
  await ready(page);
}

export async function ready(page: Page): Promise<void> {
  await page.waitForSelector('body[data-ready="true"]');
}

/** A phone-sized screenshot (390×844) kept as a test artifact, scrolled to `focus` when given. */
export async function screenshot(page: Page, name: string, focus?: Locator): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  if (focus) await focus.evaluate((el) => (el as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Signs a staff member in through the sign-in page and waits for the page their role lands on. */
export async function signInAs(page: Page, username: string, password: string, landing: string): Promise<void> {
  await open(page, '/staff');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => url.pathname === landing);
  await ready(page);
}
