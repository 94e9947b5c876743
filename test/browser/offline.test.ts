/**
 * Works offline (issue 4): after one visit the service worker has cached the whole build, and with
 * the network cut off the page reloads, shows the precomputed models, loads Fashion-MNIST and trains.
 */
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

describe('offline', () => {
  it('reloads and trains with the network cut off after the first visit', async () => {
    const { page, log } = await openPage(browser, '/', { serviceWorkers: true });
    // The worker installs (caching every file of the build) and takes control of the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
      }
    });
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names.find((n) => n.startsWith('lssc-'))!);
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    expect(cached).toContain('/data/fashion-mnist/train.bin.gz');
    expect(cached).toContain('/data/banks/fmnist-mlp.json');
    // The other presets' banks are precached too (in the background, after the first visit).
    expect(cached).toContain('/data/banks/blobs-mlp.json');
    expect(cached.some((p) => p.endsWith('.wasm'))).toBe(true);

    await page.context().setOffline(true);
    log.requests.length = 0;
    await page.reload();
    await expect
      .poll(() => page.locator('h1').textContent(), { timeout: 30_000 })
      .toContain('LS-SC Explorer');
    await expect
      .poll(() => page.getByTestId('dataset').textContent(), { timeout: 60_000 })
      .toMatch(/10,000 train/);
    await expect
      .poll(() => page.locator('[data-chart="risk-coverage"]').getAttribute('data-state'), {
        timeout: 60_000,
      })
      .toBe('ready');
    // Training works offline too: a few steps of a live pair.
    await page.getByRole('button', { name: 'Step' }).click();
    await expect
      .poll(() => page.evaluate(() => window.lssc!.engine.getState().progress?.step ?? 0), {
        timeout: 120_000,
      })
      .toBeGreaterThan(0);
    await screenshot(page, 'offline-reload');
    const origin = new URL(page.url()).origin;
    expect(log.requests.filter((u) => !u.startsWith(origin) && !/^(data|blob):/.test(u))).toEqual([]);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
