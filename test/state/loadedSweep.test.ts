/**
 * Loaded models as an α sweep: which models are points (an α, the same labels), and that each point's
 * numbers are those of an independent evaluation of its arrays (all samples for %error and MSP; the
 * evaluation half for pNorm when there is no validation split).
 */
import { describe, expect, it } from 'vitest';
import { sampleScoresFromLogits } from '../../src/analysis/sampleScores';
import { evaluateModel } from '../../src/analysis/metrics';
import { searchP } from '../../src/analysis/pSearch';
import { holdoutSplit } from '../../src/import/holdout';
import { pSearchOf } from '../../src/import/pChoice';
import { buildLoadedSweep } from '../../src/state/loadedSweep';
import type { LoadedModel } from '../../src/state/imported';
import { randomLabels, randomLogits } from '../analysis/naive';

const K = 5;
const N = 90;

function model(id: string, alpha: number | null, seed: number, labels: Int32Array) {
  const logits = randomLogits(seed, labels.length, K, 3);
  const test = sampleScoresFromLogits(logits, labels, labels.length, K);
  const m: LoadedModel = {
    id,
    name: `${id}.npz`,
    files: [`${id}.npz`],
    format: 'npz',
    test,
    val: null,
    alpha,
    alphaFrom: alpha === null ? null : 'name',
    pSearch: pSearchOf(test, null),
  };
  return { m, logits };
}

describe('buildLoadedSweep', () => {
  const labels = randomLabels(7, N, K);
  const other = randomLabels(8, N, K);
  const a = model('ce', 0, 1, labels);
  const b = model('ls0.2', 0.2, 2, labels);
  const c = model('ls0.1', 0.1, 3, labels);
  const unknown = model('mystery', null, 4, labels);
  const foreign = model('other', 0.3, 5, other);
  const shorter = model('short', 0.4, 6, labels.slice(0, 60));
  const opts = { pMode: 'search' as const, pHand: 2, centred: true, firstId: 'ce' };

  it('takes the models with an α and the same labels, ascending α; says why the others are left out', () => {
    const s = buildLoadedSweep([a.m, b.m, c.m, unknown.m, foreign.m, shorter.m], opts);
    expect(s.points.map((p) => p.alpha)).toEqual([0, 0.1, 0.2]);
    expect(s.points.map((p) => p.seed)).toEqual([0, 0, 0]);
    expect(s.labelsOf?.id).toBe('ce');
    const why = new Map(s.left.map((l) => [l.model.id, l.why]));
    expect(why.get('mystery')).toMatch(/α is unknown/);
    expect(why.get('other')).toMatch(/labels differ from those of ce\.npz/);
    expect(why.get('short')).toMatch(/test set differs .*N = 60, K = 5 against N = 90, K = 5/);
  });

  it('each point: %error and MSP AURC on all samples, pNorm (and MSP beside it) on the evaluation half', () => {
    const s = buildLoadedSweep([a.m, b.m, c.m], opts);
    const h = holdoutSplit(N);
    const pick = (logits: Float64Array, idx: Int32Array) => {
      const l = new Float64Array(idx.length * K);
      idx.forEach((i, r) => l.set(logits.subarray(i * K, i * K + K), r * K));
      return { l, y: Array.from(idx, (i) => labels[i]) };
    };
    for (const { m, logits } of [a, b, c]) {
      const row = s.rows.find((r) => r.model === m)!;
      const all = evaluateModel(logits, labels, N, K, { p: null, centred: true });
      const sr = pick(logits, h.search);
      const p = searchP(sr.l, sr.y, h.search.length, K, { centred: true }).p;
      const ev = pick(logits, h.evaluate);
      const half = evaluateModel(ev.l, ev.y, h.evaluate.length, K, { p, centred: true });
      expect(row.error).toBeCloseTo(all.error, 12);
      expect(row.aurcMsp).toBeCloseTo(all.msp.aurc, 12);
      expect(row.aurcMspSame).toBeCloseTo(half.msp.aurc, 12);
      expect(row.aurcPnorm).toBeCloseTo(half.pNorm.aurc, 12);
      expect(row.p).toBe(p);
      // The chart's two AURC lines are like for like: both on the evaluation half.
      const point = s.points.find((q) => q.alpha === m.alpha)!;
      expect([point.error, point.aurcMsp, point.aurcPnorm]).toEqual([
        row.error,
        row.aurcMspSame,
        row.aurcPnorm,
      ]);
      expect([row.half, row.nPnorm, row.n]).toEqual([true, h.evaluate.length, N]);
    }
  });

  it('two files of one α are two seeds of it', () => {
    const b2 = model('ls0.2b', 0.2, 9, labels);
    const s = buildLoadedSweep([a.m, b.m, b2.m], opts);
    expect(s.points.map((p) => [p.alpha, p.seed])).toEqual([
      [0, 0],
      [0.2, 0],
      [0.2, 1],
    ]);
  });
});
