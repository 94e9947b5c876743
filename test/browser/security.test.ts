/**
 * Security hygiene in real Chromium: the CSP (meta and header) is served and enforced — no inline
 * script, no eval, no connection to another origin — while the app itself trains and loads its data
 * with no violation; every request of a session (page and worker) goes to the app's own origin; and
 * the dev server works under its own, looser policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createServer } from 'vite';
import { baseUrl, launchBrowser } from './helpers';
import { CSP_DEV, CSP_HEADER, CSP_META, CSP_META_PATTERN } from '../../vite.config';
import { clickTrain, datasetLoaded, idle } from './faultHelpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Violations = { violations?: string[] };
type Probe = { probe?: Record<string, string> };

/** Served as /__csp-probe.js: tries eval, Function and a foreign fetch from the page's own context. */
const PROBE = `
(async () => {
  const out = {};
  const attempt = async (name, f) => {
    try { await f(); out[name] = 'ran'; } catch (e) { out[name] = e.name; }
  };
  await attempt('eval', () => (0, eval)('1 + 1'));
  await attempt('Function', () => new Function('return 1')());
  await attempt('fetch', () => fetch('https://example.org/x'));
  window.probe = out;
})();
`;

/** Counts CSP violations the document reports, from before the app's first script. */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Violations;
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.violations!.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
  });
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as Violations).violations ?? []);

describe('security', () => {
  it('serves the CSP as a header and a <meta>, and every asset with the security headers', async () => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const headers = new Map<string, Record<string, string>>();
    page.on('response', (r) => headers.set(new URL(r.url()).pathname, r.headers()));
    const response = await page.goto(new URL('/', baseUrl()).toString());
    expect(response?.headers()['content-security-policy']).toBe(CSP_HEADER);
    // Framing stays allowed: chart embeds (?embed=) go into slide decks (test/browser/embed.test.ts).
    expect(CSP_HEADER).not.toContain('frame-ancestors');
    const html = await response!.text();
    expect(CSP_META_PATTERN.exec(html)?.[1]).toBe(CSP_META);
    await expect
      .poll(() => page.getByTestId('backend').textContent(), { timeout: 60_000 })
      .toMatch(/in a Web Worker/);
    const worker = [...headers.keys()].find((p) => /\/assets\/worker-.*\.js$/.test(p));
    expect(worker).toBeDefined();
    for (const path of ['/', worker!]) {
      const h = headers.get(path)!;
      expect(h['content-security-policy']).toBe(CSP_HEADER);
      expect(h['x-content-type-options']).toBe('nosniff');
      expect(h['cross-origin-opener-policy']).toBe('same-origin');
      expect(h['referrer-policy']).toBe('no-referrer');
    }
    await context.close();
  });

  it('blocks inline script, eval and other origins; the app itself trains with no violation or foreign request', async () => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await recordViolations(page);
    const requests: string[] = [];
    const errors: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(new URL('/?dataset=blobs&model=mlp&epochs=3', baseUrl()).toString());
    await datasetLoaded(page, /blobs/i);
    await clickTrain(page);
    await idle(page);
    // Fashion-MNIST too: its files are fetched by the worker.
    await page.getByRole('combobox', { name: 'Dataset and model' }).selectOption('fmnist-mlp');
    await datasetLoaded(page, /Fashion-MNIST/);
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);

    const origin = new URL(baseUrl()).origin;
    const paths = requests.map((u) => (u.startsWith(origin) ? new URL(u).pathname : u));
    // The log covers the worker's requests: its script, the wasm binary, every data file.
    for (const p of [
      /^\/assets\/worker-.*\.js$/,
      /\.wasm$/,
      /fashion-mnist\/manifest\.json$/,
      /fashion-mnist\/train\.bin\.gz$/,
    ])
      expect(
        paths.some((x) => p.test(x)),
        String(p),
      ).toBe(true);
    expect(requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:'))).toEqual([]);

    // Now try what the policy forbids, from a same-origin script (code that page.evaluate runs
    // itself is exempt from the eval rule under DevTools, so the probe must be a real page script).
    await context.route('**/__csp-probe.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: PROBE }),
    );
    await page.evaluate(() => {
      const inline = document.createElement('script');
      inline.textContent = 'window.inline = 1';
      document.body.append(inline);
      const probe = document.createElement('script');
      probe.src = '/__csp-probe.js';
      document.body.append(probe);
    });
    await expect
      .poll(() => page.evaluate(() => (window as unknown as Probe).probe ?? null))
      .toEqual({
        eval: 'EvalError',
        Function: 'EvalError',
        fetch: 'TypeError',
      });
    expect(await page.evaluate(() => (window as unknown as { inline?: number }).inline ?? null)).toBeNull();
    const blocked = await violations(page);
    expect(blocked.some((v) => v.startsWith('script-src-elem inline'))).toBe(true);
    expect(blocked.some((v) => v.startsWith('script-src eval'))).toBe(true);
    expect(blocked.some((v) => v.startsWith('connect-src https://example.org'))).toBe(true);
    await context.close();
  });

  it('works under the dev server with its dev policy (HMR, React refresh)', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'lssc-vite-'));
    const server = await createServer({
      server: { port: 0, host: '127.0.0.1', hmr: { host: '127.0.0.1' } },
      cacheDir,
      logLevel: 'warn',
    });
    try {
      await server.listen();
      const url = server.resolvedUrls!.local[0];
      const context = await browser.newContext({ serviceWorkers: 'block' });
      const page = await context.newPage();
      await recordViolations(page);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      const response = await page.goto(new URL('/?dataset=blobs&model=mlp', url).toString());
      expect(response?.headers()['content-security-policy']).toBe(CSP_DEV);
      expect(CSP_META_PATTERN.exec(await response!.text())?.[1]).toBe(CSP_DEV);
      await expect
        .poll(() => page.getByTestId('dataset').textContent(), { timeout: 180_000 })
        .toMatch(/blobs/i);
      // The blobs bank names the dataset before the engine is up: wait for the engine as well.
      await expect
        .poll(() => page.getByTestId('backend').textContent(), { timeout: 180_000 })
        .toMatch(/in a Web Worker/);
      expect(await violations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await server.close();
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
