import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  balancedPrefix,
  loadFashionMnist,
  loadFashionMnistRaw,
  type FashionMnistProgress,
  type FashionMnistRaw,
} from '../../src/data/fashionMnist';
import { FASHION_MNIST_CLASS_NAMES, type FashionMnistManifest } from '../../src/data/fashionMnistFormat';
import { parseIdxImages, parseIdxLabels } from '../../src/data/idx';
import { fileByteSource } from '../../src/data/nodeByteSource';
import type { Dataset } from '../../src/data/types';
import { sameBits, sha256 } from './helpers';

const DATA_DIR = 'public/data/fashion-mnist';
// Where the official IDX files are; FASHION_MNIST_IDX_DIR overrides (e.g. a CI cache).
const DEBIAN_DIR = process.env.FASHION_MNIST_IDX_DIR ?? '/usr/share/datasets/fashion-mnist';
const HAVE_DEBIAN = existsSync(join(DEBIAN_DIR, 'train-labels-idx1-ubyte.gz'));
const DEBIAN_SKIP_REASON = `${DEBIAN_DIR} absent (Debian package dataset-fashion-mnist not installed)`;

let raw: FashionMnistRaw;
let dataset: Dataset;

beforeAll(async () => {
  raw = await loadFashionMnistRaw(fileByteSource(DATA_DIR));
  dataset = await loadFashionMnist(fileByteSource(DATA_DIR));
});

const counts = (y: ArrayLike<number>, k = 10): number[] => {
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < y.length; i++) c[y[i]]++;
  return c;
};

describe('shipped Fashion-MNIST subset', () => {
  it('loads with the documented shapes and sizes', () => {
    expect(dataset.id).toBe('fashion-mnist');
    expect(dataset.numClasses).toBe(10);
    expect(dataset.classNames).toEqual([...FASHION_MNIST_CLASS_NAMES]);
    expect(dataset.sampleShape).toEqual([28, 28, 1]);
    expect(dataset.featureSize).toBe(784);
    expect(dataset.train.n).toBeGreaterThanOrEqual(10_000);
    expect(dataset.val.n).toBeGreaterThanOrEqual(2_000);
    expect(dataset.test.n).toBeGreaterThanOrEqual(5_000);
    for (const s of [dataset.train, dataset.val, dataset.test]) {
      expect(s.x).toBeInstanceOf(Float32Array);
      expect(s.y).toBeInstanceOf(Int32Array);
      expect(s.x.length).toBe(s.n * 784);
      expect(s.y.length).toBe(s.n);
      let min = Infinity;
      let max = -Infinity;
      for (const v of s.x) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      expect(min).toBe(0);
      expect(max).toBe(1);
    }
  });

  it('features are pixel / 255 in stored order', () => {
    const d = raw.splits.val;
    for (const i of [0, 1, 777, d.n - 1]) {
      for (const j of [0, 300, 405, 783]) {
        expect(dataset.val.x[i * 784 + j]).toBe(Math.fround(d.pixels[i * 784 + j] / 255));
      }
      expect(dataset.val.y[i]).toBe(d.labels[i]);
    }
  });

  it('is class-balanced', () => {
    expect(counts(dataset.train.y)).toEqual(new Array(10).fill(1000));
    expect(counts(dataset.val.y)).toEqual(new Array(10).fill(200));
    expect(counts(dataset.test.y)).toEqual(new Array(10).fill(500));
  });

  it('train and val are disjoint by official index, and come from the right official files', () => {
    const { train, val, test } = raw.splits;
    expect(train.sourceSet).toBe('train');
    expect(val.sourceSet).toBe('train');
    expect(test.sourceSet).toBe('t10k');
    const trainSet = new Set(train.officialIndices);
    expect(trainSet.size).toBe(train.n);
    expect(new Set(val.officialIndices).size).toBe(val.n);
    expect(new Set(test.officialIndices).size).toBe(test.n);
    for (const i of val.officialIndices) expect(trainSet.has(i)).toBe(false);
    expect(Math.max(...train.officialIndices, ...val.officialIndices)).toBeLessThan(60_000);
    expect(Math.max(...test.officialIndices)).toBeLessThan(10_000);
  });

  it('the manifest records sizes, checksums and counts that match the files', () => {
    const m = raw.manifest;
    for (const s of ['train', 'val', 'test'] as const) {
      const e = m.splits[s];
      const gz = readFileSync(join(DATA_DIR, e.file));
      expect(gz.length).toBe(e.compressedBytes);
      const plain = gunzipSync(gz);
      expect(plain.length).toBe(e.uncompressedBytes);
      expect(sha256(plain)).toBe(e.sha256);
    }
    expect(m.attribution).toMatch(/Zalando/);
    expect(readFileSync(join(DATA_DIR, 'LICENSE'), 'utf8')).toMatch(
      /Copyright \(c\) 2017 Zalando SE[\s\S]*Permission is hereby granted/,
    );
  });

  it('takes a class-balanced prefix for trainSize, nested across sizes', async () => {
    const small = await loadFashionMnist(fileByteSource(DATA_DIR), { trainSize: 1003 });
    expect(small.train.n).toBe(1003);
    expect(counts(small.train.y)).toEqual([101, 101, 101, 100, 100, 100, 100, 100, 100, 100]);
    expect(small.settings.trainSize).toBe(1003);
    expect(small.val.n).toBe(dataset.val.n);
    // Prefix property: the chosen rows are, per class, the first images of that class in stored order.
    const rows = balancedPrefix(raw.splits.train.labels, 10, 1003);
    const rowsBig = balancedPrefix(raw.splits.train.labels, 10, 2000);
    const big = new Set(rowsBig);
    for (const r of rows) expect(big.has(r)).toBe(true);
    for (let i = 0; i < rows.length; i++) {
      const want = dataset.train.x.subarray(rows[i] * 784, (rows[i] + 1) * 784);
      expect(sameBits(small.train.x.subarray(i * 784, (i + 1) * 784), want)).toBe(true);
      expect(small.train.y[i]).toBe(dataset.train.y[rows[i]]);
    }
    for (const bad of [0, 9, 10_001, 12.5, Number.NaN]) {
      await expect(loadFashionMnist(fileByteSource(DATA_DIR), { trainSize: bad })).rejects.toThrow(
        /trainSize must be an integer from 10 to 10000/,
      );
    }
  });

  it('reports progress monotonically up to the total, naming files', async () => {
    const events: FashionMnistProgress[] = [];
    await loadFashionMnistRaw(fileByteSource(DATA_DIR, { chunkSize: 256 * 1024 }), {
      onProgress: (p) => events.push(p),
    });
    const m = raw.manifest;
    const total =
      m.splits.train.compressedBytes + m.splits.val.compressedBytes + m.splits.test.compressedBytes;
    expect(events.length).toBeGreaterThan(10);
    for (let i = 0; i < events.length; i++) {
      expect(events[i].total).toBe(total);
      expect(events[i].loaded).toBeLessThanOrEqual(total);
      if (i > 0) expect(events[i].loaded).toBeGreaterThanOrEqual(events[i - 1].loaded);
    }
    expect(events[events.length - 1].loaded).toBe(total);
    expect(new Set(events.map((e) => e.file))).toEqual(
      new Set(['train.bin.gz', 'val.bin.gz', 'test.bin.gz']),
    );
  });
});

describe.skipIf(!HAVE_DEBIAN)(
  HAVE_DEBIAN
    ? `against the official IDX files in ${DEBIAN_DIR}`
    : `official-file spot-check skipped: ${DEBIAN_SKIP_REASON}`,
  () => {
    const readIdx = (name: string): Uint8Array =>
      new Uint8Array(gunzipSync(readFileSync(join(DEBIAN_DIR, `${name}.gz`))));
    let train: { images: Uint8Array; labels: Uint8Array };
    let t10k: { images: Uint8Array; labels: Uint8Array };
    beforeAll(() => {
      const load = (set: string) => {
        const imgBytes = readIdx(`${set}-images-idx3-ubyte`);
        const labBytes = readIdx(`${set}-labels-idx1-ubyte`);
        return {
          imgBytes,
          labBytes,
          images: parseIdxImages(imgBytes, set).pixels,
          labels: parseIdxLabels(labBytes, set),
        };
      };
      const a = load('train');
      const b = load('t10k');
      train = a;
      t10k = b;
      expect(sha256(a.imgBytes)).toBe(raw.manifest.sources.train.imagesSha256);
      expect(sha256(a.labBytes)).toBe(raw.manifest.sources.train.labelsSha256);
      expect(sha256(b.imgBytes)).toBe(raw.manifest.sources.t10k.imagesSha256);
      expect(sha256(b.labBytes)).toBe(raw.manifest.sources.t10k.labelsSha256);
    });

    it('spot-checked images and labels equal the official ones at their recorded indices', () => {
      for (const [split, src] of [
        ['train', train],
        ['val', train],
        ['test', t10k],
      ] as const) {
        const d = raw.splits[split];
        for (const i of [0, 1, 2, 123, Math.floor(d.n / 2), d.n - 1]) {
          const o = d.officialIndices[i];
          expect(d.labels[i]).toBe(src.labels[o]);
          expect(
            sameBits(d.pixels.subarray(i * 784, (i + 1) * 784), src.images.subarray(o * 784, (o + 1) * 784)),
          ).toBe(true);
        }
      }
    });

    it('follows the documented selection rule exactly', () => {
      const firstPerClass = (labels: Uint8Array, from: number, count: number): number[] => {
        const seen = new Array<number>(10).fill(0);
        const out: number[] = [];
        labels.forEach((y, i) => {
          if (seen[y] >= from && seen[y] < from + count) out.push(i);
          seen[y]++;
        });
        return out;
      };
      const sorted = (a: Uint32Array): number[] => Array.from(a).sort((x, y) => x - y);
      expect(sorted(raw.splits.train.officialIndices)).toEqual(firstPerClass(train.labels, 0, 1000));
      expect(sorted(raw.splits.val.officialIndices)).toEqual(firstPerClass(train.labels, 1000, 200));
      expect(sorted(raw.splits.test.officialIndices)).toEqual(firstPerClass(t10k.labels, 0, 500));
    });
  },
);

describe('corrupted copies are rejected with the file named', () => {
  let dir: string;
  let manifest: FashionMnistManifest;
  beforeAll(async () => {
    manifest = JSON.parse(await readFile(join(DATA_DIR, 'manifest.json'), 'utf8')) as FashionMnistManifest;
  });
  const fresh = async (): Promise<string> => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = await mkdtemp(join(tmpdir(), 'fmnist-'));
    await cp(DATA_DIR, dir, { recursive: true });
    return dir;
  };
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const load = (d: string) => loadFashionMnist(fileByteSource(d));
  const writeManifest = (d: string, m: FashionMnistManifest) =>
    writeFile(join(d, 'manifest.json'), JSON.stringify(m));

  it('truncated split file', async () => {
    const d = await fresh();
    await truncate(join(d, 'train.bin.gz'), 100_000);
    await expect(load(d)).rejects.toThrow(/train\.bin\.gz: truncated: 100,000 of the 4,\d{3},\d{3} bytes/);
  });

  it('a flipped byte inside the gzip data', async () => {
    const d = await fresh();
    const p = join(d, 'val.bin.gz');
    const b = await readFile(p);
    b[Math.floor(b.length / 2)] ^= 0xff;
    await writeFile(p, b);
    await expect(load(d)).rejects.toThrow(/val\.bin\.gz: corrupt gzip data/);
  });

  it('a flipped byte in the content (checksum mismatch), gzipped or not', async () => {
    const d = await fresh();
    const p = join(d, 'test.bin.gz');
    const plain = gunzipSync(await readFile(p));
    plain[plain.length - 1000] ^= 0x01;
    await writeFile(p, plain);
    await expect(load(d)).rejects.toThrow(/test\.bin\.gz: checksum mismatch/);
    const gz = gzipSync(plain);
    await writeFile(p, gz);
    await writeManifest(d, {
      ...manifest,
      splits: { ...manifest.splits, test: { ...manifest.splits.test, compressedBytes: gz.length } },
    });
    await expect(load(d)).rejects.toThrow(/test\.bin\.gz: checksum mismatch/);
  });

  it('a manifest that lists the wrong size', async () => {
    const d = await fresh();
    const m = {
      ...manifest,
      splits: {
        ...manifest.splits,
        val: { ...manifest.splits.val, compressedBytes: manifest.splits.val.compressedBytes - 1 },
      },
    };
    await writeManifest(d, m);
    await expect(load(d)).rejects.toThrow(
      /val\.bin\.gz: wrong size: 883,761 bytes, the manifest lists 883,760/,
    );
    m.splits.val = { ...manifest.splits.val, uncompressedBytes: 1234 };
    await writeManifest(d, m);
    await expect(load(d)).rejects.toThrow(/manifest\.json: split "val": uncompressedBytes 1234/);
  });

  it('missing split file, missing or unreadable manifest, wrong manifest version', async () => {
    const d = await fresh();
    await unlink(join(d, 'val.bin.gz'));
    await expect(load(d)).rejects.toThrow(/val\.bin\.gz: missing/);
    await unlink(join(d, 'manifest.json'));
    await expect(load(d)).rejects.toThrow(/manifest\.json: missing/);
    await writeFile(join(d, 'manifest.json'), '{"format": ');
    await expect(load(d)).rejects.toThrow(/manifest\.json: not valid JSON/);
    await writeManifest(d, { ...manifest, formatVersion: 2 });
    await expect(load(d)).rejects.toThrow(/manifest\.json: formatVersion is 2, this loader reads version 1/);
  });

  it('a file that is neither gzip nor the right uncompressed size', async () => {
    const d = await fresh();
    await writeFile(join(d, 'test.bin.gz'), 'hello');
    await expect(load(d)).rejects.toThrow(
      /test\.bin\.gz: neither gzip data \(starts 0x68 0x65, not 0x1f 0x8b\)/,
    );
  });

  it('accepts already-decompressed files (server-side Content-Encoding) and gives identical data', async () => {
    const d = await fresh();
    for (const s of ['train', 'val', 'test'] as const) {
      const p = join(d, manifest.splits[s].file);
      await writeFile(p, gunzipSync(await readFile(p)));
    }
    const plain = await load(d);
    for (const s of ['train', 'val', 'test'] as const) {
      expect(sameBits(plain[s].x, dataset[s].x)).toBe(true);
      expect(sameBits(plain[s].y, dataset[s].y)).toBe(true);
    }
  });
});
