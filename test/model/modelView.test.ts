/**
 * resultFor (the α-sweep's and the results file's numbers in the app) reuses the checkpoint's
 * cached p search instead of searching again: its metrics must equal the runner's own computation,
 * which searches p itself, and its p must be the view's.
 */
import { describe, expect, it } from 'vitest';
import { pSearchFor, resultFor } from '../../src/model/modelView';
import { runResultFromCheckpoint } from '../../src/model/results';
import type { ModelCheckpoint } from '../../src/model/training';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function checkpoint(nVal: number, nTest: number, k: number, seed: number) {
  const r = rng(seed);
  const labels = (n: number) => Int32Array.from({ length: n }, () => Math.floor(r() * k));
  const val = labels(nVal);
  const test = labels(nTest);
  // Logits that favour the label most of the time, at varied scales: a p search with something to find.
  const logits = (y: Int32Array) => {
    const out = new Float32Array(y.length * k);
    for (let i = 0; i < y.length; i++) {
      const scale = 0.5 + 3 * r();
      for (let j = 0; j < k; j++) out[i * k + j] = scale * (r() * 2 - 1 + (j === y[i] ? 1.2 : 0));
    }
    return out;
  };
  const cp: ModelCheckpoint = {
    alpha: 0.2,
    seed: 0,
    trainLoss: 1,
    trainAcc: 0.5,
    valLogits: logits(val),
    testLogits: logits(test),
    diverged: false,
  };
  return { cp, labels: { val, test } };
}

describe('resultFor', () => {
  for (const centred of [false, true]) {
    it(`equals the runner's own computation and uses the view's p search (centred ${centred})`, () => {
      const k = 5;
      const { cp, labels } = checkpoint(400, 600, k, centred ? 7 : 3);
      const independent = runResultFromCheckpoint(cp, labels, k, { centred, saveLogits: false });
      const app = resultFor(cp, labels, k, centred);
      expect(app).toEqual(independent);
      expect(app.metrics.p).toBe(pSearchFor(cp, labels.val, k, centred).p);
      // Cached: the same object a second time.
      expect(resultFor(cp, labels, k, centred)).toBe(app);
    });
  }
});
