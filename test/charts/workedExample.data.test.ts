/**
 * The worked example's numbers (chartData/workedExample.ts) against independent computations: the
 * per-logit LS gradient against central finite differences of the LS loss written out here, the
 * ranks against a brute-force count of scores computed here, and the default and "next" choices
 * and the sentences on a hand-made pair whose answers are worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import type { ModelView, PairView } from '../../src/model/views';
import { workedExampleData, workedExampleEmpty, workedExampleTable } from '../../src/chartData/workedExample';
import {
  confidentCorrectOrder,
  confidentMistakeOrder,
  nextInOrder,
  resolveWorkedPair,
  sampleFromUniform,
  slotFor,
  withSample,
} from '../../src/chartData/workedExampleChoice';
import {
  gradientSentence,
  orderSentence,
  ranksSentence,
  shrinkSentence,
  topSentence,
} from '../../src/chartData/workedExampleWords';
import { createRng } from '../../src/data/rng';
import type { SampleScores } from '../../src/analysis/sampleScores';

function view(
  role: 'ce' | 'ls',
  rows: number[][],
  labels: number[],
  alpha: number,
  p: number | null,
): ModelView {
  const k = rows[0].length;
  return {
    role,
    alpha,
    seed: 0,
    step: 1,
    totalSteps: 1,
    numClasses: k,
    testLogits: new Float32Array(rows.flat()),
    valLogits: new Float32Array(0),
    testLabels: new Int32Array(labels),
    valLabels: new Int32Array(0),
    p,
    pAuto: true,
    centred: true,
    history: [],
  };
}

// Hand-made, K = 3. Correct under both: 0 (CE gap 3) and 1 (CE gap 6); 5 has the largest CE gap but
// CE gets it wrong. LS wrong: 2 (gap 3), 3 (gap 4), 4 (gap 1). LS rows 1 and 2 are equal: a tie.
const Y = [0, 1, 2, 0, 1, 2];
const CE_ROWS = [
  [3, 0, 0],
  [0, 6, 0],
  [0, 0, 4],
  [0, 0, 5],
  [2, 0, 0],
  [9, 0, 0],
];
const LS_ROWS = [
  [2, 0, 0],
  [0, 3, 0],
  [0, 3, 0],
  [0, 0, 4],
  [1, 0, 0],
  [0, 0, 2],
];
const hand = (ceP: number | null = null, lsP: number | null = null): PairView => ({
  ce: view('ce', CE_ROWS, Y, 0, ceP),
  ls: view('ls', LS_ROWS, Y, 0.2, lsP),
  normalise: true,
  classNames: ['a', 'b', 'c'],
});

/** A random pair on shared labels, K = 5: CE logits with large gaps, LS ones shrunk and perturbed. */
function randomPair(n: number, ceP: number | null, lsP: number | null): PairView {
  const k = 5;
  const rng = createRng(3, 'worked-example-test');
  const labels: number[] = [];
  const ce: number[][] = [];
  const ls: number[][] = [];
  for (let i = 0; i < n; i++) {
    const y = rng.int(k);
    labels.push(y);
    const boosted = rng.uniform() < 0.8 ? y : rng.int(k);
    const base = Array.from({ length: k }, () => 3 * rng.normal());
    base[boosted] += 12 * rng.uniform();
    ce.push(base);
    ls.push(base.map((v) => 0.3 * v + 0.5 * rng.normal()));
  }
  return {
    ce: view('ce', ce, labels, 0, ceP),
    ls: view('ls', ls, labels, 0.2, lsP),
    normalise: true,
    classNames: ['a', 'b', 'c', 'd', 'e'],
  };
}

/** L_LS(v) = −Σ_k ỹ_k log softmax(v)_k with ỹ = (1 − α)y + α/K, in float64 by log-sum-exp. */
function lsLoss(v: number[], y: number, alpha: number): number {
  const k = v.length;
  const m = Math.max(...v);
  const lse = m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
  let loss = 0;
  for (let j = 0; j < k; j++) loss -= ((j === y ? 1 - alpha : 0) + alpha / k) * (v[j] - lse);
  return loss;
}

function finiteDifference(v: number[], y: number, alpha: number, j: number, h = 1e-5): number {
  const up = v.slice();
  const down = v.slice();
  up[j] += h;
  down[j] -= h;
  return (lsLoss(up, y, alpha) - lsLoss(down, y, alpha)) / (2 * h);
}

/** Brute-force rank: 1 + how many samples score higher, or equal with a lower index. */
function bruteRank(score: (i: number) => number, n: number, i: number): number {
  let r = 1;
  for (let j = 0; j < n; j++) if (score(j) > score(i) || (score(j) === score(i) && j < i)) r++;
  return r;
}
const row = (m: ModelView, i: number): number[] =>
  Array.from(m.testLogits.subarray(i * m.numClasses, (i + 1) * m.numClasses));
const logMsp = (v: number[]): number => {
  const m = Math.max(...v);
  return -Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
};
const pNorm = (v: number[], p: number): number => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const u = v.map((x) => x - mean);
  return (
    Math.max(...u) /
    Math.pow(
      u.reduce((s, x) => s + Math.abs(x) ** p, 0),
      1 / p,
    )
  );
};

describe('worked example: gradients and ranks', () => {
  const pair = randomPair(300, 2, 3);
  const ce = pair.ce!;
  const ls = pair.ls!;
  const n = ce.testLabels.length;
  const picks: [number, number][] = [
    [0, 1],
    [17, 299],
    [123, 124],
  ];

  it('per-logit LS gradient = central finite differences of the LS loss, and = CE part + LS extra', () => {
    for (const chosen of [null, ...picks]) {
      const data = workedExampleData({ pair, chosen })!;
      for (const s of data.samples) {
        const v = row(ls, s.index);
        for (let j = 0; j < data.k; j++) {
          const fd = finiteDifference(v, ls.testLabels[s.index], ls.alpha, j);
          expect(Math.abs(s.grad.total[j] - fd)).toBeLessThan(1e-6);
          expect(s.grad.cePart[j] + s.grad.lsExtra[j]).toBeCloseTo(s.grad.total[j], 12);
          // The LS extra term at α: α(y_k − 1/K), whatever the logits.
          const yk = j === s.label ? 1 : 0;
          expect(s.grad.lsExtra[j]).toBeCloseTo(ls.alpha * (yk - 1 / data.k), 14);
        }
        expect(s.ce.logits).toEqual(row(ce, s.index));
        expect(s.ls.logits).toEqual(row(ls, s.index));
        expect(s.ls.pi.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      }
    }
  });

  it('ranks under MSP and pNorm (the model’s p, centred) equal a brute-force count', () => {
    for (const chosen of picks) {
      const data = workedExampleData({ pair, chosen })!;
      for (const s of data.samples) {
        for (const m of [ce, ls]) {
          const side = m.role === 'ce' ? s.ce : s.ls;
          expect(side.rankMsp).toBe(bruteRank((i) => logMsp(row(m, i)), n, s.index));
          const close = (i: number): number => pNorm(row(m, i), m.p!);
          expect(side.rankPNorm).toBe(bruteRank(close, n, s.index));
        }
      }
    }
  });

  it('has no pNorm rank when the MSP fallback fired, and says so', () => {
    const data = workedExampleData({ pair: randomPair(50, null, 2), chosen: [3, 4] })!;
    expect(data.samples[0].ce.rankPNorm).toBeNull();
    expect(data.samples[0].ls.rankPNorm).not.toBeNull();
    expect(ranksSentence(data, data.samples[0])).toMatch(/CE·pNorm: the MSP fallback fired/);
  });

  it('exports one CSV row per sample and class with the drawn numbers', () => {
    const data = workedExampleData({ pair, chosen: [5, 6] })!;
    const t = workedExampleTable(data);
    expect(t.rows.length).toBe(2 * data.k);
    const r = t.rows[data.k + 2];
    expect(r[0]).toBe('b');
    expect(r[1]).toBe(6);
    expect(r[t.columns.indexOf('grad_ls_total')]).toBe(data.samples[1].grad.total[2]);
    expect(r[t.columns.indexOf('logit_ce')]).toBe(ce.testLogits[6 * data.k + 2]);
  });
});

describe('worked example: which samples', () => {
  it('defaults to the CE model’s surest sample both get right and the LS model’s surest mistake', () => {
    const pair = hand();
    expect(Array.from(confidentCorrectOrder(pair))).toEqual([1, 0]);
    expect(Array.from(confidentMistakeOrder(pair))).toEqual([3, 2, 4]);
    expect(resolveWorkedPair(pair, null)).toEqual({ samples: [1, 3], fallback: false });
    expect(resolveWorkedPair(pair, [5, 2])).toEqual({ samples: [5, 2], fallback: false });
    expect(resolveWorkedPair(pair, [6, 0])).toEqual({ samples: [1, 3], fallback: true });
  });

  it('"next" walks each order and wraps; a sample not in it starts from the first', () => {
    const pair = hand();
    const correct = confidentCorrectOrder(pair);
    const mistake = confidentMistakeOrder(pair);
    expect(nextInOrder(correct, 1)).toBe(0);
    expect(nextInOrder(correct, 0)).toBe(1);
    expect(nextInOrder(mistake, 3)).toBe(2);
    expect(nextInOrder(mistake, 4)).toBe(3);
    expect(nextInOrder(mistake, 5)).toBe(3);
    expect(nextInOrder(new Int32Array(0), 5)).toBeNull();
  });

  it('Look closer puts an LS mistake in slot B, anything else in slot A', () => {
    const pair = hand();
    expect(slotFor(pair, 2)).toBe(1);
    expect(slotFor(pair, 5)).toBe(0);
    expect(slotFor(pair, 0)).toBe(0);
    expect(withSample([1, 3], slotFor(pair, 4), 4)).toEqual([1, 4]);
    expect(withSample([1, 3], slotFor(pair, 5), 5)).toEqual([5, 3]);
  });

  it('with no LS mistake both slots show the confident correct sample', () => {
    const pair: PairView = { ...hand(), ls: view('ls', CE_ROWS.slice(0, 2), Y.slice(0, 2), 0.2, null) };
    pair.ce = view('ce', CE_ROWS.slice(0, 2), Y.slice(0, 2), 0, null);
    expect(resolveWorkedPair(pair, null)?.samples).toEqual([1, 1]);
  });

  it('maps a uniform number onto a sample index', () => {
    expect(sampleFromUniform(10, 0)).toBe(0);
    expect(sampleFromUniform(10, 0.999999)).toBe(9);
    expect(sampleFromUniform(10, 0.55)).toBe(5);
  });
});

describe('worked example: the words follow the numbers', () => {
  it('on the hand-made pair, worked out by hand', () => {
    const data = workedExampleData({ pair: hand(), chosen: null })!;
    const [a, b] = data.samples;
    expect([a.index, b.index]).toEqual([1, 3]);
    // v_max: A 6 → 3, B 5 → 4. Centred: A 4 → 2 (50 %), B 10/3 → 8/3 (80 %).
    expect(shrinkSentence(data)).toBe(
      "LS moves A's max logit down by 3.0 (from 6.0 under CE to 3.0 under LS), more than B's, which " +
        'moves down by 1.0 (from 5.0 under CE to 4.0 under LS). Centred (u_max = v_max − mean of the ' +
        "logits), LS keeps 50 % of CE's max logit for A and 80 % for B.",
    );
    // CE·MSP order 5, 1, 3, 2, 0, 4; LS·MSP order 3, 1, 2 (tie with 1, later index), 0, 5, 4.
    expect(a.ce.rankMsp).toBe(2);
    expect(b.ce.rankMsp).toBe(3);
    expect(a.ls.rankMsp).toBe(2);
    expect(b.ls.rankMsp).toBe(1);
    expect(orderSentence(data)).toBe(
      'A selective classifier should rank the correct prediction ahead of the wrong one: CE·MSP does ' +
        '(A 2, B 3); LS·MSP does not (A 2, B 1).',
    );
    // Top 20 % of 6 = the first round(1.2) = 1: B under LS only.
    expect(topSentence(data, b)).toMatch(
      /^LS admits it into its top 20 % by MSP \(the 1 most confident\); CE does not\.$/,
    );
    expect(topSentence(data, a)).toMatch(/^Neither model/);
    // A under LS: π_b = e³/(e³ + 2); total = π − 0.8 − 0.2/3, CE part π − 1, LS extra 0.2·2/3.
    const pi = Math.exp(3) / (Math.exp(3) + 2);
    const g = gradientSentence(data, a);
    expect(g).toContain(`= +${(pi - 0.8 - 0.2 / 3).toFixed(4)}`);
    expect(g).toContain(`π_max − c = −${(1 - pi).toFixed(4)} (pushes it up)`);
    expect(g).toContain(`α(c − 1/K) = +${((0.2 * 2) / 3).toFixed(4)} (pushes it down)`);
    expect(g).toMatch(/lowers it\.$/);
    // B under LS: wrong (c = 0), the LS extra on its max logit is −α/K: a slight push up.
    expect(gradientSentence(data, b)).toContain(`α(c − 1/K) = −${(0.2 / 3).toFixed(4)} (pushes it up)`);
  });

  it('says "less than" and "up" when the numbers say so', () => {
    const pair = hand();
    const data = workedExampleData({ pair, chosen: [3, 1] })!;
    expect(shrinkSentence(data)).toMatch(/down by 1\.0 .* less than B's, which moves down by 3\.0/);
    const up = workedExampleData({ pair: hand(), chosen: [5, 1] })!;
    // Sample 5: CE v_max 9 → LS 2: down; swap the models' roles to see "up".
    expect(shrinkSentence(up)).toMatch(/^LS moves A's max logit down by 7\.0/);
    const swapped: PairView = {
      ...pair,
      ce: view('ce', LS_ROWS, Y, 0, null),
      ls: view('ls', CE_ROWS, Y, 0.2, null),
    };
    expect(shrinkSentence(workedExampleData({ pair: swapped, chosen: [1, 3] })!)).toMatch(
      /^LS moves A's max logit up by 3\.0 \(from 3\.0 to 6\.0\)/,
    );
  });
});

describe('worked example: nothing to draw', () => {
  it('without a pair, or for loaded models whose logits never reached the page', () => {
    expect(workedExampleEmpty({ ce: null, ls: null, normalise: true, classNames: [] })).toMatch(
      /needs a CE and an LS/,
    );
    const pair = hand();
    const samples = { test: { n: 6 } as unknown as SampleScores, val: null };
    const loaded: PairView = { ...pair, ls: { ...pair.ls!, testLogits: new Float32Array(0), samples } };
    expect(workedExampleEmpty(loaded)).toMatch(
      /needs each model’s logits, and a loaded file keeps only per-sample scores/,
    );
    expect(workedExampleData({ pair: loaded, chosen: null })).toBeNull();
    expect(workedExampleEmpty(pair)).toBeNull();
  });

  it('when the two models disagree about the labels', () => {
    const pair = hand();
    const other: PairView = { ...pair, ls: view('ls', LS_ROWS, [1, 1, 2, 0, 1, 2], 0.2, null) };
    expect(workedExampleEmpty(other)).toMatch(/same samples/);
  });
});
