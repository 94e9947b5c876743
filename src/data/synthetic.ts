/**
 * Synthetic 2-D classification data: Gaussian blobs, two moons, K-arm spirals. Fully determined by
 * the spec: each split draws from its own stream createRng(seed, 'data:<id>:<split>'), so a split is
 * reproducible on its own and changing, say, testSize never moves a training point.
 *
 * Within a split's stream the draws come in a fixed order — (1) the shuffled, class-balanced label
 * sequence, (2) every point's position, (3) the label-noise flips — so with the same seed:
 *   • `spread` only rescales the same standard-normal offsets (more spread = the same cloud, wider);
 *   • `labelNoise` never moves a point, and a higher noise flips a superset of the samples flipped by
 *     a lower one (up to rounding), always from the same positions.
 *
 * `spread` is the noise standard deviation in units of the distance between neighbouring classes'
 * generating curves, so it means the same overlap for every generator: the Bayes boundary between
 * two neighbours lies ½ unit away, and a point crosses it with probability ≈ Φ(−1 / (2·spread))
 * (spread 0.25 → 2.3 %, 0.35 → 7.6 %, 0.5 → 16 % per neighbour).
 *   • blobs: K centres evenly on the unit circle (first at the top); unit = distance between adjacent
 *     centres, 2·sin(π/K); isotropic Gaussian noise.
 *   • moons: the two interleaved half-circles of radius 1 (as in scikit-learn's make_moons), centred;
 *     unit = 0.5, their closest approach; position along the arc uniform.
 *   • spirals: K Archimedean arms, 1.5 turns, radius 0…1; unit = the radial gap between adjacent arms,
 *     1 / (1.5·K); radius ∝ √u so points spread evenly along the arm. Arms meet at the centre, so
 *     spirals always have some overlap there.
 *
 * Label noise: a fraction `labelNoise` of the samples — exactly round(labelNoise·n), chosen uniformly
 * without replacement — get their label replaced by a uniformly random OTHER class. It is applied
 * identically to train, val and test (each from its own stream), so the three splits share the same
 * distribution and Bayes error, and test error is measured against labels as noisy as those trained
 * on. Clean labels are class-balanced (class counts differ by at most one, extras to the lowest
 * classes); after noise the counts are only balanced in expectation.
 */
import { createRng, type Rng } from './rng';
import type { Dataset, Split } from './types';

export type SyntheticId = 'blobs' | 'moons' | 'spirals';
export const SYNTHETIC_IDS: readonly SyntheticId[] = ['blobs', 'moons', 'spirals'];

export interface SyntheticSpec {
  id: SyntheticId;
  /** 2–10; moons is 2 only. */
  numClasses: number;
  trainSize: number;
  valSize: number;
  testSize: number;
  /** Noise std in units of the distance between neighbouring classes (see the file comment). */
  spread: number;
  /** Fraction in [0, 0.5] of labels flipped to a random other class, in every split. */
  labelNoise: number;
  seed: number;
}

export const SYNTHETIC_LIMITS = {
  minClasses: 2,
  maxClasses: 10,
  maxSplitSize: 100_000,
  maxSpread: 5,
  maxLabelNoise: 0.5,
  maxSeed: 2 ** 32 - 1,
} as const;

/** Bumped whenever a generator changes the numbers it produces for a given spec. */
export const SYNTHETIC_GENERATOR_VERSION = 1;

/**
 * The over-parameterised, over-trained regime of science.md §5: few training points, classes that
 * overlap moderately (nearest-centre error ≈ 10 %, so confidence has correct and wrong predictions
 * to rank), and large val/test splits so AURC and the p search are not dominated by sampling noise.
 * A quick check (2-256-256-5 ReLU MLP, Adam 1e-3, batch 64, 300 epochs, 3 seeds) gave MSP %AURC
 * CE → LS(α = 0.2) of 5.0 → 3.8, 3.7 → 5.8, 3.3 → 5.8 at spread 0.3, but no consistent effect at 0.4:
 * the effect is visible but seed-dependent, so show several seeds.
 */
export const DEFAULT_BLOBS_SPEC: SyntheticSpec = {
  id: 'blobs',
  numClasses: 5,
  trainSize: 300,
  valSize: 1000,
  testSize: 4000,
  spread: 0.3,
  labelNoise: 0,
  seed: 1,
};

export const DEFAULT_MOONS_SPEC: SyntheticSpec = {
  id: 'moons',
  numClasses: 2,
  trainSize: 300,
  valSize: 1000,
  testSize: 4000,
  spread: 0.4,
  labelNoise: 0,
  seed: 1,
};

export const DEFAULT_SPIRALS_SPEC: SyntheticSpec = {
  id: 'spirals',
  numClasses: 3,
  trainSize: 600,
  valSize: 1000,
  testSize: 4000,
  spread: 0.25,
  labelNoise: 0,
  seed: 1,
};

export const DEFAULT_SYNTHETIC_SPECS: Readonly<Record<SyntheticId, SyntheticSpec>> = {
  blobs: DEFAULT_BLOBS_SPEC,
  moons: DEFAULT_MOONS_SPEC,
  spirals: DEFAULT_SPIRALS_SPEC,
};

const NAMES: Record<SyntheticId, string> = {
  blobs: 'Gaussian blobs',
  moons: 'Two moons',
  spirals: 'Spirals',
};

const SPIRAL_TURNS = 1.5;

/** Blob centres, interleaved (x0, y0, x1, y1, …): K points evenly on the unit circle, first at the top. */
export function blobCentres(numClasses: number): Float64Array {
  const out = new Float64Array(2 * numClasses);
  for (let k = 0; k < numClasses; k++) {
    const theta = Math.PI / 2 + (2 * Math.PI * k) / numClasses;
    out[2 * k] = Math.cos(theta);
    out[2 * k + 1] = Math.sin(theta);
  }
  return out;
}

/** The generator's distance unit: noise std = spread × this. */
export function neighbourDistance(id: SyntheticId, numClasses: number): number {
  switch (id) {
    case 'blobs':
      return 2 * Math.sin(Math.PI / numClasses);
    case 'moons':
      return 0.5;
    case 'spirals':
      return 1 / (SPIRAL_TURNS * numClasses);
  }
}

/** Writes one point of class k at out[at], out[at + 1]. */
type PointSampler = (k: number, rng: Rng, out: Float32Array, at: number) => void;

function pointSampler(spec: SyntheticSpec): PointSampler {
  const K = spec.numClasses;
  const sigma = spec.spread * neighbourDistance(spec.id, K);
  switch (spec.id) {
    case 'blobs': {
      const c = blobCentres(K);
      return (k, rng, out, at) => {
        out[at] = c[2 * k] + sigma * rng.normal();
        out[at + 1] = c[2 * k + 1] + sigma * rng.normal();
      };
    }
    case 'moons':
      return (k, rng, out, at) => {
        const t = Math.PI * rng.uniform();
        // Upper moon (class 0) and lower moon (class 1), shifted so the pair is centred on the origin.
        const x = k === 0 ? Math.cos(t) : 1 - Math.cos(t);
        const y = k === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
        out[at] = x - 0.5 + sigma * rng.normal();
        out[at + 1] = y - 0.25 + sigma * rng.normal();
      };
    case 'spirals':
      return (k, rng, out, at) => {
        const r = Math.sqrt(rng.uniform());
        const theta = (2 * Math.PI * k) / K + 2 * Math.PI * SPIRAL_TURNS * r;
        out[at] = r * Math.cos(theta) + sigma * rng.normal();
        out[at + 1] = r * Math.sin(theta) + sigma * rng.normal();
      };
  }
}

function makeSplit(
  spec: SyntheticSpec,
  split: 'train' | 'val' | 'test',
  n: number,
  sample: PointSampler,
): Split {
  const K = spec.numClasses;
  const rng = createRng(spec.seed, `data:${spec.id}:${split}`);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = i % K;
  rng.shuffle(y);
  const x = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) sample(y[i], rng, x, 2 * i);
  // Label noise: a partial Fisher–Yates picks `flips` distinct samples, so a larger fraction flips a
  // superset of a smaller one's samples.
  const flips = Math.round(spec.labelNoise * n);
  if (flips > 0) {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = 0; i < flips; i++) {
      const j = i + rng.int(n - i);
      const tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
      const s = order[i];
      y[s] = (y[s] + 1 + rng.int(K - 1)) % K;
    }
  }
  return { n, x, y };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A number, or a string that is exactly a decimal number (as URL parameters arrive). */
function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && /^[-+0-9.eE]+$/.test(v.trim())) return Number(v);
  return undefined;
}

function field(
  input: Record<string, unknown>,
  key: string,
  fallback: number,
  { min, max, integer }: { min: number; max: number; integer: boolean },
  what: string,
): number {
  const raw = input[key];
  if (raw === undefined) return fallback;
  const v = toNumber(raw);
  if (v === undefined || !Number.isFinite(v))
    throw new Error(`${what}: ${key} must be a number, got ${JSON.stringify(raw)}`);
  if (integer && !Number.isInteger(v)) throw new Error(`${what}: ${key} must be a whole number, got ${v}`);
  if (v < min || v > max) throw new Error(`${what}: ${key} must be between ${min} and ${max}, got ${v}`);
  return v;
}

/**
 * Checks and cleans a synthetic spec (e.g. from a URL): numbers may arrive as numeric strings,
 * missing fields take the default spec of that id, unknown keys are dropped; anything out of range
 * throws an Error saying which field and what range.
 */
export function validateSyntheticSpec(input: unknown): SyntheticSpec {
  if (!isRecord(input)) throw new Error('synthetic dataset spec must be an object');
  const id = input.id;
  if (typeof id !== 'string' || !(SYNTHETIC_IDS as readonly string[]).includes(id)) {
    throw new Error(
      `unknown synthetic dataset ${JSON.stringify(id)} (expected one of ${SYNTHETIC_IDS.join(', ')})`,
    );
  }
  const sid = id as SyntheticId;
  const d = DEFAULT_SYNTHETIC_SPECS[sid];
  const what = `${sid} dataset`;
  const L = SYNTHETIC_LIMITS;
  const numClasses = field(
    input,
    'numClasses',
    d.numClasses,
    { min: L.minClasses, max: L.maxClasses, integer: true },
    what,
  );
  if (sid === 'moons' && numClasses !== 2) {
    throw new Error(`moons dataset: moons has exactly 2 classes, got numClasses = ${numClasses}`);
  }
  const size = (key: string, fallback: number): number =>
    field(input, key, fallback, { min: numClasses, max: L.maxSplitSize, integer: true }, what);
  return {
    id: sid,
    numClasses,
    trainSize: size('trainSize', d.trainSize),
    valSize: size('valSize', d.valSize),
    testSize: size('testSize', d.testSize),
    spread: field(input, 'spread', d.spread, { min: 0, max: L.maxSpread, integer: false }, what),
    labelNoise: field(
      input,
      'labelNoise',
      d.labelNoise,
      { min: 0, max: L.maxLabelNoise, integer: false },
      what,
    ),
    seed: field(input, 'seed', d.seed, { min: 0, max: L.maxSeed, integer: true }, what),
  };
}

/** A canonical string for the spec (field order fixed), for caching and results files. */
export function syntheticSpecKey(spec: SyntheticSpec): string {
  return (
    `${spec.id}:v${SYNTHETIC_GENERATOR_VERSION}:K=${spec.numClasses}` +
    `:n=${spec.trainSize}/${spec.valSize}/${spec.testSize}` +
    `:spread=${spec.spread}:noise=${spec.labelNoise}:seed=${spec.seed}`
  );
}

export function makeSynthetic(specIn: SyntheticSpec): Dataset {
  const spec = validateSyntheticSpec(specIn);
  const sample = pointSampler(spec);
  return {
    id: spec.id,
    name: spec.id === 'moons' ? NAMES.moons : `${NAMES[spec.id]} (${spec.numClasses} classes)`,
    numClasses: spec.numClasses,
    classNames: Array.from({ length: spec.numClasses }, (_, k) => `class ${k}`),
    sampleShape: [2],
    featureSize: 2,
    train: makeSplit(spec, 'train', spec.trainSize, sample),
    val: makeSplit(spec, 'val', spec.valSize, sample),
    test: makeSplit(spec, 'test', spec.testSize, sample),
    settings: {
      ...spec,
      generatorVersion: SYNTHETIC_GENERATOR_VERSION,
      labelNoiseSplits: 'train,val,test',
    },
  };
}
