/**
 * Synthetic chart inputs for the gradient and decision-region chart tests: seeded, small, with both
 * correct and wrong predictions, and an LS model with smaller logits than its CE twin.
 */
import { createRng } from '../../src/data/rng';
import type { DecisionGrid, ModelView, PairView, TrainingPoint } from '../../src/model/views';
import { decisionGridInputs } from '../../src/chartData/decisionRegions';

function split(
  seed: string,
  n: number,
  k: number,
  scale: number,
): { logits: Float32Array; labels: Int32Array } {
  const rng = createRng(7, seed);
  const logits = new Float32Array(n * k);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = rng.int(k);
    labels[i] = y;
    const boost = 3 * rng.uniform();
    for (let j = 0; j < k; j++) logits[i * k + j] = scale * (rng.normal() + (j === y ? boost : 0));
  }
  return { logits, labels };
}

export function syntheticHistory(alpha: number, k: number, steps = 10): TrainingPoint[] {
  return Array.from({ length: steps }, (_, s) => {
    const valAcc = 0.4 + (0.5 * s) / (steps - 1);
    return {
      step: (s + 1) * 20,
      epoch: s + 1,
      trainLoss: 1 / (s + 1),
      trainAcc: valAcc,
      valAcc,
      lsTermCorrect: (alpha * (k - 1)) / k,
      lsTermIncorrect: -alpha / k,
    };
  });
}

export function syntheticModel(role: 'ce' | 'ls', alpha: number, k = 4, nTest = 400, nVal = 300): ModelView {
  const scale = role === 'ce' ? 3 : 1.5;
  const test = split(`${role}-test`, nTest, k, scale);
  const val = split(`${role}-val`, nVal, k, scale);
  return {
    role,
    alpha,
    seed: 7,
    step: 200,
    totalSteps: 200,
    numClasses: k,
    testLogits: test.logits,
    testLabels: test.labels,
    valLogits: val.logits,
    valLabels: val.labels,
    p: 2,
    pAuto: true,
    centred: true,
    history: syntheticHistory(alpha, k),
  };
}

export function syntheticPair(alpha = 0.2, k = 4): PairView {
  return {
    ce: syntheticModel('ce', 0, k),
    ls: syntheticModel('ls', alpha, k),
    normalise: false,
    classNames: Array.from({ length: k }, (_, c) => `c${c}`),
  };
}

export const EMPTY_PAIR: PairView = { ce: null, ls: null, normalise: false, classNames: [] };

/** Three Gaussian blobs; logits −s·‖x − μ_c‖² (CE s = 3, LS s = 1) on a 20 × 15 grid and at 90 test points. */
export function syntheticGrid(): {
  grid: DecisionGrid;
  pointCe: Float32Array;
  pointLs: Float32Array;
} {
  const k = 3;
  const mu = [
    [-1, -1],
    [1, -1],
    [0, 1],
  ];
  const logitsAt = (xy: Float32Array, s: number): Float32Array => {
    const n = xy.length / 2;
    const out = new Float32Array(n * k);
    for (let i = 0; i < n; i++)
      for (let c = 0; c < k; c++) {
        const dx = xy[2 * i] - mu[c][0];
        const dy = xy[2 * i + 1] - mu[c][1];
        out[i * k + c] = -s * (dx * dx + dy * dy);
      }
    return out;
  };
  const [nx, ny, x0, x1, y0, y1] = [20, 15, -3, 3, -2.5, 2.5];
  const inputs = decisionGridInputs(nx, ny, x0, x1, y0, y1);
  const rng = createRng(3, 'grid-points');
  const n = 90;
  const points = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    labels[i] = c;
    points[2 * i] = mu[c][0] + 0.9 * rng.normal();
    points[2 * i + 1] = mu[c][1] + 0.9 * rng.normal();
  }
  const grid: DecisionGrid = {
    nx,
    ny,
    x0,
    x1,
    y0,
    y1,
    ceLogits: logitsAt(inputs, 3),
    lsLogits: logitsAt(inputs, 1),
    numClasses: k,
    points,
    labels,
  };
  return { grid, pointCe: logitsAt(points, 3), pointLs: logitsAt(points, 1) };
}

/** Attributes of every opening tag in `html` whose attributes include all of `match`. */
export function tagsWith(html: string, match: Record<string, string>): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of html.matchAll(/<([a-z]+)\b([^>]*)>/g)) {
    const attrs: Record<string, string> = { tag: m[1] };
    for (const a of m[2].matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
    if (Object.entries(match).every(([key, v]) => attrs[key] === v)) out.push(attrs);
  }
  return out;
}
