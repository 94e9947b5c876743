/** A CE/LS twin pair on the same samples (labels shared, LS logits a confidence-dependent shrink of CE's). */
import { mspLog } from '../../src/analysis/scores';
import { createRng } from '../../src/data/rng';
import type { ModelView, PairView } from '../../src/model/views';
import { makeModel } from './fixtures';

export const N = 300;
export const K = 4;

/**
 * One split of a CE/LS twin pair on the same samples: CE logits from the fixture generator, LS
 * logits the CE ones shrunk by r ∈ (0.15, 0.6), smaller where CE is surer, plus noise.
 */
function twinSplit(n: number, seed: number): { labels: Int32Array; ce: Float32Array; ls: Float32Array } {
  const base = makeModel({ role: 'ce', n, k: K, seed });
  const rng = createRng(seed, 'twin-split');
  const ls = new Float32Array(n * K);
  const msp = mspLog(base.testLogits, n, K);
  for (let i = 0; i < n; i++) {
    const r = 0.6 - 0.45 * Math.exp(msp[i]);
    for (let j = 0; j < K; j++) ls[i * K + j] = r * base.testLogits[i * K + j] + 0.3 * rng.normal();
  }
  return { labels: base.testLabels, ce: base.testLogits, ls };
}
export const TEST = twinSplit(N, 3);
export const VAL = twinSplit(200, 8);

/** One model of the twin pair, with its validation split. */
export function model(
  role: 'ce' | 'ls',
  o: { p?: number | null; pAuto?: boolean; centred?: boolean } = {},
): ModelView {
  const m = makeModel({
    role,
    n: N,
    k: K,
    seed: 3,
    p: o.p === undefined ? 2 : o.p,
    centred: o.centred ?? true,
  });
  return {
    ...m,
    testLogits: TEST[role],
    testLabels: TEST.labels,
    valLogits: VAL[role],
    valLabels: VAL.labels,
    pAuto: o.pAuto ?? true,
  };
}

/** The twin pair as the page shows it: LS with p from "validation", CE on the MSP fallback. */
export function twinPair(): PairView {
  return { ce: model('ce', { p: null }), ls: model('ls', { p: 1 }), normalise: true, classNames: [] };
}
