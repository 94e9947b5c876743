/**
 * Missing or corrupt data files: the page names the file and what is wrong with it, and offers the
 * synthetic dataset, which then loads (served bytes are rewritten with playwright's routing — the
 * fetch happens in the training worker).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Route } from 'playwright-core';
import { baseUrl, launchBrowser } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const TRAIN = readFileSync('public/data/fashion-mnist/train.bin.gz');

async function openWith(file: string, serve: (route: Route) => Promise<void>) {
  // The app's service worker is blocked: requests it answered from its cache would bypass the routes.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let served = 0;
  await context.route(`**/data/fashion-mnist/${file}`, async (route) => {
    served++;
    await serve(route);
  });
  await page.goto(new URL('/', baseUrl()).toString());
  return { page, errors, served: () => served };
}

const cases: { name: string; file: string; expect: RegExp; serve: (r: Route) => Promise<void> }[] = [
  {
    name: 'missing (404)',
    file: 'train.bin.gz',
    expect: /train\.bin\.gz: missing \(HTTP 404/,
    serve: (r) => r.fulfill({ status: 404, body: 'not here' }),
  },
  {
    name: 'truncated',
    file: 'train.bin.gz',
    expect: /train\.bin\.gz: truncated: 2,200,302 of the 4,400,605 bytes/,
    serve: (r) =>
      r.fulfill({ status: 200, contentType: 'application/gzip', body: TRAIN.subarray(0, 2_200_302) }),
  },
  {
    name: 'wrong size',
    file: 'train.bin.gz',
    expect: /train\.bin\.gz: wrong size: 4,400,615 bytes, the manifest lists 4,400,605/,
    serve: (r) =>
      r.fulfill({
        status: 200,
        contentType: 'application/gzip',
        body: Buffer.concat([TRAIN, Buffer.alloc(10)]),
      }),
  },
  {
    name: 'not JSON',
    file: 'manifest.json',
    expect: /manifest\.json: not valid JSON/,
    serve: (r) =>
      r.fulfill({ status: 200, contentType: 'application/json', body: '{"format": "ls-sc-explo' }),
  },
];

describe('missing or corrupt data files', () => {
  for (const c of cases) {
    it(`${c.name}: names the file, offers the synthetic dataset, which loads`, async () => {
      const { page, errors, served } = await openWith(c.file, c.serve);
      const alert = page.getByTestId('data-error');
      await expect.poll(() => alert.textContent(), { timeout: 60_000 }).toMatch(c.expect);
      expect(await alert.getAttribute('role')).toBe('alert');
      expect(served()).toBeGreaterThanOrEqual(1);
      await alert.getByRole('button', { name: 'Use the synthetic 2-D dataset instead' }).click();
      await expect
        .poll(() => page.getByTestId('dataset').textContent(), { timeout: 60_000 })
        .toMatch(/blobs.*400 train/i);
      expect(await page.getByTestId('data-error').count()).toBe(0);
      expect(await page.getByRole('combobox', { name: 'Dataset and model' }).inputValue()).toBe('blobs-mlp');
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
