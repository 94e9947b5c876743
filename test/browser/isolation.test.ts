/**
 * wasm threads on a static host that sends no headers (issue 16): the first visit is not
 * cross-origin isolated, so wasm runs on one thread and the badge says why; the service worker
 * adds COOP/COEP, so after a reload the page is isolated and XNNPACK gets the default threads (one
 * per core but one, at most 4: one on this two-core machine, and the badge says why), and with
 * ?threads=2 the threaded build runs and trains on two.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './helpers';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** dist/ as a plain static host would serve it: content types only, no isolation headers. */
function staticHost(): Promise<{ server: Server; url: string }> {
  const root = join(process.cwd(), 'dist');
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) =>
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/` });
    }),
  );
}

let browser: Browser;
let host: { server: Server; url: string };
beforeAll(async () => {
  browser = await launchBrowser();
  host = await staticHost();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => host?.server.close(r));
});

async function threadsBadge(page: Page): Promise<string> {
  await expect.poll(() => page.getByTestId('wasm-threads').count(), { timeout: 60_000 }).toBe(1);
  return (await page.getByTestId('wasm-threads').textContent()) ?? '';
}

describe('cross-origin isolation from the service worker', () => {
  it('runs wasm on one thread and says why, then isolated after a reload: the default threads and the helper, and two threads in one worker when asked', async () => {
    const context = await browser.newContext({
      serviceWorkers: 'allow',
      viewport: { width: 1280, height: 720 },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const response = await page.goto(new URL('?dataset=blobs&model=mlp&backend=wasm', host.url).href);
    expect(response?.headers()['cross-origin-embedder-policy']).toBeUndefined();
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    expect(await threadsBadge(page)).toBe(' (one thread)');
    await page.getByRole('button', { name: 'Details' }).click();
    await expect
      .poll(() => page.getByTestId('wasm-threads-why').textContent())
      .toMatch(/not cross-origin isolated.*reloading/);

    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
      }
    });
    await page.reload();
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const want = Math.max(1, Math.min(4, cores - 1));
    expect(await threadsBadge(page)).toBe(want === 1 ? ' (one thread)' : ` (${want} threads)`);
    if (cores <= 2) {
      await expect
        .poll(() => page.getByTestId('wasm-threads').getAttribute('title'))
        .toMatch(
          cores === 2
            ? /^one thread: this device has two cores, and a bank of models is split between this worker and a helper/
            : /^one thread: this device has one core, and one is left to the page/,
        );
    }
    // With two cores or more, a bank is split with the helper worker (host/splitBank.ts).
    if (cores >= 2) expect(await page.getByTestId('wasm-workers').textContent()).toBe(' + a helper');
    // Asked for two threads and one worker: the threaded build loads (the page stays isolated) and
    // trains on two threads, in the engine's worker alone, which the details say.
    await page.goto(new URL('?dataset=blobs&model=mlp&backend=wasm&threads=2&workers=1', host.url).href);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await threadsBadge(page)).toBe(' (2 threads)');
    expect(await page.getByTestId('wasm-workers').count()).toBe(0);
    await page.getByRole('button', { name: 'Details' }).click();
    await expect
      .poll(() => page.getByTestId('wasm-workers-why').textContent())
      .toBe(' — one worker: asked for one thread per bank (?workers=1)');
    // Training runs on the threaded build: a few steps of the live pair.
    await page.getByRole('button', { name: 'Step' }).click();
    await expect
      .poll(() => page.evaluate(() => window.lssc!.engine.getState().progress?.step ?? 0), {
        timeout: 120_000,
      })
      .toBeGreaterThan(0);
    await screenshot(page, 'isolation-threads', { fullPage: false });
    expect(errors).toEqual([]);
    await context.close();
  });
});
