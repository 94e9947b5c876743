/**
 * Tie-aware metrics (science.md §3 "Ties") against brute force: every order within each tied block
 * enumerated (tiny cases) or ≥ 2,000 random shuffles within blocks (moderate cases), each order
 * scored by the plain stable-order formulas of naive.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  argsortDescendingStable,
  aurc,
  aurcFromOrder,
  aurocFromOrder,
  aurocMisclassification,
  augrc,
  augrcFromOrder,
  coverageAtRisk,
  coverageAtRiskFromOrder,
  errorsOf,
  maxLogitPNorm,
  predictions,
  riskAtCoverage,
  riskAtCoverageFromOrder,
  riskCoverage,
  searchP,
  selectiveMetricsFromErrors,
  tieKey,
  tieRanking,
} from '../../src/analysis';
import { createRng } from '../../src/data/rng';
import { decodeBank } from '../../src/model/bankFile';
import { PRESETS } from '../../src/model/presets';
import { naiveAuroc, naiveTieKey } from './naive';

const f64 = (a: number[]): Float64Array => Float64Array.from(a);
const u8 = (a: number[]): Uint8Array => Uint8Array.from(a);

/** Metrics of one explicit order (sample indices, most confident first), from scratch. */
function orderMetrics(order: number[], errors: ArrayLike<number>) {
  const n = order.length;
  const risk = [0];
  let cum = 0;
  const cums = [0];
  for (let m = 1; m <= n; m++) {
    cum += errors[order[m - 1]];
    cums.push(cum);
    risk.push(cum / m);
  }
  let a = 0;
  let g = 0;
  for (let m = 1; m <= n; m++) {
    a += (risk[m - 1] + risk[m]) / 2 / n;
    g += (cums[m - 1] + cums[m]) / 2 / n / n;
  }
  return { aurc: a, augrc: g, risk80: risk[Math.ceil(0.8 * n)], risk };
}

/** The tied blocks of naive keys, in descending key order, as lists of indices. */
function naiveBlocks(scores: ArrayLike<number>): number[][] {
  const keys = Array.from(scores, naiveTieKey);
  const distinct = [...new Set(keys)].sort((a, b) => b - a);
  return distinct.map((k) => keys.flatMap((x, i) => (x === k ? [i] : [])));
}

function permutations<T>(a: T[]): T[][] {
  if (a.length <= 1) return [a];
  return a.flatMap((x, i) => permutations([...a.slice(0, i), ...a.slice(i + 1)]).map((p) => [x, ...p]));
}

/** Every order of the samples that keeps blocks in key order (the Cartesian product of permutations). */
function allOrders(scores: ArrayLike<number>): number[][] {
  let out: number[][] = [[]];
  for (const b of naiveBlocks(scores)) {
    const perms = permutations(b);
    out = out.flatMap((prefix) => perms.map((p) => [...prefix, ...p]));
  }
  return out;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function covFromRisk(risk: number[], maxRisk: number): number | null {
  let best = 0;
  for (let m = 1; m < risk.length; m++) if (risk[m] <= maxRisk) best = m;
  return best === 0 ? null : best / (risk.length - 1);
}

describe('tie-aware metrics = the mean over all orders within tied blocks (brute force)', () => {
  const cases: { scores: number[]; errors: number[] }[] = [
    { scores: [0.9, 0.5, 0.5, 0.1], errors: [0, 1, 0, 0] },
    { scores: [0.5, 0.5, 0.5, 0.5, 0.5], errors: [1, 0, 0, 1, 0] },
    { scores: [3, 2, 2, 2, 1, 1, 0], errors: [0, 1, 0, 0, 1, 0, 1] },
    { scores: [1, 1, 0.2, 0.7, 0.7, 0.7, NaN, NaN], errors: [1, 0, 0, 0, 1, 1, 0, 1] },
    { scores: [0.1 + 0.2, 0.3, 0.3, 0.9, 0.05, 0.05], errors: [1, 0, 1, 0, 0, 1] },
  ];
  for (const { scores, errors } of cases) {
    it(`scores ${scores.map((s) => +s.toFixed(3)).join(',')} errors ${errors.join('')}`, () => {
      const s = f64(scores);
      const e = u8(errors);
      const per = allOrders(s).map((o) => orderMetrics(o, e));
      expect(aurc(s, e)).toBeCloseTo(mean(per.map((p) => p.aurc)), 14);
      expect(augrc(s, e)).toBeCloseTo(mean(per.map((p) => p.augrc)), 14);
      expect(riskAtCoverage(s, e, 0.8)).toBeCloseTo(mean(per.map((p) => p.risk80)), 14);
      // The curve is the mean curve; Cov@5% is read from that curve (a maximum over it).
      const meanRisk = per[0].risk.map((_, m) => mean(per.map((p) => p.risk[m])));
      const curve = riskCoverage(s, e);
      for (let m = 0; m < meanRisk.length; m++) expect(curve.risk[m]).toBeCloseTo(meanRisk[m], 14);
      for (const r of [0.05, 0.2, 0.34, 0.5]) expect(coverageAtRisk(s, e, r)).toBe(covFromRisk(meanRisk, r));
      // AUROC counts tied (correct, error) pairs ½.
      expect(aurocMisclassification(s, e)).toBeCloseTo(naiveAuroc(s, e), 14);
      expect(selectiveMetricsFromErrors(s, e).largestTie).toBe(
        Math.max(...naiveBlocks(s).map((b) => b.length)),
      );
    });
  }
});

describe('moderate cases: within Monte-Carlo error of 4,000 random shuffles within blocks', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}`, () => {
      const rng = createRng(seed, 'ties-test');
      const n = 200;
      // Few distinct values: large blocks.
      const scores = Float64Array.from({ length: n }, () => rng.int(12) / 7);
      const errors = Uint8Array.from({ length: n }, () => (rng.uniform() < 0.3 ? 1 : 0));
      const blocks = naiveBlocks(scores);
      const draws = 4000;
      const samples = { aurc: [] as number[], augrc: [] as number[], risk80: [] as number[] };
      for (let d = 0; d < draws; d++) {
        const order: number[] = [];
        for (const b of blocks) {
          const c = [...b];
          for (let i = c.length - 1; i > 0; i--) {
            const j = rng.int(i + 1);
            [c[i], c[j]] = [c[j], c[i]];
          }
          order.push(...c);
        }
        const m = orderMetrics(order, errors);
        samples.aurc.push(m.aurc);
        samples.augrc.push(m.augrc);
        samples.risk80.push(m.risk80);
      }
      const check = (got: number, xs: number[]): void => {
        const mu = mean(xs);
        const sd = Math.sqrt(mean(xs.map((x) => (x - mu) ** 2)));
        expect(sd).toBeGreaterThan(0); // the tie order matters in these cases
        expect(Math.abs(got - mu)).toBeLessThan((4 * sd) / Math.sqrt(draws));
      };
      check(aurc(scores, errors), samples.aurc);
      check(augrc(scores, errors), samples.augrc);
      check(riskAtCoverage(scores, errors, 0.8), samples.risk80);
    });
  }
});

describe('without ties: bit-for-bit the stable-sort values', () => {
  it('random distinct scores', () => {
    for (let seed = 0; seed < 20; seed++) {
      const rng = createRng(seed, 'ties-none');
      const n = 50 + seed * 40; // crosses sort.ts's radix threshold
      const scores = Float64Array.from({ length: n }, () => rng.normal());
      const errors = Uint8Array.from({ length: n }, () => (rng.uniform() < 0.25 ? 1 : 0));
      expect(tieRanking(scores).largest).toBe(1);
      const o = argsortDescendingStable(scores);
      const m = selectiveMetricsFromErrors(scores, errors);
      expect(m.aurc).toBe(aurcFromOrder(o, errors));
      expect(m.augrc).toBe(augrcFromOrder(o, errors));
      expect(m.riskAt80).toBe(riskAtCoverageFromOrder(o, errors, 0.8));
      expect(m.covAt5).toBe(coverageAtRiskFromOrder(o, errors, 0.05));
      expect(m.auroc).toBe(aurocFromOrder(o, errors, scores));
      expect(m.largestTie).toBe(1);
    }
  });
});

describe('tie key: 12 significant digits', () => {
  it('ties values equal after rounding but not bit-equal', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(tieKey(0.1 + 0.2)).toBe(tieKey(0.3));
    const a = 0.5;
    const b = 0.5 * (1 + 1e-14);
    expect(a).not.toBe(b);
    const s = f64([0.9, a, b, 0.1]);
    expect(tieRanking(s).largest).toBe(2);
    // Exactly as if the two were bit-equal.
    expect(aurc(s, u8([0, 1, 0, 0]))).toBe(aurc(f64([0.9, 0.5, 0.5, 0.1]), u8([0, 1, 0, 0])));
    expect(aurc(s, u8([0, 1, 0, 0]))).toBe(aurc(s, u8([0, 0, 1, 0])));
    // Differences at the 11th digit are not ties.
    expect(tieRanking(f64([0.5, 0.5 + 1e-10])).largest).toBe(1);
  });
  it('NaN ranks last, tied with −Infinity; −0 ties +0', () => {
    expect(tieKey(NaN)).toBe(-Infinity);
    expect(Object.is(tieKey(-0), 0)).toBe(true);
    const r = tieRanking(f64([NaN, 1, -Infinity, 0, -0]));
    expect(Array.from(r.order)).toEqual([1, 3, 4, 0, 2]);
    expect(Array.from(r.starts)).toEqual([0, 1, 3, 5]);
    expect(r.largest).toBe(2);
  });
});

describe('tie ranking: the raw-score sort with decimal rounding only between close neighbours', () => {
  /** The definition, written out: every score's key, one stable sort of the keys, equal keys in blocks. */
  function reference(scores: ArrayLike<number>): { order: number[]; starts: number[]; largest: number } {
    const keys = Array.from(scores, tieKey);
    const order = argsortDescendingStable(keys);
    const starts = [0];
    let largest = order.length > 0 ? 1 : 0;
    for (let r = 1; r <= order.length; r++) {
      if (r === order.length || keys[order[r]] !== keys[order[r - 1]]) {
        largest = Math.max(largest, r - starts[starts.length - 1]);
        if (r < order.length) starts.push(r);
      }
    }
    if (order.length > 0) starts.push(order.length);
    return { order: [...order], starts, largest };
  }

  it('equals the definition on near-ties, decade boundaries, repeats, ±0, ±∞ and NaN, small and radix-sized', () => {
    const rng = createRng(7, 'tie-ranking');
    const awkward = [
      0,
      -0,
      Infinity,
      -Infinity,
      NaN,
      1,
      1 + 1e-13,
      1 - 1e-13,
      1 + 4e-12,
      1 + 6e-12,
      9.9999999999995,
      9.99999999999949,
      10,
      10.0000000000001,
      0.1 + 0.2,
      0.3,
      123456.789012345,
      123456.789012349,
      -5e-12,
      5e-12,
      1e-300,
      1.0000000000004e-300,
    ];
    for (const n of [0, 1, 2, 7, 60, 511, 512, 3000]) {
      for (let trial = 0; trial < 4; trial++) {
        const scores = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const u = rng.uniform();
          const base = awkward[rng.int(awkward.length)];
          // A mix: awkward values, their tiny perturbations, a few distinct levels, free values.
          scores[i] =
            u < 0.3
              ? base
              : u < 0.55
                ? base * (1 + (rng.uniform() - 0.5) * 2e-11)
                : u < 0.8
                  ? rng.int(5) / 4
                  : rng.uniform();
        }
        const got = tieRanking(scores);
        const want = reference(scores);
        expect([...got.order]).toEqual(want.order);
        expect([...got.starts]).toEqual(want.starts);
        expect(got.largest).toBe(want.largest);
      }
    }
  });
});

describe('p = 1 saturation (science.md §3): one positive centred entry → exactly ½', () => {
  it('hand-made logits', () => {
    // Centred rows: [4, 0, −1, −3] (mean 1 removed from [5, 1, 0, −2]) and [6, −1, −2, −3]: one
    // positive entry u⁺, Σu = 0 ⇒ ‖u‖₁ = 2u⁺ ⇒ s = ½. [3, 2, −2, −3] has two: s = 3/10.
    const logits = f64([5, 1, 0, -2, 10, 3, 2, 1, 3, 2, -2, -3]);
    const s = maxLogitPNorm(logits, 3, 4, 1, true);
    expect(s[0]).toBe(0.5);
    expect(s[1]).toBe(0.5);
    expect(s[2]).toBeCloseTo(0.3, 15);
    const r = tieRanking(s);
    expect(r.largest).toBe(2);
    expect(Array.from(r.order)).toEqual([0, 1, 2]);
  });
});

describe('the shipped Fashion-MNIST MLP bank (science.md §3 numbers)', () => {
  const bank = decodeBank(readFileSync('public/data/banks/fmnist-mlp.json', 'utf8'), PRESETS);
  const k = bank.dataset.meta.numClasses;
  const model = (alpha: number) => bank.models.find((m) => m.alpha === alpha && m.seed === 0)!;
  const nTest = bank.dataset.testLabels.length;

  it('LS α = 0.2, p = 1: 415 of 5,000 test samples tie at the top; tie-aware AURC 3.62, between the two split orders', () => {
    const m = model(0.2);
    const s = maxLogitPNorm(m.testLogits, nTest, k, 1, true);
    const errors = errorsOf(predictions(m.testLogits, nTest, k), bank.dataset.testLabels);
    const r = tieRanking(s);
    expect(nTest).toBe(5000);
    expect(r.largest).toBe(415);
    expect(r.starts[1] - r.starts[0]).toBe(415); // the top block
    // ½ up to float rounding, which is why ties are judged at 12 significant digits.
    expect(tieKey(s[r.order[0]])).toBe(0.5);
    const bitHalf = Array.from(s).filter((x) => x === 0.5).length;
    expect(bitHalf).toBe(181);
    // Split order within each tied block, and its reverse: the AURC depends on the order.
    const stable = aurcFromOrder(r.order, errors);
    const revOrder = Int32Array.from(r.order);
    for (let b = 0; b + 1 < r.starts.length; b++) revOrder.subarray(r.starts[b], r.starts[b + 1]).reverse();
    const reversed = aurcFromOrder(revOrder, errors);
    const tied = aurc(s, errors);
    expect(stable - reversed).toBeGreaterThan(0.001); // 0.1 percentage points of AURC from order alone
    // The numbers docs/science.md §3.8 quotes: 3.69 by split order, 3.57 reversed, 3.67 by raw floats.
    expect((100 * stable).toFixed(2)).toBe('3.69');
    expect((100 * reversed).toFixed(2)).toBe('3.57');
    expect((100 * aurcFromOrder(argsortDescendingStable(s), errors)).toFixed(2)).toBe('3.67');
    expect(tied).toBeGreaterThan(reversed);
    expect(tied).toBeLessThan(stable);
    expect((100 * tied).toFixed(2)).toBe('3.62');
    expect(selectiveMetricsFromErrors(s, errors).largestTie).toBe(415);
  });

  it('LS α = 0.6: 1,005 tie; validation search (tie-aware) still picks p = 1 for α = 0.2', () => {
    const m6 = model(0.6);
    expect(tieRanking(maxLogitPNorm(m6.testLogits, nTest, k, 1, true)).largest).toBe(1005);
    const m = model(0.2);
    const nVal = bank.dataset.valLabels.length;
    const r = searchP(m.valLogits, bank.dataset.valLabels, nVal, k);
    expect(r.p).toBe(1);
    const at = (p: number) => r.aurcByP.find((x) => x.p === p)!.aurc;
    expect((100 * at(1)).toFixed(2)).toBe('2.53');
    expect((100 * at(2)).toFixed(2)).toBe('2.58');
  });
});
