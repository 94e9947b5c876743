/**
 * The paired bootstrap (science.md §3 "Uncertainty of a comparison") against a naive one that
 * materialises every draw (the drawn samples' scores and errors) and scores it with the tie-aware
 * AURC of riskCoverage.ts — and, for tiny draws, with the brute-force expectation of naive.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  aurcBootstrap,
  aurcOfDraw,
  bootstrapAurcDraws,
  drawIndices,
  excludesZero,
  pairedAurcBootstrap,
  percentile,
  prepareSeries,
  seededUniform,
} from '../../src/analysis/bootstrap';
import { aurc } from '../../src/analysis';
import { createRng } from '../../src/data/rng';
import { naiveAurc } from './naive';

function makeModel(seed: number, n: number, tieLevels: number | null) {
  const rng = createRng(seed, 'bootstrap-test');
  const errors = Uint8Array.from({ length: n }, () => (rng.uniform() < 0.2 ? 1 : 0));
  // A score that tends to be lower on errors; optionally coarse (many ties).
  const raw = Array.from(errors, (e) => rng.normal() - 1.2 * e);
  const score = Float64Array.from(raw, (x) =>
    tieLevels === null ? x : Math.round(x * tieLevels) / tieLevels,
  );
  const pNorm = Float64Array.from(raw, (x) => x + 0.5 * rng.normal());
  return { errors, msp: score, pNorm };
}

/** The naive bootstrap: same generator, each draw materialised. */
function naiveDraws(
  series: { errors: ArrayLike<number>; score: ArrayLike<number> }[],
  resamples: number,
  seed: number,
  reference: (s: ArrayLike<number>, e: ArrayLike<number>) => number,
): number[][] {
  const next = seededUniform(seed);
  const n = series[0].errors.length;
  const out = series.map(() => [] as number[]);
  for (let b = 0; b < resamples; b++) {
    const idx = drawIndices(next, n);
    series.forEach((s, k) => {
      const sc = Float64Array.from(idx, (i) => s.score[i]);
      const er = Uint8Array.from(idx, (i) => s.errors[i]);
      out[k].push(reference(sc, er));
    });
  }
  return out;
}

describe('bootstrap AURC of a draw', () => {
  it('equals the tie-aware AURC of the materialised draw, bit for bit (same draws)', () => {
    for (const levels of [null, 3, 1]) {
      const m = makeModel(7, 400, levels);
      const series = [
        { errors: m.errors, score: m.msp },
        { errors: m.errors, score: m.pNorm },
      ];
      const fast = bootstrapAurcDraws(series, { resamples: 60, seed: 11 });
      const naive = naiveDraws(series, 60, 11, (s, e) => aurc(s, e as Uint8Array));
      for (let k = 0; k < series.length; k++) expect(Array.from(fast[k])).toEqual(naive[k]);
    }
  });
  it('equals the brute-force expectation over tie orders of naive.ts on small draws', () => {
    const m = makeModel(3, 40, 2);
    const series = [{ errors: m.errors, score: m.msp }];
    const fast = bootstrapAurcDraws(series, { resamples: 30, seed: 5 });
    const naive = naiveDraws(series, 30, 5, naiveAurc);
    fast[0].forEach((v, b) => expect(v).toBeCloseTo(naive[0][b], 12));
  });
  it('with every multiplicity 1 is the AURC of the split', () => {
    const m = makeModel(1, 300, 4);
    const p = prepareSeries({ errors: m.errors, score: m.msp });
    expect(aurcOfDraw(p, new Int32Array(300).fill(1), 300)).toBe(aurc(m.msp, m.errors));
  });
});

describe('paired intervals', () => {
  const ce = makeModel(21, 1500, 5);
  const ls = makeModel(22, 1500, 2);

  it('a model against itself: the difference interval is [0, 0]', () => {
    const r = pairedAurcBootstrap(ce, ce, { resamples: 1000, seed: 1 });
    for (const s of ['msp', 'pNorm'] as const) {
      expect(r.difference[s]).toEqual({ value: 0, lo: 0, hi: 0 });
      expect(excludesZero(r.difference[s])).toBe(false);
      expect(r.reference[s]).toEqual(r.compared[s]);
    }
  });

  it('intervals bracket the full-sample AURC and match the draws percentiles', () => {
    const r = pairedAurcBootstrap(ce, ls, { resamples: 1000, seed: 2 });
    const draws = bootstrapAurcDraws(
      [
        { errors: ce.errors, score: ce.msp },
        { errors: ce.errors, score: ce.pNorm },
        { errors: ls.errors, score: ls.msp },
        { errors: ls.errors, score: ls.pNorm },
      ],
      { resamples: 1000, seed: 2 },
    );
    expect(r.reference.msp.value).toBe(aurc(ce.msp, ce.errors));
    expect(r.compared.pNorm.value).toBe(aurc(ls.pNorm, ls.errors));
    expect(r.reference.msp.lo).toBe(percentile(draws[0], 0.025));
    expect(r.compared.msp.hi).toBe(percentile(draws[2], 0.975));
    const d = Array.from(draws[2], (x, i) => x - draws[0][i]);
    expect(r.difference.msp.lo).toBe(percentile(d, 0.025));
    expect(r.difference.msp.value).toBe(r.compared.msp.value - r.reference.msp.value);
    for (const i of [
      r.reference.msp,
      r.reference.pNorm,
      r.compared.msp,
      r.compared.pNorm,
      r.difference.msp,
    ]) {
      expect(i.lo).toBeLessThanOrEqual(i.value);
      expect(i.hi).toBeGreaterThanOrEqual(i.value);
    }
  });

  it('different seeds agree within Monte-Carlo error', () => {
    const a = pairedAurcBootstrap(ce, ls, { resamples: 1000, seed: 3 });
    const b = pairedAurcBootstrap(ce, ls, { resamples: 1000, seed: 4 });
    const width = a.difference.msp.hi - a.difference.msp.lo;
    expect(width).toBeGreaterThan(0);
    // Percentiles of 1,000 draws move by a few percent of the interval's width between seeds.
    expect(Math.abs(a.difference.msp.lo - b.difference.msp.lo)).toBeLessThan(0.15 * width);
    expect(Math.abs(a.difference.msp.hi - b.difference.msp.hi)).toBeLessThan(0.15 * width);
    const w = a.reference.pNorm.hi - a.reference.pNorm.lo;
    expect(Math.abs(a.reference.pNorm.lo - b.reference.pNorm.lo)).toBeLessThan(0.15 * w);
    // The same seed: the same numbers.
    expect(pairedAurcBootstrap(ce, ls, { resamples: 1000, seed: 3 })).toEqual(a);
  });

  it('agrees within Monte-Carlo error with an independent bootstrap on other draws', () => {
    // The naive bootstrap here draws its indices from another generator (data/rng.ts, not
    // seededUniform), materialises each draw and takes its own nearest-rank percentiles.
    const rng = createRng(99, 'independent-bootstrap');
    const n = ce.errors.length;
    const B = 1000;
    const diffs: number[] = [];
    const refs: number[] = [];
    for (let b = 0; b < B; b++) {
      const idx = Int32Array.from({ length: n }, () => Math.floor(rng.uniform() * n));
      const pick = (m: typeof ce) => ({
        s: Float64Array.from(idx, (i) => m.msp[i]),
        e: Uint8Array.from(idx, (i) => m.errors[i]),
      });
      const a = pick(ce);
      const c = pick(ls);
      const ra = aurc(a.s, a.e);
      refs.push(ra);
      diffs.push(aurc(c.s, c.e) - ra);
    }
    const rank = (v: number[], q: number) => [...v].sort((x, y) => x - y)[Math.round(q * (v.length - 1))];
    const r = pairedAurcBootstrap(ce, ls, { resamples: B, seed: 5 });
    const width = r.difference.msp.hi - r.difference.msp.lo;
    expect(width).toBeGreaterThan(0);
    expect(Math.abs(r.difference.msp.lo - rank(diffs, 0.025))).toBeLessThan(0.15 * width);
    expect(Math.abs(r.difference.msp.hi - rank(diffs, 0.975))).toBeLessThan(0.15 * width);
    const w = r.reference.msp.hi - r.reference.msp.lo;
    expect(Math.abs(r.reference.msp.lo - rank(refs, 0.025))).toBeLessThan(0.15 * w);
    expect(Math.abs(r.reference.msp.hi - rank(refs, 0.975))).toBeLessThan(0.15 * w);
  });

  it('the bootstrap spread matches the analytic spread of a mean', () => {
    // With a constant score (one tied block) the AURC of a draw is a function of its error rate
    // alone; the interval of the error rate of N Bernoulli(q) draws is about q ± 1.96·√(q(1−q)/N).
    const n = 2000;
    const errors = Uint8Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const flat = new Float64Array(n).fill(0.5);
    const r = aurcBootstrap({ errors, msp: flat, pNorm: null }, { resamples: 2000, seed: 9 });
    // One block: R_n = q for every n ≥ 1, so AURC = q − q/(2N).
    const q = 0.2;
    expect(r.msp.value).toBeCloseTo(q - q / (2 * n), 12);
    const half = 1.96 * Math.sqrt((q * (1 - q)) / n);
    expect((r.msp.hi - r.msp.lo) / 2).toBeCloseTo(half, 2);
  });

  it('refuses unpaired models', () => {
    expect(() => pairedAurcBootstrap(ce, makeModel(1, 10, null), { resamples: 10, seed: 1 })).toThrow(
      RangeError,
    );
    expect(() =>
      bootstrapAurcDraws([{ errors: ce.errors, score: ce.msp }], { resamples: 0, seed: 1 }),
    ).toThrow(RangeError);
  });

  it('is fast: 1,000 draws of 4 series over 5,000 samples well under 2 s', () => {
    const a = makeModel(31, 5000, 3);
    const b = makeModel(32, 5000, null);
    const t0 = performance.now();
    pairedAurcBootstrap(a, b, { resamples: 1000, seed: 1 });
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
