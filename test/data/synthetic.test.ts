import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BLOBS_SPEC,
  DEFAULT_SYNTHETIC_SPECS,
  blobCentres,
  makeSynthetic,
  validateSyntheticSpec,
  type SyntheticSpec,
} from '../../src/data/synthetic';
import type { Split } from '../../src/data/types';
import { sameBits } from './helpers';

const spec = (over: Partial<SyntheticSpec> = {}): SyntheticSpec => ({ ...DEFAULT_BLOBS_SPEC, ...over });

const classCounts = (y: Int32Array, k: number): number[] => {
  const c = new Array<number>(k).fill(0);
  for (const v of y) c[v]++;
  return c;
};

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf; |error| < 1.5e-7). */
function phi(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

function nearestCentreAccuracy(split: Split, k: number): number {
  const c = blobCentres(k);
  let correct = 0;
  for (let i = 0; i < split.n; i++) {
    let best = -1;
    let bestD = Infinity;
    for (let j = 0; j < k; j++) {
      const d = (split.x[2 * i] - c[2 * j]) ** 2 + (split.x[2 * i + 1] - c[2 * j + 1]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    if (best === split.y[i]) correct++;
  }
  return correct / split.n;
}

function oneNnAccuracy(train: Split, test: Split): number {
  let correct = 0;
  for (let i = 0; i < test.n; i++) {
    let best = 0;
    let bestD = Infinity;
    for (let j = 0; j < train.n; j++) {
      const d = (test.x[2 * i] - train.x[2 * j]) ** 2 + (test.x[2 * i + 1] - train.x[2 * j + 1]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    if (train.y[best] === test.y[i]) correct++;
  }
  return correct / test.n;
}

describe('makeSynthetic', () => {
  it.each(['blobs', 'moons', 'spirals'] as const)(
    '%s: same spec gives bit-identical data; another seed differs',
    (id) => {
      const s = { ...DEFAULT_SYNTHETIC_SPECS[id], labelNoise: 0.1 };
      const a = makeSynthetic(s);
      const b = makeSynthetic({ ...s });
      const c = makeSynthetic({ ...s, seed: s.seed + 1 });
      for (const split of ['train', 'val', 'test'] as const) {
        expect(sameBits(a[split].x, b[split].x)).toBe(true);
        expect(sameBits(a[split].y, b[split].y)).toBe(true);
        expect(sameBits(a[split].x, c[split].x)).toBe(false);
      }
      expect(a.sampleShape).toEqual([2]);
      expect(a.featureSize).toBe(2);
      expect(a.train.x.length).toBe(2 * s.trainSize);
      expect(a.test.y.length).toBe(s.testSize);
      expect(a.settings).toMatchObject({ ...s, labelNoiseSplits: 'train,val,test' });
      for (const v of a.train.x) expect(Number.isFinite(v)).toBe(true);
    },
  );

  it('splits are independent streams: changing one split size leaves the others untouched', () => {
    const a = makeSynthetic(spec());
    const b = makeSynthetic(spec({ testSize: 777, valSize: 55 }));
    expect(sameBits(a.train.x, b.train.x)).toBe(true);
    expect(sameBits(a.train.y, b.train.y)).toBe(true);
    expect(sameBits(a.train.x, a.val.x.subarray(0, a.train.x.length))).toBe(false);
  });

  it('clean labels are class-balanced (counts differ by at most one, extras to the lowest classes)', () => {
    const d = makeSynthetic(spec({ numClasses: 7, trainSize: 302, valSize: 70, testSize: 1000 }));
    expect(classCounts(d.train.y, 7)).toEqual([44, 43, 43, 43, 43, 43, 43]);
    expect(classCounts(d.val.y, 7)).toEqual(new Array(7).fill(10));
    expect(classCounts(d.test.y, 7)).toEqual([143, 143, 143, 143, 143, 143, 142]);
  });

  it('label noise flips exactly round(fraction·n) labels, to other classes, without moving points, on every split', () => {
    const clean = makeSynthetic(spec({ numClasses: 4, trainSize: 4000, valSize: 1000, testSize: 3001 }));
    const noisy = makeSynthetic(
      spec({ numClasses: 4, trainSize: 4000, valSize: 1000, testSize: 3001, labelNoise: 0.2 }),
    );
    const noisier = makeSynthetic(
      spec({ numClasses: 4, trainSize: 4000, valSize: 1000, testSize: 3001, labelNoise: 0.3 }),
    );
    for (const split of ['train', 'val', 'test'] as const) {
      expect(sameBits(clean[split].x, noisy[split].x)).toBe(true);
      const n = clean[split].n;
      const flipped: number[] = [];
      for (let i = 0; i < n; i++) if (clean[split].y[i] !== noisy[split].y[i]) flipped.push(i);
      expect(flipped.length).toBe(Math.round(0.2 * n));
      // Nested: the 30 % flips include the 20 % ones, with the same new labels.
      for (const i of flipped) expect(noisier[split].y[i]).toBe(noisy[split].y[i]);
    }
    // The new class is uniform over the other K−1 classes: offsets (new − old) mod K ∈ {1,2,3} ≈ equally often.
    const offsets = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) offsets[(noisy.train.y[i] - clean.train.y[i] + 4) % 4]++;
    expect(offsets[0]).toBe(3200);
    for (const o of offsets.slice(1)) expect(Math.abs(o - 800 / 3)).toBeLessThan(60);
  });

  it('two classes: a flip always goes to the other class', () => {
    const clean = makeSynthetic(spec({ id: 'moons', numClasses: 2 }));
    const noisy = makeSynthetic(spec({ id: 'moons', numClasses: 2, labelNoise: 0.5 }));
    let diff = 0;
    for (let i = 0; i < clean.train.n; i++) if (clean.train.y[i] !== noisy.train.y[i]) diff++;
    expect(diff).toBe(150);
  });

  it('blobs: spread controls overlap, and matches the documented error ≈ Φ(−1/(2·spread)) for two classes', () => {
    const accs = [0.1, 0.25, 0.4, 0.6, 1].map((spread) =>
      nearestCentreAccuracy(makeSynthetic(spec({ numClasses: 5, spread, testSize: 20_000 })).test, 5),
    );
    expect(accs[0]).toBeGreaterThan(0.999);
    for (let i = 1; i < accs.length; i++) expect(accs[i]).toBeLessThan(accs[i - 1]);
    for (const spread of [0.3, 0.5, 0.8]) {
      const test = makeSynthetic(spec({ numClasses: 2, spread, testSize: 50_000 })).test;
      expect(1 - nearestCentreAccuracy(test, 2)).toBeCloseTo(phi(-1 / (2 * spread)), 2);
    }
  });

  it('the default blobs preset has moderate overlap', () => {
    const d = makeSynthetic(DEFAULT_BLOBS_SPEC);
    const acc = nearestCentreAccuracy(d.test, DEFAULT_BLOBS_SPEC.numClasses);
    expect(acc).toBeGreaterThan(0.8);
    expect(acc).toBeLessThan(0.95);
    expect(d.train.n).toBeLessThanOrEqual(500);
  });

  it.each(['moons', 'spirals'] as const)('%s: more spread, more overlap (1-NN accuracy falls)', (id) => {
    const base = { ...DEFAULT_SYNTHETIC_SPECS[id], trainSize: 600, testSize: 600 };
    const accs = [0.05, 0.4, 1.5].map((spread) => {
      const d = makeSynthetic({ ...base, spread });
      return oneNnAccuracy(d.train, d.test);
    });
    expect(accs[0]).toBeGreaterThan(0.93);
    expect(accs[1]).toBeLessThan(accs[0]);
    expect(accs[2]).toBeLessThan(accs[1]);
    expect(accs[2]).toBeLessThan(0.8);
  });

  it('spirals with more classes still gives points near the unit disc', () => {
    const d = makeSynthetic({ ...DEFAULT_SYNTHETIC_SPECS.spirals, numClasses: 10, spread: 0 });
    for (let i = 0; i < d.train.n; i++)
      expect(Math.hypot(d.train.x[2 * i], d.train.x[2 * i + 1])).toBeLessThanOrEqual(1.000001);
  });
});

describe('validateSyntheticSpec', () => {
  it('rejects bad specs with a message naming the field', () => {
    const cases: [unknown, RegExp][] = [
      [null, /must be an object/],
      [{ ...DEFAULT_BLOBS_SPEC, id: 'circles' }, /unknown synthetic dataset "circles"/],
      [
        { ...DEFAULT_BLOBS_SPEC, id: 'moons', numClasses: 3 },
        /moons has exactly 2 classes, got numClasses = 3/,
      ],
      [spec({ numClasses: 1 }), /numClasses must be between 2 and 10, got 1/],
      [spec({ numClasses: 11 }), /numClasses must be between 2 and 10, got 11/],
      [spec({ numClasses: 2.5 }), /numClasses must be a whole number/],
      [spec({ trainSize: 3 }), /trainSize must be between 5 and 100000, got 3/],
      [spec({ testSize: 1e6 }), /testSize must be between 5 and 100000/],
      [spec({ spread: -0.1 }), /spread must be between 0 and 5/],
      [spec({ spread: Number.NaN }), /spread must be a number/],
      [spec({ labelNoise: 0.6 }), /labelNoise must be between 0 and 0.5, got 0.6/],
      [spec({ seed: -1 }), /seed must be between 0 and 4294967295/],
      [{ ...DEFAULT_BLOBS_SPEC, valSize: 'lots' }, /blobs dataset: valSize must be a number, got "lots"/],
    ];
    for (const [input, re] of cases) {
      expect(() => validateSyntheticSpec(input)).toThrow(re);
    }
    expect(() => makeSynthetic(spec({ labelNoise: 0.9 }))).toThrow(/labelNoise/);
  });

  it('cleans: numeric strings accepted, missing fields defaulted, unknown keys dropped', () => {
    expect(validateSyntheticSpec({ id: 'spirals', numClasses: '4', spread: '0.3', extra: 1 })).toEqual({
      ...DEFAULT_SYNTHETIC_SPECS.spirals,
      numClasses: 4,
      spread: 0.3,
    });
    expect(validateSyntheticSpec({ id: 'moons' })).toEqual(DEFAULT_SYNTHETIC_SPECS.moons);
  });
});
