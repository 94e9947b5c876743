/** Synthetic chart inputs: a CE/LS pair with known structure, and the runs of an α sweep. */
import { createRng } from '../../src/data/rng';
import type { ModelView, PairView, SweepPoint, TrainingPoint } from '../../src/model/views';

export interface ModelOptions {
  role: 'ce' | 'ls';
  alpha?: number;
  n?: number;
  k?: number;
  seed?: number;
  p?: number | null;
  centred?: boolean;
  /** Logit gap of the confident, correct samples (large → π_max rounds to 1 in float32/float64). */
  gap?: number;
  history?: TrainingPoint[];
}

/** Labels uniform; ~85% of the samples get their label boosted (correct), the rest a random class. */
export function makeModel(o: ModelOptions): ModelView {
  const { role, alpha = role === 'ce' ? 0 : 0.2, n = 400, k = 4, seed = 1, p = 2, centred = true } = o;
  const gap = o.gap ?? (role === 'ce' ? 40 : 4);
  const rng = createRng(seed, `fixture-${role}`);
  const testLogits = new Float32Array(n * k);
  const testLabels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = rng.int(k);
    testLabels[i] = y;
    for (let j = 0; j < k; j++) testLogits[i * k + j] = rng.normal();
    const boosted = rng.uniform() < 0.85 ? y : rng.int(k);
    testLogits[i * k + boosted] += gap * rng.uniform();
  }
  const history: TrainingPoint[] =
    o.history ??
    [0, 1, 2, 3, 4].map((e) => ({
      step: 100 * e,
      epoch: e,
      trainLoss: 2 / (1 + e) + alpha,
      trainAcc: 0.5 + 0.1 * e,
      valAcc: 0.5 + 0.08 * e,
      lsTermCorrect: 0,
      lsTermIncorrect: 0,
    }));
  return {
    role,
    alpha,
    seed,
    step: 400,
    totalSteps: 500,
    numClasses: k,
    testLogits,
    valLogits: new Float32Array(0),
    testLabels,
    valLabels: new Int32Array(0),
    p,
    pAuto: true,
    centred,
    history,
  };
}

export function makePair(
  opts: { normalise?: boolean; n?: number; ceP?: number | null; lsP?: number | null } = {},
): PairView {
  const { normalise = true, n = 400, ceP = 2, lsP = 3 } = opts;
  return {
    ce: makeModel({ role: 'ce', n, p: ceP }),
    ls: makeModel({ role: 'ls', n, p: lsP }),
    normalise,
    classNames: ['a', 'b', 'c', 'd'],
  };
}

export const EMPTY_PAIR: PairView = { ce: null, ls: null, normalise: true, classNames: [] };

/** One trained run of an α sweep. */
export const sweepPoint = (
  alpha: number,
  seed: number,
  error: number,
  aurcMsp: number,
  aurcPnorm: number,
  p: number | null = 2,
): SweepPoint => ({
  alpha,
  seed,
  error,
  aurcMsp,
  aurcPnorm,
  p,
});

/** Three α, up to three seeds, one MSP fallback, float noise in α and a diverged AURC. */
export const SWEEP_POINTS: SweepPoint[] = [
  sweepPoint(0.2, 1, 0.14, 0.04, 0.03),
  sweepPoint(0, 0, 0.1, 0.02, 0.021),
  sweepPoint(0, 1, 0.2, 0.03, 0.031, null),
  sweepPoint(0, 2, 0.3, 0.04, 0.041),
  sweepPoint(0.1 + 0.2, 0, 0.12, 0.05, 0.02), // 0.30000000000000004: the same α as 0.3
  sweepPoint(0.3, 1, 0.16, NaN, 0.04), // a diverged AURC is left out of that metric only
];
