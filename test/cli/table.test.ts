/**
 * The runner's intervals (science.md §3 "Uncertainty of a comparison") on the shipped Fashion-MNIST
 * bank: per-run AURC intervals, the paired Δ against CE, and the printed table.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pairedAurcBootstrap } from '../../src/analysis/bootstrap';
import { aurc, errorsOf, maxLogitPNorm, mspLog, predictions } from '../../src/analysis';
import { formatDiff, formatTable } from '../../src/cli/table';
import { decodeBank } from '../../src/model/bankFile';
import { PRESETS } from '../../src/model/presets';
import { addComparisonsVsCe, runResultFromCheckpoint } from '../../src/model/results';

describe('runner intervals on the shipped bank', () => {
  const bank = decodeBank(readFileSync('public/data/banks/fmnist-mlp.json', 'utf8'), PRESETS);
  const k = bank.dataset.meta.numClasses;
  const labels = { val: bank.dataset.valLabels, test: bank.dataset.testLabels };
  const models = [0, 0.2].map((a) => ({
    ...bank.models.find((m) => m.alpha === a && m.seed === 0)!,
    gridLogits: undefined,
    diverged: false,
  }));
  const bootstrap = { resamples: 300, seed: 5 };
  const runs = models.map((m) =>
    runResultFromCheckpoint(m, labels, k, { centred: true, saveLogits: false, bootstrap }),
  );
  addComparisonsVsCe(models, runs, labels.test, k, { centred: true, bootstrap });

  it('reports tie sizes and intervals that bracket the tie-aware AURC', () => {
    const ls = runs[1].metrics;
    expect(ls.p).toBe(1);
    expect(ls.largest_tie_pnorm).toBe(415);
    const n = labels.test.length;
    const errors = errorsOf(predictions(models[1].testLogits, n, k), labels.test);
    expect(ls.aurc_pnorm).toBe(aurc(maxLogitPNorm(models[1].testLogits, n, k, 1, true), errors));
    for (const r of runs) {
      const [lo, hi] = r.metrics.aurc_msp_ci!;
      expect(lo).toBeLessThan(r.metrics.aurc_msp);
      expect(hi).toBeGreaterThan(r.metrics.aurc_msp);
    }
    expect(runs[0].vs_ce).toBeUndefined();
  });

  it('Δ vs CE is the paired bootstrap of the two models on the same draws', () => {
    const n = labels.test.length;
    const inputs = models.map((m, i) => ({
      errors: errorsOf(predictions(m.testLogits, n, k), labels.test),
      msp: mspLog(m.testLogits, n, k),
      pNorm: runs[i].metrics.p === null ? null : maxLogitPNorm(m.testLogits, n, k, runs[i].metrics.p!, true),
    }));
    const r = pairedAurcBootstrap(inputs[0], inputs[1], bootstrap);
    expect(runs[1].vs_ce!.aurc_msp_diff).toEqual(r.difference.msp);
    expect(runs[1].vs_ce!.aurc_pnorm_diff).toEqual(r.difference.pNorm);
    expect(r.difference.msp.value).toBeCloseTo(runs[1].metrics.aurc_msp - runs[0].metrics.aurc_msp, 15);
    // The same draws give each model's own interval as well.
    expect(runs[1].metrics.aurc_msp_ci).toEqual([r.compared.msp.lo, r.compared.msp.hi]);
  });

  it('prints the intervals and the Δ, saying "(noise)" only when the interval contains 0', () => {
    const text = formatTable(runs);
    expect(text).toContain(formatDiff(runs[1].vs_ce!.aurc_msp_diff));
    const [lo, hi] = runs[1].metrics.aurc_pnorm_ci!;
    expect(text).toContain(`[${(100 * lo).toFixed(2)}, ${(100 * hi).toFixed(2)}]`);
    expect(formatDiff({ value: 0.01, lo: 0.005, hi: 0.02 })).toBe('+1.00 [+0.50, +2.00]');
    expect(formatDiff({ value: 0.001, lo: -0.002, hi: 0.004 })).toBe('+0.10 [−0.20, +0.40] (noise)');
  });
});
