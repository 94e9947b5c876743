/** Small in-test datasets for the training tests (built here: src/data's generators are not ours). */
import { createRng } from '../../src/data/rng';
import type { Dataset, Split } from '../../src/data/types';

export interface BlobOptions {
  seed?: number;
  numClasses?: number;
  /** Feature dimension; with sampleShape [28, 28, 1]-like data use `image`. */
  dim?: number;
  nTrain?: number;
  nVal?: number;
  nTest?: number;
  /** Distance scale of the class centres relative to unit noise. */
  separation?: number;
  /** Sample shape override, e.g. [8, 8, 1] (dim is then its product). */
  sampleShape?: number[];
}

/** Gaussian blobs: class centres ~ N(0, separation²), unit noise. Easy when separation is large. */
export function makeBlobs(options: BlobOptions = {}): Dataset {
  const k = options.numClasses ?? 3;
  const sampleShape = options.sampleShape ?? [options.dim ?? 2];
  const d = sampleShape.reduce((a, b) => a * b, 1);
  const sep = options.separation ?? 3;
  const rng = createRng(options.seed ?? 0, 'test-blobs');
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.normal() * sep));
  const split = (n: number): Split => {
    const x = new Float32Array(n * d);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = rng.int(k);
      y[i] = c;
      for (let j = 0; j < d; j++) x[i * d + j] = centres[c][j] + rng.normal();
    }
    return { n, x, y };
  };
  return {
    id: 'blobs',
    name: 'test blobs',
    numClasses: k,
    classNames: Array.from({ length: k }, (_, i) => `c${i}`),
    sampleShape,
    featureSize: d,
    train: split(options.nTrain ?? 200),
    val: split(options.nVal ?? 50),
    test: split(options.nTest ?? 60),
    settings: { seed: options.seed ?? 0, separation: sep },
  };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
