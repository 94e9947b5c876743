/**
 * Every preset opens full where it ships a bank (issue 14): choosing the 2-D blobs preset draws its
 * charts, decision regions included, from public/data/banks/blobs-mlp.json with nothing trained; the
 * default page does not fetch that bank; the small CNN, which ships none, says so and fetches nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, openPage, screenshot } from './helpers';
import { decodeBank, type Bank } from '../../src/model/bankFile';
import { PRESETS } from '../../src/model/presets';

let browser: Browser;
let blobs: Bank;
beforeAll(async () => {
  browser = await launchBrowser();
  const res = await fetch(new URL('data/banks/blobs-mlp.json', baseUrl()));
  blobs = decodeBank(await res.text(), PRESETS);
});
afterAll(async () => {
  await browser?.close();
});

const bankRequests = (requests: string[]): string[] =>
  requests.filter((u) => u.includes('/data/banks/')).map((u) => new URL(u).pathname);

describe('banks of the other presets', () => {
  it('the blobs preset is drawn from its bank at once, decision regions included, with no training', async () => {
    const { page, log } = await openPage(browser, '/');
    await expect
      .poll(() => page.locator('[data-chart="risk-coverage"]').getAttribute('data-state'), {
        timeout: 60_000,
      })
      .toBe('ready');
    // The default page fetched its own bank only.
    expect(bankRequests(log.requests)).toEqual(['/data/banks/fmnist-mlp.json']);

    await page.getByLabel('Dataset and model').selectOption('blobs-mlp');
    await expect.poll(() => page.getByTestId('dataset').textContent(), { timeout: 60_000 }).toMatch(/blobs/i);
    const regions = page.locator('[data-chart="decision-regions"]');
    await expect.poll(() => regions.getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
    await expect
      .poll(() => page.locator('[data-chart="risk-coverage"]').getAttribute('data-state'), {
        timeout: 30_000,
      })
      .toBe('ready');
    expect(bankRequests(log.requests)).toEqual(['/data/banks/fmnist-mlp.json', '/data/banks/blobs-mlp.json']);

    const state = await page.evaluate(() => {
      const r = window.lssc!.runs.getState();
      return {
        active: r.active,
        blobs: Object.values(r.records)
          .filter((m) => m.key.includes('blobs'))
          .map((m) => ({ origin: m.origin, alpha: m.alpha, grid: m.gridLogits?.length ?? 0 })),
      };
    });
    expect(state.active).toBeNull();
    expect(state.blobs.length).toBe(blobs.models.length);
    for (const m of state.blobs) {
      expect(m.origin).toBe('precomputed');
      // The grid logits the decision-region chart draws came with the bank (72 × 72 cells × 4 classes).
      const shipped = blobs.models.find((x) => x.alpha === m.alpha)!;
      expect(shipped.gridLogits).not.toBeNull();
      expect(m.grid).toBe(shipped.gridLogits!.length);
      expect(m.grid % (72 * 72)).toBe(0);
    }
    expect(await page.getByRole('button', { name: 'Train live' }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('origin-note').textContent()).toMatch(/trained in advance/);

    // The heatmaps really are painted from those logits.
    const canvases = regions.locator('canvas[role="img"]');
    expect(await canvases.count()).toBe(2);
    const painted = await canvases.evaluateAll((cs) =>
      cs.map((c) => {
        const canvas = c as HTMLCanvasElement;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
        return n / (data.length / 4);
      }),
    );
    for (const f of painted) expect(f).toBeGreaterThan(0.5);
    expect(await page.getByTestId('no-bank-note').count()).toBe(0);
    expect(await page.evaluate(() => window.lssc!.engine.getState().progress)).toBeNull();
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, 'preset-banks-blobs');
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('the small CNN ships no bank: it says so, fetches none, and shows no error', async () => {
    const { page, log } = await openPage(browser, '/');
    await page.getByLabel('Dataset and model').selectOption('fmnist-cnn');
    const note = page.getByTestId('no-bank-note');
    await expect
      .poll(() => note.textContent(), { timeout: 30_000 })
      .toMatch(
        /^No precomputed models for this preset: press Train live to train them \(about \d+ minutes here\)\.$/,
      );
    expect(await page.getByRole('button', { name: 'Train live', exact: true }).count()).toBe(1);
    expect(bankRequests(log.requests).filter((p) => !p.endsWith('fmnist-mlp.json'))).toEqual([]);
    expect(await page.evaluate(() => window.lssc!.view.getState().notices.map((n) => n.text))).toEqual([]);
    expect(await page.evaluate(() => window.lssc!.runs.getState().active)).toBeNull();
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, 'preset-banks-cnn');
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
