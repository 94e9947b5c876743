import {
  chromium,
  type Browser,
  type BrowserContextOptions,
  type ConsoleMessage,
  type Page,
} from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { inject } from 'vitest';

export { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/browserRun';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/browserRun';

export function baseUrl(): string {
  return inject('baseUrl');
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface PageLog {
  errors: string[];
  messages: string[];
  requests: string[];
}

/**
 * Opens a page that records console errors, uncaught exceptions and every request it makes. The
 * app's service worker is blocked unless asked for (offline tests): with it, page.route would not
 * see the requests it answers from its cache. `context` adds context options (colour scheme,
 * viewport…).
 */
export async function openPage(
  browser: Browser,
  path = '/',
  opts: { serviceWorkers?: boolean; context?: Omit<BrowserContextOptions, 'serviceWorkers'> } = {},
): Promise<{ page: Page; log: PageLog }> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    ...opts.context,
    serviceWorkers: opts.serviceWorkers ? 'allow' : 'block',
  });
  const page = await context.newPage();
  const log: PageLog = { errors: [], messages: [], requests: [] };
  page.on('console', (m: ConsoleMessage) => {
    const text = `[${m.type()}] ${m.text()}`;
    log.messages.push(text);
    if (m.type() === 'error') log.errors.push(text);
  });
  page.on('pageerror', (e) => log.errors.push(`[pageerror] ${e.message}`));
  context.on('request', (r) => log.requests.push(r.url()));
  await page.goto(new URL(path, baseUrl()).toString());
  return { page, log };
}

export const SCREENSHOT_DIR = 'test-results/screenshots';

export async function screenshot(
  page: Page,
  name: string,
  opts: { fullPage?: boolean } = {},
): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  await page.screenshot({ path, fullPage: opts.fullPage ?? true });
  return path;
}
