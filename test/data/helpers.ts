import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { ByteProgress, ByteSource } from '../../src/data/byteSource';
import { ByteSourceError } from '../../src/data/byteSource';
import {
  FASHION_MNIST_CLASS_NAMES,
  FORMAT_VERSION,
  MANIFEST_FORMAT,
  encodeSplit,
  type FashionMnistManifest,
  type ManifestSplit,
  type SourceSet,
  type SplitName,
} from '../../src/data/fashionMnistFormat';

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** In-memory ByteSource; progress in `chunk`-byte steps. */
export function memoryByteSource(files: Map<string, Uint8Array>, chunk = 1 << 16): ByteSource {
  return {
    fetchBytes(path: string, onProgress?: ByteProgress): Promise<Uint8Array> {
      const bytes = files.get(path);
      if (!bytes) return Promise.reject(new ByteSourceError(path, 'missing', 'missing (not in memory)'));
      for (let at = Math.min(chunk, bytes.length); ; at = Math.min(at + chunk, bytes.length)) {
        onProgress?.(at, bytes.length);
        if (at >= bytes.length) break;
      }
      return Promise.resolve(bytes);
    },
  };
}

export interface TinySplitSpec {
  sourceSet: SourceSet;
  officialIndices: number[];
  labels: number[];
}

/**
 * A tiny, valid subset in memory (4×3 images, 3 classes) in the shipped format, with the manifest
 * computed from the contents — so a test can plant one specific defect and keep everything else right.
 */
export function tinySubset(
  splits: Record<SplitName, TinySplitSpec>,
  { gzip = true }: { gzip?: boolean } = {},
): { files: Map<string, Uint8Array>; manifest: FashionMnistManifest; raw: Record<SplitName, Uint8Array> } {
  const rows = 4;
  const cols = 3;
  const numClasses = 3;
  const files = new Map<string, Uint8Array>();
  const entries = {} as Record<SplitName, ManifestSplit>;
  const raws = {} as Record<SplitName, Uint8Array>;
  for (const name of ['train', 'val', 'test'] as const) {
    const s = splits[name];
    const n = s.labels.length;
    const pixels = new Uint8Array(n * rows * cols);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + n) % 256;
    const raw = encodeSplit({
      split: name,
      sourceSet: s.sourceSet,
      rows,
      cols,
      numClasses,
      labels: Uint8Array.from(s.labels),
      pixels,
      officialIndices: Uint32Array.from(s.officialIndices),
    });
    const stored = gzip ? new Uint8Array(gzipSync(raw, { level: 9 })) : raw;
    const file = `${name}.bin.gz`;
    files.set(file, stored);
    raws[name] = raw;
    const classCounts = [0, 0, 0];
    for (const y of s.labels) classCounts[y]++;
    entries[name] = {
      file,
      n,
      sourceSet: s.sourceSet,
      compressedBytes: stored.length,
      uncompressedBytes: raw.length,
      sha256: sha256(raw),
      classCounts,
    };
  }
  const manifest: FashionMnistManifest = {
    format: MANIFEST_FORMAT,
    formatVersion: FORMAT_VERSION,
    name: 'tiny',
    rows,
    cols,
    numClasses,
    classNames: FASHION_MNIST_CLASS_NAMES.slice(0, numClasses),
    layout: '',
    selection: { rule: '', order: '', orderSeed: 0 },
    splits: entries,
    sources: {
      train: { images: '', labels: '', count: 60000, imagesSha256: '', labelsSha256: '' },
      t10k: { images: '', labels: '', count: 10000, imagesSha256: '', labelsSha256: '' },
    },
    attribution: '',
    license: 'MIT',
    licenseFile: 'LICENSE',
    citation: '',
    rebuild: '',
  };
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
  return { files, manifest, raw: raws };
}

export const TINY_SPLITS: Record<SplitName, TinySplitSpec> = {
  train: { sourceSet: 'train', officialIndices: [5, 9, 2, 7, 11, 30], labels: [0, 1, 2, 0, 1, 2] },
  val: { sourceSet: 'train', officialIndices: [100, 101, 102], labels: [2, 1, 0] },
  test: { sourceSet: 't10k', officialIndices: [5, 9, 2], labels: [1, 0, 2] },
};

/** Bit-identical typed arrays (fast; vitest's toEqual walks element by element). */
export function sameBits(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}
