import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the app page', () => {
  it('states what it is and shows the engine state: backend in a worker, Fashion-MNIST loaded', async () => {
    const { page, log } = await openPage(browser, '/');
    await expect.poll(() => page.locator('h1').textContent()).toContain('LS-SC Explorer');
    const backend = page.getByTestId('backend');
    await expect
      .poll(() => backend.textContent(), { timeout: 60_000 })
      .toMatch(/(webgl|wasm)( \([^)]*\))? in a Web Worker/);
    const dataset = page.getByTestId('dataset');
    await expect
      .poll(() => dataset.textContent(), { timeout: 60_000 })
      .toMatch(/Fashion-MNIST.*10,000 train · 2,000 validation · 5,000 test · 10 classes/);
    await screenshot(page, 'app-engine-state');

    expect(log.errors).toEqual([]);
    // Nothing is fetched from another origin.
    const origin = new URL(page.url()).origin;
    expect(
      log.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')),
    ).toEqual([]);
    await page.context().close();
  });
});
