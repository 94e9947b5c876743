/**
 * The score-set bootstrap (analysis/bootstrap.ts scoreSetBootstrap: every confidence score of one or
 * two models on shared draws) against an independent implementation that materialises each draw
 * (the drawn samples' scores and errors, copies included), groups it into tied blocks by its own
 * 12-significant-digit rounding, averages the errors within each block, and integrates the curve —
 * on the same draws (the same seeded generator), so every interval must come out identical. Also:
 * its MSP and pNorm intervals are exactly those of pairedAurcBootstrap (the metrics table's), and
 * the eight real scores of a model pair (chartData/confidenceScores) give the same identity.
 */
import { describe, expect, it } from 'vitest';
import {
  drawIndices,
  pairedAurcBootstrap,
  scoreSetBootstrap,
  seededUniform,
  withinKey,
  type ScoreSetModel,
} from '../../src/analysis/bootstrap';
import { createRng } from '../../src/data/rng';
import { buildScoreCompare, SCORE_IDS } from '../../src/chartData/confidenceScores';
import { scoreSetModels } from '../../src/state/intervals/useScoreIntervals';
import { twinPair } from '../charts/normalisationFixtures';
import { naiveAurc } from './naive';

/** Tie-aware AURC of a materialised sample: blocks of equal 12-digit scores, m/b errors per position. */
function tieAurc(score: number[], err: number[]): number {
  const n = score.length;
  const key = (s: number) => (Number.isNaN(s) ? -Infinity : Number(s.toPrecision(12)) + 0);
  const blocks = new Map<number, { b: number; m: number }>();
  score.forEach((s, i) => {
    const k = key(s);
    const blk = blocks.get(k) ?? { b: 0, m: 0 };
    blk.b += 1;
    blk.m += err[i];
    blocks.set(k, blk);
  });
  const keys = [...blocks.keys()].sort((x, y) => y - x);
  let cum = 0;
  let pos = 0;
  let prev = 0;
  let area = 0;
  for (const k of keys) {
    const { b, m } = blocks.get(k)!;
    const f = b === 1 ? m : m / b;
    for (let j = 0; j < b; j++) {
      cum += f;
      pos++;
      const r = cum / pos;
      area += prev + r;
      prev = r;
    }
  }
  return area / (2 * n);
}

/** Type-7 percentile. */
function q7(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/** The independent bootstrap: per draw, per model and score, the AURC of the materialised draw. */
function naiveScoreSet(models: ScoreSetModel[], resamples: number, seed: number, aurcOf = tieAurc) {
  const n = models[0].errors.length;
  const next = seededUniform(seed);
  const draws = models.map((m) =>
    Object.fromEntries(
      Object.entries(m.scores)
        .filter(([, v]) => v)
        .map(([id]) => [id, [] as number[]]),
    ),
  );
  for (let b = 0; b < resamples; b++) {
    const idx = Array.from(drawIndices(next, n));
    models.forEach((m, i) => {
      const e = idx.map((j) => m.errors[j]);
      for (const [id, v] of Object.entries(m.scores))
        if (v)
          draws[i][id].push(
            aurcOf(
              idx.map((j) => v[j]),
              e,
            ),
          );
    });
  }
  const full = models.map((m) =>
    Object.fromEntries(
      Object.entries(m.scores)
        .filter(([, v]) => v)
        .map(([id, v]) => [id, aurcOf(Array.from(v!), Array.from(m.errors))]),
    ),
  );
  const interval = (value: number, d: number[]) => ({ value, lo: q7(d, 0.025), hi: q7(d, 0.975) });
  const minus = (a: number[], b: number[]) => a.map((x, i) => x - b[i]);
  return {
    models: draws.map((d, i) =>
      Object.fromEntries(Object.keys(d).map((id) => [id, interval(full[i][id], d[id])])),
    ),
    within: draws.map((d, i) => {
      const out: Record<string, { value: number; lo: number; hi: number }> = {};
      for (const a of Object.keys(d))
        for (const b of Object.keys(d))
          if (a !== b) out[withinKey(a, b)] = interval(full[i][a] - full[i][b], minus(d[a], d[b]));
      return out;
    }),
    difference:
      draws.length === 2
        ? Object.fromEntries(
            Object.keys(draws[0])
              .filter((id) => id in draws[1])
              .map((id) => [id, interval(full[1][id] - full[0][id], minus(draws[1][id], draws[0][id]))]),
          )
        : {},
  };
}

/** A model with three scores (one coarse: many ties) and one unavailable. */
function makeModel(seed: number, n: number): ScoreSetModel & { raw: Float64Array } {
  const rng = createRng(seed, 'score-set-test');
  const errors = Uint8Array.from({ length: n }, () => (rng.uniform() < 0.25 ? 1 : 0));
  const raw = Float64Array.from(errors, (e) => rng.normal() - e);
  return {
    errors,
    raw,
    scores: {
      msp: raw,
      coarse: Float64Array.from(raw, (x) => Math.round(x * 2) / 2),
      other: Float64Array.from(raw, (x) => x + 0.7 * rng.normal()),
      missing: null,
    },
  };
}

describe('score-set bootstrap', () => {
  it('equals the independent materialised bootstrap on the same draws, interval for interval', () => {
    const a = makeModel(1, 250);
    const b = makeModel(2, 250);
    const fast = scoreSetBootstrap([a, b], { resamples: 120, seed: 17 });
    const naive = naiveScoreSet([a, b], 120, 17);
    expect(fast.models).toEqual(naive.models);
    expect(fast.within).toEqual(naive.within);
    expect(fast.difference).toEqual(naive.difference);
    expect(Object.keys(fast.models[0]).sort()).toEqual(['coarse', 'msp', 'other']);
    expect(Object.keys(fast.within[1])).toHaveLength(6);
    expect(fast).toMatchObject({ n: 250, resamples: 120, seed: 17 });
  });

  it('is the expectation over tie orders: brute force on tiny draws', () => {
    const m = makeModel(5, 9);
    const fast = scoreSetBootstrap([m], { resamples: 25, seed: 2 });
    const naive = naiveScoreSet([m], 25, 2, (s, e) => naiveAurc(Float64Array.from(s), Uint8Array.from(e)));
    for (const id of ['msp', 'coarse', 'other']) {
      for (const k of ['value', 'lo', 'hi'] as const)
        expect(fast.models[0][id][k]).toBeCloseTo(naive.models[0][id][k], 12);
    }
  });

  it('keeps the metrics table’s MSP and pNorm intervals exactly (same seed, same draws)', () => {
    const a = makeModel(3, 400);
    const b = makeModel(4, 400);
    const opts = { resamples: 300, seed: 20240601 };
    const pair = pairedAurcBootstrap(
      { errors: a.errors, msp: a.scores.msp!, pNorm: a.scores.other! },
      { errors: b.errors, msp: b.scores.msp!, pNorm: b.scores.other! },
      opts,
    );
    const set = scoreSetBootstrap(
      [
        { errors: a.errors, scores: { coarse: a.scores.coarse, msp: a.scores.msp, pNorm: a.scores.other } },
        { errors: b.errors, scores: { msp: b.scores.msp, pNorm: b.scores.other, coarse: b.scores.coarse } },
      ],
      opts,
    );
    expect(set.models[0].msp).toEqual(pair.reference.msp);
    expect(set.models[0].pNorm).toEqual(pair.reference.pNorm);
    expect(set.models[1].msp).toEqual(pair.compared.msp);
    expect(set.models[1].pNorm).toEqual(pair.compared.pNorm);
    expect(set.difference.msp).toEqual(pair.difference.msp);
    expect(set.difference.pNorm).toEqual(pair.difference.pNorm);
    expect(set.within[1][withinKey('pNorm', 'msp')]).toEqual(pair.comparedNormVsMsp);
  });

  it('the eight scores of a CE/LS pair: identical to the independent bootstrap', () => {
    const data = buildScoreCompare(twinPair())!;
    const models = scoreSetModels(data);
    expect(Object.keys(models[0].scores).sort()).toEqual([...SCORE_IDS].sort());
    const fast = scoreSetBootstrap(models, { resamples: 40, seed: 8 });
    const naive = naiveScoreSet(models, 40, 8);
    expect(fast.models).toEqual(naive.models);
    expect(fast.difference).toEqual(naive.difference);
    expect(fast.within).toEqual(naive.within);
  });

  it('different seeds agree within Monte-Carlo error', () => {
    const a = makeModel(6, 1500);
    const b = makeModel(7, 1500);
    const x = scoreSetBootstrap([a, b], { resamples: 1000, seed: 1 });
    const y = scoreSetBootstrap([a, b], { resamples: 1000, seed: 2 });
    for (const id of ['msp', 'coarse']) {
      const w = x.difference[id].hi - x.difference[id].lo;
      expect(w).toBeGreaterThan(0);
      expect(Math.abs(x.difference[id].lo - y.difference[id].lo)).toBeLessThan(0.15 * w);
      expect(Math.abs(x.difference[id].hi - y.difference[id].hi)).toBeLessThan(0.15 * w);
    }
  });

  it('refuses unpaired models and more than two', () => {
    const a = makeModel(1, 50);
    expect(() => scoreSetBootstrap([a, makeModel(2, 40)], { resamples: 5, seed: 1 })).toThrow(RangeError);
    expect(() => scoreSetBootstrap([a, a, a], { resamples: 5, seed: 1 })).toThrow(RangeError);
    expect(() => scoreSetBootstrap([], { resamples: 5, seed: 1 })).toThrow(RangeError);
  });
});
