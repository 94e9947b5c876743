import { describe, expect, it } from 'vitest';
import { meanSdCell, spreadRowsFor } from '../../src/model/metricsSpread';
import { evaluateView, metricsRows } from '../../src/model/metricsRows';
import type { ModelEvaluation } from '../../src/analysis/metrics';
import { makeModel } from '../charts/fixtures';

describe('meanSdCell', () => {
  it('writes mean ± sample sd in percent, by hand', () => {
    // 0.10, 0.12, 0.14: mean 0.12; deviations ±0.02, 0 → (0.0004 · 2) / 2 → sd 0.02.
    expect(meanSdCell([0.1, 0.12, 0.14])).toBe('12.00 ± 2.00');
    // 0.7 and 0.5 of three (one undefined): mean 0.6, sd √((0.01 + 0.01) / 1) = 0.1414.
    expect(meanSdCell([0.7, null, 0.5])).toBe('60.00 ± 14.14 (2 of 3)');
    expect(meanSdCell([0.3, null])).toBe('30.00 (1 of 2)');
    expect(meanSdCell([null, NaN])).toBe('—');
  });
});

/** Top-1 error by brute force (first maximum wins, as argmax does). */
function bruteError(logits: Float32Array, labels: Int32Array, k: number): number {
  let wrong = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (logits[i * k + j] > logits[i * k + best]) best = j;
    if (best !== labels[i]) wrong++;
  }
  return wrong / labels.length;
}

describe('spreadRowsFor and metricsRows with seeds', () => {
  const views = [2, 0, 1].map((seed) => makeModel({ role: 'ls', seed, p: seed === 1 ? null : 2 }));

  it('needs two seeds, and lists rows under each model row with mean ± sd of each seed', () => {
    expect(spreadRowsFor('ls', views.slice(0, 1), evaluateView)).toBeNull();
    const ce = makeModel({ role: 'ce', seed: 0 });
    const shown = views[1]; // seed 0
    const rows = metricsRows({ ce, ls: shown }, { ce: [ce], ls: views });
    expect(rows.map((r) => r.id)).toEqual([
      'ce-msp',
      'ce-pnorm',
      'ls-msp',
      'ls-msp-seeds',
      'ls-pnorm',
      'ls-pnorm-seeds',
    ]);
    const spread = rows.find((r) => r.id === 'ls-msp-seeds')!;
    expect(spread.label).toBe('3 seeds: mean ± sd');
    expect(spread.title).toMatch(/sample standard deviation \(n − 1\).*seeds 0, 1, 2/);
    // The error column against a brute-force error per seed and a hand-written sample sd.
    const errs = views.map((v) => bruteError(v.testLogits, v.testLabels, v.numClasses));
    const mean = (errs[0] + errs[1] + errs[2]) / 3;
    const sd = Math.sqrt(((errs[0] - mean) ** 2 + (errs[1] - mean) ** 2 + (errs[2] - mean) ** 2) / 2);
    expect(spread.cells[0]).toBe(`${(mean * 100).toFixed(2)} ± ${(sd * 100).toFixed(2)}`);
    expect(rows.find((r) => r.id === 'ls-pnorm-seeds')!.cells[8]).toBe('2, MSP, 2');
  });

  it('aggregates each column of the evaluation, in seed order', () => {
    const fake = (v: number): ModelEvaluation => {
      const s = {
        n: 1,
        error: v,
        aurc: v,
        oracleAurc: 0,
        eAurc: v,
        augrc: v,
        riskAt80: v,
        covAt5: v,
        auroc: v,
      };
      return {
        n: 1,
        error: v,
        msp: s,
        pNorm: { ...s, aurc: v / 2 },
        ece: v,
        p: 2,
        centred: true,
      } as ModelEvaluation;
    };
    const bySeed = new Map(views.map((m) => [m, [0.1, 0.2, 0.3][m.seed]]));
    const r = spreadRowsFor('ls', views, (m) => fake(bySeed.get(m)!))!;
    // 0.1, 0.2, 0.3: mean 0.2, sd 0.1; halved for the pNorm AURC.
    expect(r.msp.cells.slice(0, 8)).toEqual(Array(8).fill('20.00 ± 10.00'));
    expect(r.pNorm.cells[1]).toBe('10.00 ± 5.00');
    expect(r.pNorm.cells[7]).toBe('—');
  });
});
