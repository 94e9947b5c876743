/**
 * A CE/LS pair on the same test samples for the CE-twin views: the LS logits are the CE logits
 * scaled by a per-sample factor (a shrink that is stronger, or weaker, where CE is surer) plus a
 * little noise, so who gets into the confident set changes in a known direction.
 */
import { createRng } from '../../src/data/rng';
import { sampleScoresFromLogits } from '../../src/analysis/sampleScores';
import type { ModelView, PairView } from '../../src/model/views';
import { makeModel } from './fixtures';

export interface TwinFixtureOptions {
  n?: number;
  /** r as a function of CE's softmax confidence π_max (default: 0.45 − 0.25·π_max). */
  shrink?: (pMax: number) => number;
  /** Logit noise added to LS (default 0.4). */
  noise?: number;
  lsP?: number | null;
}

function pMaxOf(logits: Float32Array, i: number, k: number): number {
  let m = -Infinity;
  for (let j = 0; j < k; j++) m = Math.max(m, logits[i * k + j]);
  let z = 0;
  for (let j = 0; j < k; j++) z += Math.exp(logits[i * k + j] - m);
  return 1 / z;
}

export function makeTwinPair(o: TwinFixtureOptions = {}): PairView {
  const { n = 400, shrink = (p: number) => 0.45 - 0.25 * p, noise = 0.4, lsP = 2 } = o;
  const ce = makeModel({ role: 'ce', n, gap: 8, p: null });
  const k = ce.numClasses;
  const rng = createRng(7, 'twin-fixture');
  const lsLogits = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const r = shrink(pMaxOf(ce.testLogits, i, k));
    for (let j = 0; j < k; j++) lsLogits[i * k + j] = r * ce.testLogits[i * k + j] + noise * rng.normal();
  }
  const ls: ModelView = {
    ...makeModel({ role: 'ls', n, p: lsP }),
    testLogits: lsLogits,
    testLabels: ce.testLabels,
  };
  return { ce, ls, normalise: true, classNames: ['a', 'b', 'c', 'd'] };
}

/** The same model as a loaded file would give it: per-sample scores, empty logit arrays. */
export function asLoaded(m: ModelView, name: string): ModelView {
  const test = sampleScoresFromLogits(m.testLogits, m.testLabels, m.testLabels.length, m.numClasses);
  return {
    ...m,
    name,
    testLogits: new Float32Array(0),
    valLogits: new Float32Array(0),
    samples: { test, val: null },
  };
}
