/** What identifies a dataset: a plain, URL-serialisable spec, its validation and a canonical key. */
import {
  DEFAULT_SYNTHETIC_SPECS,
  SYNTHETIC_IDS,
  syntheticSpecKey,
  validateSyntheticSpec,
  type SyntheticId,
  type SyntheticSpec,
} from './synthetic';

export interface FashionMnistSpec {
  id: 'fashion-mnist';
  /** Class-balanced prefix of the 10,000 shipped training images; omitted = all. */
  trainSize?: number;
}

export type DatasetSpec = FashionMnistSpec | SyntheticSpec;

/** Sizes the shipped subset offers (public/data/fashion-mnist/manifest.json); the loader re-checks. */
export const FASHION_MNIST_TRAIN_MAX = 10_000;
export const FASHION_MNIST_TRAIN_MIN = 10;

/**
 * Returns a cleaned spec or throws an Error with a message fit for the UI. Accepts loosely typed
 * input (numbers as strings, as URL parameters arrive); drops unknown keys; missing synthetic fields
 * take that generator's defaults (DEFAULT_SYNTHETIC_SPECS).
 */
export function validateDatasetSpec(input: unknown): DatasetSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('dataset spec must be an object with an id');
  }
  const rec = input as Record<string, unknown>;
  if (rec.id === 'fashion-mnist') {
    const raw = rec.trainSize;
    if (raw === undefined || raw === null || raw === '') return { id: 'fashion-mnist' };
    const v = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
    if (
      typeof v !== 'number' ||
      !Number.isInteger(v) ||
      v < FASHION_MNIST_TRAIN_MIN ||
      v > FASHION_MNIST_TRAIN_MAX
    ) {
      throw new Error(
        `fashion-mnist dataset: trainSize must be a whole number from ${FASHION_MNIST_TRAIN_MIN} to ` +
          `${FASHION_MNIST_TRAIN_MAX}, got ${JSON.stringify(raw)}`,
      );
    }
    return { id: 'fashion-mnist', trainSize: v };
  }
  if (typeof rec.id === 'string' && (SYNTHETIC_IDS as readonly string[]).includes(rec.id)) {
    return validateSyntheticSpec(rec);
  }
  throw new Error(
    `unknown dataset ${JSON.stringify(rec.id)} (expected one of fashion-mnist, ${SYNTHETIC_IDS.join(', ')})`,
  );
}

/**
 * Canonical string for a (valid) spec: equal data ⇔ equal key. Field order is fixed, and
 * Fashion-MNIST without trainSize keys the same as trainSize = 10,000.
 */
export function datasetSpecKey(spec: DatasetSpec): string {
  if (spec.id === 'fashion-mnist')
    return `fashion-mnist:v1:train=${spec.trainSize ?? FASHION_MNIST_TRAIN_MAX}`;
  return syntheticSpecKey(spec);
}

/**
 * The spec of a dataset by name and training-set size: the Fashion-MNIST subset, or a synthetic
 * generator with its default settings (its own fixed data seed: seeds of a run vary the initial
 * weights and the batch order, not the data). The app and the runner both build specs here.
 */
export function datasetSpecOf(id: 'fashion-mnist' | SyntheticId, trainSize: number): DatasetSpec {
  if (id === 'fashion-mnist') return { id, trainSize };
  return { ...DEFAULT_SYNTHETIC_SPECS[id], trainSize };
}
