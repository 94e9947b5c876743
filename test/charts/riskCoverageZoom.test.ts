/**
 * The risk–coverage zoom (RC_ZOOM_MAX) shows where LS's extra mistakes are: on the shipped bank,
 * for every seed, the story's pair (CE vs LS α = 0.2, ranked by MSP) differs more inside the zoomed
 * coverage range than beyond it. Selective risk computed here with plain loops (ties by index).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBank } from '../../src/model/bankFile';
import { PRESETS } from '../../src/model/presets';
import { RC_ZOOM_MAX, riskCoverageSpec } from '../../src/chartData/riskCoverage';
import { STORY } from '../../src/story/steps';

/** Selective risk of the c most confident samples (MSP; equal confidences by index), c = 1…n. */
function riskByCoverage(logits: Float32Array, labels: Int32Array, k: number): Float64Array {
  const n = labels.length;
  const conf = new Float64Array(n);
  const wrong = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (logits[i * k + j] > logits[i * k + best]) best = j;
    let z = 0;
    for (let j = 0; j < k; j++) z += Math.exp(logits[i * k + j] - logits[i * k + best]);
    conf[i] = -Math.log(z); // log π_max
    wrong[i] = best === labels[i] ? 0 : 1;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => conf[b] - conf[a] || a - b);
  const risk = new Float64Array(n);
  let errors = 0;
  order.forEach((i, c) => {
    errors += wrong[i];
    risk[c] = errors / (c + 1);
  });
  return risk;
}

describe('the zoomed risk–coverage view', () => {
  const bank = decodeBank(readFileSync('public/data/banks/fmnist-mlp.json', 'utf8'), PRESETS);
  const k = bank.dataset.meta.numClasses;
  const labels = bank.dataset.testLabels;
  const n = labels.length;
  const where = STORY.find((s) => s.id === 'where')!;

  it('is where the story opens the chart, and the chart opens unzoomed', () => {
    expect(where.chart).toBe('risk-coverage');
    expect(where.state.rcZoom).toBe(true);
    expect(RC_ZOOM_MAX).toBeGreaterThan(0);
    expect(riskCoverageSpec.initial({ ce: null, ls: null, normalise: false, classNames: [] }).zoom).toBe(
      false,
    );
  });

  it('covers the coverages where LS makes more extra mistakes than CE, for every seed', () => {
    const alpha = where.state.alpha!;
    const seeds = [...new Set(bank.models.map((m) => m.seed))];
    expect(seeds.length).toBeGreaterThanOrEqual(3);
    const cut = Math.round(RC_ZOOM_MAX * n);
    for (const seed of seeds) {
      const of = (a: number) => bank.models.find((m) => m.alpha === a && m.seed === seed)!.testLogits;
      const ce = riskByCoverage(of(0), labels, k);
      const ls = riskByCoverage(of(alpha), labels, k);
      // The first 1.5% (under 75 samples) is left out: a handful of samples, noise (riskExtent does the same).
      const meanGap = (from: number, to: number): number => {
        let s = 0;
        for (let c = from; c < to; c++) s += ls[c] - ce[c];
        return s / (to - from);
      };
      const inside = meanGap(Math.round((RC_ZOOM_MAX / 20) * n), cut);
      const beyond = meanGap(cut, n);
      expect(inside, `seed ${seed}`).toBeGreaterThan(0);
      expect(inside, `seed ${seed}`).toBeGreaterThan(beyond);
    }
  });
});
