/**
 * Deliberately naive reference implementations for the analysis tests: plain arrays, O(N²) where that
 * is the most obvious way, every quantity recomputed from scratch from its science.md definition.
 * They share no code with src/analysis.
 */
import { createRng } from '../../src/data/rng';

export function randomLogits(seed: number, n: number, k: number, scale = 3): Float64Array {
  const rng = createRng(seed, 'analysis-test-logits');
  const out = new Float64Array(n * k);
  for (let i = 0; i < n * k; i++) out[i] = scale * rng.normal();
  return out;
}

export function randomLabels(seed: number, n: number, k: number): Int32Array {
  const rng = createRng(seed, 'analysis-test-labels');
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(k);
  return out;
}

export function row(logits: ArrayLike<number>, i: number, k: number): number[] {
  const r: number[] = [];
  for (let j = 0; j < k; j++) r.push(logits[i * k + j]);
  return r;
}

export function naiveSoftmax(v: number[]): number[] {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  let z = 0;
  for (const x of e) z += x;
  return e.map((x) => x / z);
}

export function naiveArgmax(v: number[]): number {
  let best = 0;
  for (let j = 0; j < v.length; j++) if (v[j] > v[best]) best = j;
  return best;
}

/** Stable descending order by insertion sort; NaN counts as −Infinity. */
export function naiveOrder(scores: ArrayLike<number>): number[] {
  const key = (i: number): number => (Number.isNaN(scores[i]) ? -Infinity : scores[i]);
  const order: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    let pos = order.length;
    while (pos > 0 && key(order[pos - 1]) < key(i)) pos--;
    order.splice(pos, 0, i);
  }
  return order;
}

/** science.md §3's tie key: 12 significant digits, NaN as −Infinity. */
export function naiveTieKey(s: number): number {
  if (Number.isNaN(s)) return -Infinity;
  if (!Number.isFinite(s)) return s;
  return Number(s.toPrecision(12));
}

/**
 * Expected cumulative error count among the n most confident samples, n = 0..N, over all orders of
 * tied samples: Σ_i e_i · P(i is among the first n), where a sample with `above` samples strictly
 * surer and `b` samples tied with it (itself included) is among the first n with probability
 * clamp((n − above)/b, 0, 1). O(N²), from the definition.
 */
export function naiveExpectedCum(scores: ArrayLike<number>, errors: ArrayLike<number>): number[] {
  const n = scores.length;
  const key = Array.from(scores, naiveTieKey);
  const above: number[] = [];
  const tied: number[] = [];
  for (let i = 0; i < n; i++) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < n; j++) {
      if (key[j] > key[i]) a++;
      else if (key[j] === key[i]) b++;
    }
    above.push(a);
    tied.push(b);
  }
  const out = [0];
  for (let m = 1; m <= n; m++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += errors[i] * Math.min(1, Math.max(0, (m - above[i]) / tied[i]));
    out.push(s);
  }
  return out;
}

/** R_n for n = 0..N (R_0 = 0), the expectation over orders of tied samples (science.md §3). */
export function naiveRisks(scores: ArrayLike<number>, errors: ArrayLike<number>): number[] {
  return naiveExpectedCum(scores, errors).map((c, m) => (m === 0 ? 0 : c / m));
}

/** R_n in the stable order (ties by index), each recomputed from scratch. */
export function naiveStableRisks(scores: ArrayLike<number>, errors: ArrayLike<number>): number[] {
  const order = naiveOrder(scores);
  const risks = [0];
  for (let n = 1; n <= order.length; n++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += errors[order[i]];
    risks.push(s / n);
  }
  return risks;
}

function trapezoid(ys: number[], n: number): number {
  let area = 0;
  for (let m = 1; m <= n; m++) area += ((ys[m - 1] + ys[m]) / 2) * (1 / n);
  return area;
}

export function naiveAurc(scores: ArrayLike<number>, errors: ArrayLike<number>): number {
  return trapezoid(naiveRisks(scores, errors), errors.length);
}

export function naiveOracleAurc(errors: ArrayLike<number>): number {
  // A score that puts every correct prediction first: 1 for correct, 0 for errors.
  const perfect = Array.from(errors, (e) => 1 - e);
  return naiveAurc(perfect, errors);
}

export function naiveAugrc(scores: ArrayLike<number>, errors: ArrayLike<number>): number {
  const n = scores.length;
  return trapezoid(
    naiveExpectedCum(scores, errors).map((c) => c / n),
    n,
  );
}

export function naiveAuroc(scores: ArrayLike<number>, errors: ArrayLike<number>): number {
  let num = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (errors[i]) continue;
    for (let j = 0; j < scores.length; j++) {
      if (!errors[j]) continue;
      pairs++;
      const a = naiveTieKey(scores[i]);
      const b = naiveTieKey(scores[j]);
      if (a > b) num += 1;
      else if (a === b) num += 0.5;
    }
  }
  return num / pairs;
}

/** ECE with bins (b/B, (b+1)/B], the first including 0. */
export function naiveEce(conf: ArrayLike<number>, errors: ArrayLike<number>, bins: number): number {
  let total = 0;
  for (let b = 0; b < bins; b++) {
    const lo = b / bins;
    const hi = (b + 1) / bins;
    let count = 0;
    let acc = 0;
    let c = 0;
    for (let i = 0; i < conf.length; i++) {
      const inBin = b === 0 ? conf[i] >= lo && conf[i] <= hi : conf[i] > lo && conf[i] <= hi;
      if (!inBin) continue;
      count++;
      acc += 1 - errors[i];
      c += conf[i];
    }
    if (count > 0) total += (count / conf.length) * Math.abs(acc / count - c / count);
  }
  return total;
}

export function naivePNorm(v: number[], p: number, centred: boolean): number {
  const mean = centred ? v.reduce((a, b) => a + b, 0) / v.length : 0;
  const u = v.map((x) => x - mean);
  const norm =
    p === Infinity
      ? Math.max(...u.map(Math.abs))
      : Math.pow(
          u.reduce((a, x) => a + Math.pow(Math.abs(x), p), 0),
          1 / p,
        );
  return Math.max(...u) / norm;
}

/** L_LS for one sample, science.md §1, with log π from a log-sum-exp. */
export function naiveLsLoss(v: number[], y: number, alpha: number): number {
  const k = v.length;
  const m = Math.max(...v);
  let z = 0;
  for (const x of v) z += Math.exp(x - m);
  const lse = m + Math.log(z);
  let loss = 0;
  for (let j = 0; j < k; j++) {
    const target = (1 - alpha) * (j === y ? 1 : 0) + alpha / k;
    loss -= target * (v[j] - lse);
  }
  return loss;
}
