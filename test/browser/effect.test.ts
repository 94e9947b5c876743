/**
 * Issue 3, acceptance 2: the DEFAULT preset, trained in this machine's headless Chromium with the
 * backend the app picks, shows the effect on screen — LS's MSP risk–coverage curve above CE's at low
 * coverage, and LS's normalised curve back at or below CE's. The numbers are recomputed from the
 * downloaded results with the analysis functions; the whole page is saved as a screenshot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from './helpers';
import { aurc, errorsOf, riskCoverage, tieRanking } from '../../src/analysis/metrics';
import { DEFAULT_BOOTSTRAP, pairedAurcBootstrap, type Interval } from '../../src/analysis/bootstrap';
import { maxLogitPNorm, mspLog, predictions } from '../../src/analysis/scores';
import type { ResultsFile, RunResult } from '../../src/model/results';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Mean selective risk over coverage (0, maxCoverage]: the low-coverage part of the RC curve. */
function lowCoverageRisk(scores: Float64Array, errors: Uint8Array, maxCoverage: number): number {
  const rc = riskCoverage(scores, errors);
  let s = 0;
  let c = 0;
  for (let i = 1; i < rc.coverage.length && rc.coverage[i] <= maxCoverage; i++) {
    s += rc.risk[i];
    c++;
  }
  return s / c;
}

function curves(run: RunResult) {
  const k = run.test!.logits[0].length;
  const n = run.test!.labels.length;
  const logits = new Float64Array(n * k);
  run.test!.logits.forEach((row, i) => row.forEach((v, j) => (logits[i * k + j] = v)));
  const errors = errorsOf(predictions(logits, n, k), run.test!.labels);
  const msp = mspLog(logits, n, k);
  const pn = run.metrics.p === null ? msp : maxLogitPNorm(logits, n, k, run.metrics.p, run.metrics.centred);
  return { errors, msp, pn };
}

describe('the default preset shows the effect', () => {
  it('LS above CE at low coverage with MSP; back at or below CE with MaxLogit-pNorm', async () => {
    const { page, log } = await openPage(browser, '/');
    await expect
      .poll(() => page.getByTestId('dataset').textContent(), { timeout: 60_000 })
      .toMatch(/10,000 train/);
    // EFFECT_PRESET=<preset id> checks another preset the same way.
    const preset = process.env.EFFECT_PRESET ?? 'fmnist-mlp';
    console.log(`effect check preset: ${preset}`);
    if (preset !== 'fmnist-mlp') {
      const before = await page.getByTestId('dataset').textContent();
      await page.getByLabel('Dataset and model').selectOption(preset);
      await expect
        .poll(() => page.getByTestId('dataset').textContent(), { timeout: 60_000 })
        .not.toBe(before);
      await expect
        .poll(() => page.getByTestId('dataset').textContent(), { timeout: 60_000 })
        .toMatch(/ train ·/);
    }
    await page.getByRole('button', { name: /^Train( live)?$/ }).click();
    await expect
      .poll(() => page.getByTestId('training').textContent(), { timeout: 30_000 })
      .toMatch(/Training/);
    const t0 = Date.now();
    await expect
      .poll(() => page.getByTestId('training').textContent(), { timeout: 900_000, interval: 2000 })
      .toBe('Idle');
    const seconds = (Date.now() - t0) / 1000;
    const backend = await page.getByTestId('backend').textContent();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download results' }).click(),
    ]);
    const json = JSON.parse(await readFile(await download.path(), 'utf8')) as ResultsFile;
    const ce = curves(json.runs.find((r) => r.alpha === 0)!);
    const ls = curves(json.runs.find((r) => r.alpha === 0.2)!);
    const low = 0.3;
    const ceMsp = lowCoverageRisk(ce.msp, ce.errors, low);
    const lsMsp = lowCoverageRisk(ls.msp, ls.errors, low);
    const lsPn = lowCoverageRisk(ls.pn, ls.errors, low);
    console.log(
      `${preset} in Chromium (${backend}): ${seconds.toFixed(0)} s; mean risk at coverage ≤ 30%: ` +
        `CE·MSP ${(ceMsp * 100).toFixed(2)}%, LS·MSP ${(lsMsp * 100).toFixed(2)}%, LS·pNorm ${(lsPn * 100).toFixed(2)}%`,
    );
    const aurcs = {
      ce: aurc(ce.msp, ce.errors),
      lsMsp: aurc(ls.msp, ls.errors),
      lsPn: aurc(ls.pn, ls.errors),
    };
    console.log(
      `AURC: CE·MSP ${(aurcs.ce * 100).toFixed(2)}%, LS·MSP ${(aurcs.lsMsp * 100).toFixed(2)}%, ` +
        `LS·pNorm ${(aurcs.lsPn * 100).toFixed(2)}%; at coverage ≤ 30% LS·pNorm is ` +
        `${lsPn <= ceMsp ? 'at or below' : 'still above'} CE·MSP`,
    );
    // Tie-aware numbers (science.md §3) with their paired-bootstrap 95% intervals (p at its validation choice).
    const ceRun = json.runs.find((r) => r.alpha === 0)!;
    const lsRun = json.runs.find((r) => r.alpha === 0.2)!;
    const iv = pairedAurcBootstrap(
      { errors: ce.errors, msp: ce.msp, pNorm: ceRun.metrics.p === null ? null : ce.pn },
      { errors: ls.errors, msp: ls.msp, pNorm: lsRun.metrics.p === null ? null : ls.pn },
      DEFAULT_BOOTSTRAP,
    );
    const f = (i: Interval, signed = false): string => {
      const t = (x: number) => `${signed && x > 0 ? '+' : ''}${(100 * x).toFixed(2)}`;
      return `${t(i.value)} [${t(i.lo)}, ${t(i.hi)}]${signed && i.lo <= 0 && i.hi >= 0 ? ' within noise' : ''}`;
    };
    console.log(
      `tie-aware AURC, 95% paired bootstrap (${iv.resamples} draws): CE·MSP ${f(iv.reference.msp)}, ` +
        `LS·MSP ${f(iv.compared.msp)}, LS·pNorm ${f(iv.compared.pNorm)}; ` +
        `Δ LS − CE MSP ${f(iv.difference.msp, true)}, pNorm ${f(iv.difference.pNorm, true)}; ` +
        `largest tie LS·pNorm ${tieRanking(ls.pn).largest} of ${ls.errors.length}`,
    );
    expect(iv.reference.msp.value).toBe(aurcs.ce);
    expect(iv.compared.pNorm.value).toBe(aurcs.lsPn);
    await screenshot(page, 'effect-default-preset-full-page');
    // LS's MSP curve above CE's at low coverage, and above it overall.
    expect(lsMsp).toBeGreaterThan(ceMsp);
    expect(aurcs.lsMsp).toBeGreaterThan(aurcs.ce);
    // Normalisation brings LS's curve back at or below CE's (its area), and lowers LS's low-coverage
    // risk. Whether it also reaches CE's level at coverage ≤ 30% is logged above, not asserted: on
    // these small models it usually does not (README, "What the default preset shows").
    expect(aurcs.lsPn).toBeLessThanOrEqual(aurcs.ce);
    expect(lsPn).toBeLessThan(lsMsp);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
