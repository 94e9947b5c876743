import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BLOBS_SPEC,
  datasetSpecKey,
  loadDataset,
  makeSynthetic,
  validateDatasetSpec,
  type ByteSource,
} from '../../src/data/index';
import { fileByteSource } from '../../src/data/nodeByteSource';
import { sameBits } from './helpers';
import type { Dataset, Split } from '../../src/data/types';

/** Samples per class of a split, counted here. */
function classCounts(split: Split, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const y of split.y) counts[y]++;
  return counts;
}

function summary(d: Dataset) {
  const k = d.numClasses;
  const of = (s: Split) => ({ n: s.n, classCounts: classCounts(s, k) });
  return {
    id: d.id,
    numClasses: k,
    featureSize: d.featureSize,
    sampleShape: [...d.sampleShape],
    train: of(d.train),
    val: of(d.val),
    test: of(d.test),
  };
}

const noBytes: ByteSource = { fetchBytes: () => Promise.reject(new Error('should not be called')) };

describe('validateDatasetSpec', () => {
  it('accepts and cleans Fashion-MNIST specs', () => {
    expect(validateDatasetSpec({ id: 'fashion-mnist' })).toEqual({ id: 'fashion-mnist' });
    expect(validateDatasetSpec({ id: 'fashion-mnist', trainSize: '2000', junk: true })).toEqual({
      id: 'fashion-mnist',
      trainSize: 2000,
    });
    for (const bad of [5, 10_001, 99.5, 'many']) {
      expect(() => validateDatasetSpec({ id: 'fashion-mnist', trainSize: bad })).toThrow(
        /fashion-mnist dataset: trainSize must be a whole number from 10 to 10000/,
      );
    }
  });

  it('rejects unknown ids and non-objects, delegates synthetic specs', () => {
    expect(() => validateDatasetSpec('blobs')).toThrow(/must be an object/);
    expect(() => validateDatasetSpec({ id: 'mnist' })).toThrow(
      /unknown dataset "mnist" \(expected one of fashion-mnist, blobs, moons, spirals\)/,
    );
    expect(() => validateDatasetSpec({ id: 'moons', numClasses: 4 })).toThrow(/exactly 2 classes/);
    expect(validateDatasetSpec({ ...DEFAULT_BLOBS_SPEC })).toEqual(DEFAULT_BLOBS_SPEC);
  });
});

describe('datasetSpecKey', () => {
  it('is canonical: independent of key order, sensitive to every field', () => {
    const reordered = Object.fromEntries(
      Object.entries(DEFAULT_BLOBS_SPEC).reverse(),
    ) as typeof DEFAULT_BLOBS_SPEC;
    expect(datasetSpecKey(reordered)).toBe(datasetSpecKey(DEFAULT_BLOBS_SPEC));
    const keys = new Set([
      datasetSpecKey(DEFAULT_BLOBS_SPEC),
      ...(['numClasses', 'trainSize', 'valSize', 'testSize', 'seed'] as const).map((k) =>
        datasetSpecKey({ ...DEFAULT_BLOBS_SPEC, [k]: DEFAULT_BLOBS_SPEC[k] + 1 }),
      ),
      datasetSpecKey({ ...DEFAULT_BLOBS_SPEC, spread: 0.41 }),
      datasetSpecKey({ ...DEFAULT_BLOBS_SPEC, labelNoise: 0.1 }),
      datasetSpecKey({ ...DEFAULT_BLOBS_SPEC, id: 'spirals' }),
    ]);
    expect(keys.size).toBe(9);
    expect(datasetSpecKey({ id: 'fashion-mnist' })).toBe(
      datasetSpecKey({ id: 'fashion-mnist', trainSize: 10_000 }),
    );
    expect(datasetSpecKey({ id: 'fashion-mnist', trainSize: 500 })).not.toBe(
      datasetSpecKey({ id: 'fashion-mnist' }),
    );
  });
});

describe('loadDataset', () => {
  it('generates synthetic data without touching the byte source', async () => {
    const d = await loadDataset(DEFAULT_BLOBS_SPEC, noBytes);
    const direct = makeSynthetic(DEFAULT_BLOBS_SPEC);
    expect(sameBits(d.train.x, direct.train.x)).toBe(true);
    const s = summary(d);
    expect(s.train.n).toBe(DEFAULT_BLOBS_SPEC.trainSize);
    expect(s.train.classCounts).toEqual([60, 60, 60, 60, 60]);
    expect(s.test.classCounts.reduce((a, b) => a + b, 0)).toBe(DEFAULT_BLOBS_SPEC.testSize);
  });

  it('rejects an invalid spec with the validation message', async () => {
    await expect(loadDataset({ ...DEFAULT_BLOBS_SPEC, labelNoise: 2 }, noBytes)).rejects.toThrow(
      /labelNoise must be between/,
    );
  });

  it('loads Fashion-MNIST through the byte source, with trainSize and progress', async () => {
    let last = 0;
    const d = await loadDataset(
      { id: 'fashion-mnist', trainSize: 500 },
      fileByteSource('public/data/fashion-mnist'),
      (p) => {
        last = p.loaded / p.total;
      },
    );
    expect(last).toBe(1);
    const s = summary(d);
    expect(s).toMatchObject({
      id: 'fashion-mnist',
      numClasses: 10,
      featureSize: 784,
      sampleShape: [28, 28, 1],
    });
    expect(s.train.classCounts).toEqual(new Array(10).fill(50));
    expect(s.val.classCounts).toEqual(new Array(10).fill(200));
    expect(s.test.n).toBe(5000);
  });
});
