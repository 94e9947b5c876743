/**
 * Every preset opens full where it ships a bank (issue 14): choosing the 2-D blobs preset draws its
 * charts, decision regions included, from public/data/banks/blobs-mlp.json with nothing trained; the
 * default page does not fetch that bank; the small CNN opens from public/data/banks/fmnist-cnn.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, openPage, screenshot } from './helpers';
import { decodeBank, type Bank } from '../../src/model/bankFile';
import { PRESETS } from '../../src/model/presets';

let browser: Browser;
let blobs: Bank;
let cnn: Bank;
beforeAll(async () => {
  browser = await launchBrowser();
  const bank = async (name: string) =>
    decodeBank(await (await fetch(new URL(`data/banks/${name}.json`, baseUrl()))).text(), PRESETS);
  blobs = await bank('blobs-mlp');
  cnn = await bank('fmnist-cnn');
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
    expect(await page.evaluate(() => window.lssc!.engine.getState().progress)).toBeNull();
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, 'preset-banks-blobs');
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('the small CNN is drawn from its bank at once: the numbers on screen are the bank’s', async () => {
    const { page, log } = await openPage(browser, '/');
    await expect
      .poll(() => page.locator('[data-chart="risk-coverage"]').getAttribute('data-state'), {
        timeout: 60_000,
      })
      .toBe('ready');
    await page.getByLabel('Dataset and model').selectOption('fmnist-cnn');
    await expect
      .poll(() => bankRequests(log.requests), { timeout: 30_000 })
      .toEqual(['/data/banks/fmnist-mlp.json', '/data/banks/fmnist-cnn.json']);
    // The LS row of the metrics table is the CNN bank's α = 0.2 model, computed here from its logits.
    const ls = cnn.models.find((m) => m.alpha === 0.2 && m.seed === 0)!;
    const k = cnn.dataset.meta.numClasses;
    const labels = cnn.dataset.testLabels;
    let wrong = 0;
    for (let i = 0; i < labels.length; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (ls.testLogits[i * k + c] > ls.testLogits[i * k + best]) best = c;
      if (best !== labels[i]) wrong++;
    }
    const errorCell = page.locator('table[aria-label="Metrics"] tr[data-row="ls-msp"] td[data-col="error"]');
    await expect
      .poll(() => errorCell.textContent(), { timeout: 60_000 })
      .toBe(((100 * wrong) / labels.length).toFixed(2));
    const state = await page.evaluate(() => {
      const r = window.lssc!.runs.getState();
      return {
        active: r.active,
        cnn: Object.values(r.records)
          .filter((m) => m.key.includes('cnn'))
          .map((m) => ({ origin: m.origin, status: m.status })),
      };
    });
    expect(state.active).toBeNull();
    expect(state.cnn.length).toBe(cnn.models.length);
    for (const m of state.cnn) expect(m).toEqual({ origin: 'precomputed', status: 'done' });
    expect(await page.evaluate(() => window.lssc!.engine.getState().progress)).toBeNull();
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, 'preset-banks-cnn');
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
