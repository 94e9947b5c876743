/**
 * Spread over seeds by default: the shipped bank holds three seeds per α, the α sweep draws each
 * seed faintly with the mean as the line and the min–max band, its CSV has every seed and the
 * per-α mean, min, max and sample sd, and the metrics table gives mean ± sd over the seeds — all
 * equal to error and MSP AURC computed here from the bank's logits with plain loops (ranked by
 * π_max, equal confidences in index order; AURC by the trapezoid rule from (0, 0), as in
 * science.md §3.3). The confidence histograms open on a linear π_max axis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, openPage, screenshot } from './helpers';
import { csvRecords, downloadVia, num } from './exportChecks';
import { decodeBank, type Bank } from '../../src/model/bankFile';
import { PRESETS } from '../../src/model/presets';

let browser: Browser;
let bank: Bank;
beforeAll(async () => {
  browser = await launchBrowser();
  const res = await fetch(new URL('data/banks/fmnist-mlp.json', baseUrl()));
  bank = decodeBank(await res.text(), PRESETS);
});
afterAll(async () => {
  await browser?.close();
});

/** Test error and MSP AURC of one model, from its logits, with plain loops. */
function errorAndAurc(logits: Float32Array, labels: Int32Array, k: number): { error: number; aurc: number } {
  const n = labels.length;
  const logPMax = new Float64Array(n);
  const wrong = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (logits[i * k + j] > logits[i * k + best]) best = j;
    let rest = 0;
    for (let j = 0; j < k; j++) if (j !== best) rest += Math.exp(logits[i * k + j] - logits[i * k + best]);
    logPMax[i] = -Math.log1p(rest);
    wrong[i] = best === labels[i] ? 0 : 1;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => logPMax[b] - logPMax[a] || a - b);
  let errors = 0;
  let prev = 0; // R_0 = 0
  let area = 0;
  for (let c = 1; c <= n; c++) {
    errors += wrong[order[c - 1]];
    const risk = errors / c;
    area += (prev + risk) / 2 / n;
    prev = risk;
  }
  return { error: errors / n, aurc: area };
}

/** Mean and sample standard deviation (n − 1). */
function meanSd(v: number[]): { mean: number; sd: number; min: number; max: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
  return { mean, sd, min: Math.min(...v), max: Math.max(...v) };
}

const pct = (v: number): string => (v * 100).toFixed(2);

async function ready(page: Page, id: string): Promise<void> {
  await expect
    .poll(() => page.locator(`[data-chart="${id}"]`).getAttribute('data-state'), { timeout: 60_000 })
    .toBe('ready');
}

describe('spread over seeds, on the default page', () => {
  it('sweep, CSV and metrics table give each seed and the mean ± sd of the shipped logits', async () => {
    const { page, log } = await openPage(browser, '/');
    for (const id of ['alpha-sweep', 'metrics', 'confidence-histograms']) await ready(page, id);

    // The bank: three seeds for each of the seven α, all in the records; the pair is α = 0.2, seed 0.
    const alphas = [...new Set(bank.models.map((m) => m.alpha))].sort((a, b) => a - b);
    const seeds = [...new Set(bank.models.map((m) => m.seed))].sort((a, b) => a - b);
    expect(alphas).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    expect(seeds).toEqual([0, 1, 2]);
    expect(bank.models).toHaveLength(21);
    const state = await page.evaluate(() => ({
      records: Object.values(window.lssc!.runs.getState().records).map((r) => `${r.alpha}/${r.seed}`),
      alpha: window.lssc!.settings.getState().alpha,
      seed: window.lssc!.settings.getState().seed,
    }));
    expect(state.records.sort()).toEqual(bank.models.map((m) => `${m.alpha}/${m.seed}`).sort());
    expect([state.alpha, state.seed]).toEqual([0.2, 0]);

    const k = bank.dataset.meta.numClasses;
    const truth = new Map(
      bank.models.map((m) => [
        `${m.alpha}/${m.seed}`,
        errorAndAurc(m.testLogits, bank.dataset.testLabels, k),
      ]),
    );

    // One faint dot per seed and α and metric; the legend says what the line and band are.
    const sweep = page.locator('[data-chart="alpha-sweep"]');
    for (const series of ['error', 'aurc-msp', 'aurc-pnorm']) {
      const seedsDrawn = await sweep
        .locator(`circle[data-series="${series}"]`)
        .evaluateAll((cs) => cs.map((c) => c.getAttribute('data-seed')));
      expect(seedsDrawn.sort()).toEqual(bank.models.map((m) => String(m.seed)).sort());
      expect(await sweep.locator(`path[data-series="${series}-band"]`).count()).toBe(1);
    }
    const legend = await sweep.locator('.legend text').allTextContents();
    expect(legend).toContain('band: min–max of 3 seeds');
    expect(legend).toContain('line: mean of 3 seeds; dots: single seeds');

    // The CSV: 21 runs per metric, equal to the logits' numbers; per α the mean, min, max and sd.
    const { bytes } = await downloadVia(page, 'Download α-sweep chart as CSV');
    const { rows } = csvRecords(bytes);
    for (const [metric, key] of [
      ['error', 'error'],
      ['aurc_msp', 'aurc'],
    ] as const) {
      const runs = rows.filter((r) => r.metric === metric && r.stat === 'run');
      expect(runs).toHaveLength(21);
      for (const r of runs)
        expect(num(r.value)).toBeCloseTo(truth.get(`${num(r.alpha)}/${num(r.seed)}`)![key], 12);
      for (const a of alphas) {
        const want = meanSd(seeds.map((s) => truth.get(`${a}/${s}`)![key]));
        const stat = (name: string) =>
          rows.find((r) => r.metric === metric && r.stat === name && num(r.alpha) === a)!;
        expect(num(stat('mean').value)).toBeCloseTo(want.mean, 12);
        expect(num(stat('sd').value)).toBeCloseTo(want.sd, 12);
        expect(num(stat('min').value)).toBeCloseTo(want.min, 12);
        expect(num(stat('max').value)).toBeCloseTo(want.max, 12);
        expect(stat('mean').n_seeds).toBe('3');
      }
    }
    // The normalised AURC (p chosen on validation per model): its stats are those of its own runs.
    const pnorm = rows.filter((r) => r.metric === 'aurc_pnorm' && r.stat === 'run');
    expect(pnorm).toHaveLength(21);
    for (const a of alphas) {
      const want = meanSd(pnorm.filter((r) => num(r.alpha) === a).map((r) => num(r.value)));
      const sd = rows.find((r) => r.metric === 'aurc_pnorm' && r.stat === 'sd' && num(r.alpha) === a)!;
      expect(num(sd.value)).toBeCloseTo(want.sd, 12);
    }

    // The table: the seed on screen (0) in the model rows, mean ± sd over the three seeds under them.
    const cells = (row: string) =>
      page.locator(`table[aria-label="Metrics"] tr[data-row="${row}"] td`).allTextContents();
    for (const [role, alpha] of [
      ['ce', 0],
      ['ls', 0.2],
    ] as const) {
      const shown = truth.get(`${alpha}/0`)!;
      const model = await cells(`${role}-msp`);
      expect(model.slice(0, 2)).toEqual([pct(shown.error), pct(shown.aurc)]);
      const e = meanSd(seeds.map((s) => truth.get(`${alpha}/${s}`)!.error));
      const a = meanSd(seeds.map((s) => truth.get(`${alpha}/${s}`)!.aurc));
      const spread = await cells(`${role}-msp-seeds`);
      expect(spread.slice(0, 2)).toEqual([`${pct(e.mean)} ± ${pct(e.sd)}`, `${pct(a.mean)} ± ${pct(a.sd)}`]);
      expect(await page.locator(`tr[data-row="${role}-msp-seeds"] th`).textContent()).toBe(
        '3 seeds: mean ± sd',
      );
      // The pNorm spread row repeats the error, and lists each seed's p.
      const pRow = await cells(`${role}-pnorm-seeds`);
      expect(pRow[0]).toBe(spread[0]);
      expect(pRow[8].split(', ')).toHaveLength(3);
    }
    await expect
      .poll(() => page.getByTestId('metrics-seed-note').textContent())
      .toMatch(/seed 0\).*sample standard deviation \(n − 1\)/);
    // It fits: no horizontal scrolling at 1280 px.
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect
      .poll(() =>
        page
          .locator('[data-chart="metrics"] .table-scroll')
          .evaluate((el) => el.scrollWidth - el.clientWidth),
      )
      .toBeLessThanOrEqual(0);
    await page.locator('[data-chart="metrics"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'spread-metrics', { fullPage: false });
    await sweep.scrollIntoViewIfNeeded();
    await screenshot(page, 'spread-sweep', { fullPage: false });
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('the confidence histograms open on a linear π_max axis; the stretched one is an option', async () => {
    const { page, log } = await openPage(browser, '/');
    await ready(page, 'confidence-histograms');
    const hist = page.locator('[data-chart="confidence-histograms"]');
    const stretch = hist.getByRole('checkbox', { name: /Stretch π_max near 1/ });
    expect(await stretch.isChecked()).toBe(false);
    const labels = () => hist.locator('[data-panel="ls-msp"] .axis-x text.axis-label').allTextContents();
    expect(await labels()).toEqual(['π_max']);
    // Linear: the last MSP bar ends at π_max = 1 and the ticks are plain π_max values ≤ 1.
    const his = await hist
      .locator('[data-panel="ce-msp"] rect.hist-bar')
      .evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-hi'))));
    expect(Math.max(...his)).toBe(1);
    const ticks = await hist.locator('[data-panel="ce-msp"] .axis-x g text').allTextContents();
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    for (const t of ticks) expect(Number(t)).toBeLessThanOrEqual(1);
    await stretch.check();
    await expect.poll(labels).toEqual(['π_max, on a −log(1 − π_max) axis']);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
