/**
 * Issue 15, "the runner and the page agree on a shared results file": the runner's own metric code
 * (model/results.ts runResultFromCheckpoint and addComparisonsVsCe, what `npm run experiment --
 * --out FILE --save-logits --bootstrap 1000` runs on each trained model) writes a results file for a
 * CE and an LS model (seeded logits, coarse so that MSP ties occur); the page loads that same file
 * with Load logits, and its tables show the runner's numbers: %error, %AURC with MSP, the largest
 * MSP tie, the MSP AURC intervals and the LS − CE MSP difference with its interval.
 *
 * A results file keeps only test logits, so the page has no validation split for them and chooses p
 * on a held-out half; the pNorm numbers differ from the runner's (p chosen on validation) by design
 * and are not compared here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from './helpers';
import { DEFAULT_BOOTSTRAP } from '../../src/analysis/bootstrap';
import { createRng } from '../../src/data/rng';
import {
  addComparisonsVsCe,
  RESULTS_FORMAT,
  RESULTS_VERSION,
  runResultFromCheckpoint,
  type ResultsFile,
} from '../../src/model/results';
import type { ModelCheckpoint } from '../../src/model/training';

const K = 5;
const N_TEST = 1200;
const N_VAL = 400;

/** Logits on a coarse grid (steps of 0.5), so that many test rows share their MSP exactly. */
function logits(seed: number, n: number, labels: Int32Array, sharp: number): Float32Array {
  const rng = createRng(seed, 'runner-agrees');
  const out = new Float32Array(n * K);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < K; j++) {
      const v = rng.normal() + (j === labels[i] ? sharp : 0);
      out[i * K + j] = Math.round(v * 2) / 2;
    }
  return out;
}

function labelsOf(seed: number, n: number): Int32Array {
  const rng = createRng(seed, 'runner-agrees-labels');
  return Int32Array.from({ length: n }, () => rng.int(K));
}

/** The runner's results file for a CE (α = 0) and an LS (α = 0.2) model of the same samples. */
function runnerResults(): ResultsFile {
  const labels = { val: labelsOf(1, N_VAL), test: labelsOf(2, N_TEST) };
  const models: ModelCheckpoint[] = [0, 0.2].map((alpha, i) => ({
    alpha,
    seed: 0,
    trainLoss: 0.5,
    trainAcc: 0.8,
    valLogits: logits(10 + i, N_VAL, labels.val, 1.6 - i * 0.3),
    testLogits: logits(20 + i, N_TEST, labels.test, 1.6 - i * 0.3),
    diverged: false,
  }));
  const bootstrap = { resamples: 1000, seed: DEFAULT_BOOTSTRAP.seed };
  const runs = models.map((m) =>
    runResultFromCheckpoint(m, labels, K, { centred: true, saveLogits: true, bootstrap }),
  );
  addComparisonsVsCe(models, runs, labels.test, K, { centred: true, bootstrap });
  return {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    config: { note: 'runnerAgrees.test.ts' } as unknown as ResultsFile['config'],
    runs,
  };
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const pct = (x: number) => (100 * x).toFixed(2);
const signed = (x: number) => {
  const v = (100 * x).toFixed(2);
  return Number(v) === 0 ? '0.00' : x > 0 ? `+${v}` : v.replace('-', '−');
};

describe('the runner and the page agree', () => {
  it('on a shared results file: %error, MSP %AURC, ties, intervals and the LS − CE difference', async () => {
    const results = runnerResults();
    const [ce, ls] = results.runs;
    expect(ce.metrics.largest_tie_msp).toBeGreaterThan(1);
    expect(ce.metrics.aurc_msp_ci).toBeDefined();
    expect(ls.vs_ce).toBeDefined();
    const dir = resolve('test-results/runner-agrees');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'runner_results.json');
    writeFileSync(file, JSON.stringify(results));

    const { page, log } = await openPage(browser, '/');
    await page.getByLabel('Load logits').setInputFiles(file);
    const section = page.locator('section[data-section="your-model"]');
    await expect
      .poll(() => section.locator('ul[aria-label="Loaded models"] > li').count(), { timeout: 30_000 })
      .toBe(2);
    expect(await page.getByTestId('load-error').count()).toBe(0);

    const metrics = page.getByRole('table', { name: 'Metrics (loaded models)', exact: true });
    const ivTable = page.getByRole('table', { name: 'Metrics (loaded models): intervals and ties' });
    const cell = (row: string, col: string) =>
      metrics.locator(`tr[data-row="${row}"] td[data-col="${col}"]`).textContent();
    const iv = (row: string, col: string) =>
      ivTable.locator(`tr[data-iv-row="${row}"] td[data-col="${col}"]`).textContent();

    await expect.poll(() => cell('ls-msp', 'error'), { timeout: 30_000 }).toBe(pct(ls.metrics.error));
    for (const [role, run] of [
      ['ce', ce],
      ['ls', ls],
    ] as const) {
      expect(await cell(`${role}-msp`, 'error')).toBe(pct(run.metrics.error));
      expect(await cell(`${role}-msp`, 'aurc')).toBe(pct(run.metrics.aurc_msp));
      expect(await iv(`${role}-msp`, 'tie')).toBe(String(run.metrics.largest_tie_msp));
      const [lo, hi] = run.metrics.aurc_msp_ci!;
      await expect
        .poll(() => iv(`${role}-msp`, 'aurcCi'), { timeout: 60_000 })
        .toBe(`[${pct(lo)}, ${pct(hi)}]`);
    }

    // The score table (all samples): MSP's intervals and the LS − CE MSP difference, as the runner's vs_ce.
    const scores = page.locator('[data-chart="compare-scores"]').last();
    await expect.poll(() => scores.getAttribute('data-state'), { timeout: 90_000 }).toBe('ready');
    const table = scores.getByTestId('score-compare-table');
    const diff = table.locator('tbody[data-score="msp"] td[data-metric="aurcDiff"]');
    const d = ls.vs_ce!.aurc_msp_diff;
    await expect
      .poll(() => diff.textContent(), { timeout: 60_000 })
      .toBe(
        `${signed(d.value)}[${signed(d.lo)}, ${signed(d.hi)}]${d.lo <= 0 && d.hi >= 0 ? 'within noise' : ''}`,
      );
    const [lo, hi] = ls.metrics.aurc_msp_ci!;
    expect(
      await table
        .locator('tbody[data-score="msp"] td[data-model="ls"][data-metric="aurc"] .sc-interval')
        .textContent(),
    ).toBe(`[${pct(lo)}, ${pct(hi)}]`);
    await scores.scrollIntoViewIfNeeded();
    await screenshot(page as Page, 'runner-agrees-scores');
    expect(log.errors).toEqual([]);
  });
});
