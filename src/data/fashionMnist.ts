/**
 * Loader for the shipped Fashion-MNIST subset (public/data/fashion-mnist/, built by
 * scripts/convert-fashion-mnist.ts; format in fashionMnistFormat.ts). Works in the browser and in
 * Node: bytes come through a ByteSource, gzip is undone with DecompressionStream, checksums with
 * crypto.subtle. Everything is validated, and every error message names the file at fault.
 */
import { ByteSourceError, type ByteSource } from './byteSource';
import {
  FORMAT_VERSION,
  MANIFEST_FILE,
  SPLIT_NAMES,
  SOURCE_SET_SIZES,
  decodeSplit,
  parseManifest,
  type DecodedSplit,
  type FashionMnistManifest,
  type ManifestSplit,
  type SplitName,
} from './fashionMnistFormat';
import { GunzipError, gunzip, isGzip } from './gzip';
import { sha256Hex } from './sha256';
import type { Dataset, Split } from './types';

export { FASHION_MNIST_CLASS_NAMES } from './fashionMnistFormat';

export interface FashionMnistProgress {
  /** Bytes received so far, summed over the split files (counted against their compressed sizes). */
  loaded: number;
  /** Sum of the split files' compressed sizes from the manifest; constant during one load. */
  total: number;
  /** The file the latest bytes belong to. */
  file: string;
}

export interface LoadFashionMnistOptions {
  onProgress?(p: FashionMnistProgress): void;
  /**
   * Use only this many training images (default: all). The subset is a class-balanced prefix:
   * class c gets ⌊m/K⌋ images, plus one more for the first m mod K classes (c < m mod K), and they
   * are the first images of that class in the stored (seeded-shuffle) order, kept in that order.
   * So a smaller trainSize always gives a subset of a larger one. Integer in [K, n_train].
   */
  trainSize?: number;
}

export interface FashionMnistRaw {
  manifest: FashionMnistManifest;
  splits: Record<SplitName, DecodedSplit>;
}

const PREFIX = 'Fashion-MNIST';

function fileError(file: string, what: string, cause?: unknown): Error {
  return new Error(`${PREFIX}: ${file}: ${what}`, cause === undefined ? undefined : { cause });
}

function sourceError(e: unknown, file: string): Error {
  if (e instanceof ByteSourceError) return new Error(`${PREFIX}: ${e.message}`, { cause: e });
  return fileError(file, `could not be read (${e instanceof Error ? e.message : String(e)})`, e);
}

const fmt = (n: number): string => n.toLocaleString('en-US');

async function loadManifest(source: ByteSource): Promise<FashionMnistManifest> {
  let bytes: Uint8Array;
  try {
    bytes = await source.fetchBytes(MANIFEST_FILE);
  } catch (e) {
    throw sourceError(e, MANIFEST_FILE);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw fileError(MANIFEST_FILE, `not valid JSON (${e instanceof Error ? e.message : String(e)})`, e);
  }
  try {
    return parseManifest(json, MANIFEST_FILE);
  } catch (e) {
    throw new Error(`${PREFIX}: ${(e as Error).message}`, { cause: e });
  }
}

/** Turns the bytes as received into the verified, uncompressed file contents. */
async function inflateAndVerify(bytes: Uint8Array, spec: ManifestSplit): Promise<Uint8Array> {
  const { file, compressedBytes, uncompressedBytes } = spec;
  let raw: Uint8Array;
  if (isGzip(bytes)) {
    if (bytes.length < compressedBytes) {
      throw fileError(
        file,
        `truncated: ${fmt(bytes.length)} of the ${fmt(compressedBytes)} bytes the manifest lists`,
      );
    }
    if (bytes.length !== compressedBytes) {
      throw fileError(
        file,
        `wrong size: ${fmt(bytes.length)} bytes, the manifest lists ${fmt(compressedBytes)}`,
      );
    }
    try {
      raw = await gunzip(bytes, uncompressedBytes);
    } catch (e) {
      if (e instanceof GunzipError) throw fileError(file, e.message, e);
      throw e;
    }
    if (raw.length !== uncompressedBytes) {
      throw fileError(
        file,
        `wrong size: inflates to ${fmt(raw.length)} bytes, the manifest lists ${fmt(uncompressedBytes)}`,
      );
    }
  } else {
    // No gzip magic: a server that sent the file with Content-Encoding: gzip has already been undone
    // by the browser, so accept the bytes if they are exactly the uncompressed file.
    if (bytes.length !== uncompressedBytes) {
      const head = Array.from(bytes.subarray(0, 2), (b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
      throw fileError(
        file,
        `neither gzip data (starts ${head || '(empty)'}, not 0x1f 0x8b) nor the ${fmt(uncompressedBytes)} ` +
          `uncompressed bytes the manifest lists (got ${fmt(bytes.length)} bytes): corrupt or wrong file`,
      );
    }
    raw = bytes;
  }
  const digest = await sha256Hex(raw);
  if (digest !== spec.sha256) {
    throw fileError(
      file,
      `checksum mismatch: SHA-256 of the content is ${digest}, the manifest lists ${spec.sha256}`,
    );
  }
  return raw;
}

function checkUnique(split: DecodedSplit, file: string, seen: Uint8Array, owner: string[]): void {
  for (let i = 0; i < split.n; i++) {
    const idx = split.officialIndices[i];
    if (seen[idx]) {
      const where = owner[idx] === file ? 'twice in this file' : `also in ${owner[idx]}`;
      throw fileError(file, `official ${split.sourceSet} image ${idx} appears ${where}`);
    }
    seen[idx] = 1;
    owner[idx] = file;
  }
}

/** Loads, verifies and decodes all three split files, keeping pixels as bytes and the provenance. */
export async function loadFashionMnistRaw(
  source: ByteSource,
  opts: Pick<LoadFashionMnistOptions, 'onProgress'> = {},
): Promise<FashionMnistRaw> {
  const manifest = await loadManifest(source);
  const total = SPLIT_NAMES.reduce((sum, s) => sum + manifest.splits[s].compressedBytes, 0);
  const received = new Map<SplitName, number>();
  let lastLoaded = -1;
  const report = (split: SplitName, bytes: number): void => {
    const cap = manifest.splits[split].compressedBytes;
    // Clamp: an inflating server can deliver more bytes than the compressed size.
    received.set(split, Math.max(received.get(split) ?? 0, Math.min(bytes, cap)));
    let loaded = 0;
    for (const v of received.values()) loaded += v;
    if (loaded > lastLoaded) {
      lastLoaded = loaded;
      opts.onProgress?.({ loaded, total, file: manifest.splits[split].file });
    }
  };

  const loadOne = async (split: SplitName): Promise<DecodedSplit> => {
    const spec = manifest.splits[split];
    let bytes: Uint8Array;
    try {
      bytes = await source.fetchBytes(spec.file, (loaded) => report(split, loaded));
    } catch (e) {
      throw sourceError(e, spec.file);
    }
    const raw = await inflateAndVerify(bytes, spec);
    let decoded: DecodedSplit;
    try {
      decoded = decodeSplitOf(raw, manifest, split);
    } catch (e) {
      throw new Error(`${PREFIX}: ${(e as Error).message}`, { cause: e });
    }
    const counts = new Array<number>(manifest.numClasses).fill(0);
    for (const y of decoded.labels) counts[y]++;
    if (counts.some((c, k) => c !== spec.classCounts[k])) {
      throw fileError(
        spec.file,
        `class counts [${counts.join(', ')}] differ from the manifest's [${spec.classCounts.join(', ')}]`,
      );
    }
    report(split, spec.compressedBytes);
    return decoded;
  };

  const [train, val, test] = await Promise.all(SPLIT_NAMES.map(loadOne));
  const splits: Record<SplitName, DecodedSplit> = { train, val, test };

  // Provenance: no official image may be used twice, in particular not in both train and val.
  const seen = { train: new Uint8Array(SOURCE_SET_SIZES.train), t10k: new Uint8Array(SOURCE_SET_SIZES.t10k) };
  const owner = { train: [] as string[], t10k: [] as string[] };
  for (const s of SPLIT_NAMES) {
    const d = splits[s];
    checkUnique(d, manifest.splits[s].file, seen[d.sourceSet], owner[d.sourceSet]);
  }
  return { manifest, splits };
}

/**
 * Indices (into the split, ascending) of the class-balanced prefix described at
 * LoadFashionMnistOptions.trainSize.
 */
export function balancedPrefix(labels: ArrayLike<number>, numClasses: number, size: number): Int32Array {
  const quota = Array.from(
    { length: numClasses },
    (_, c) => Math.floor(size / numClasses) + (c < size % numClasses ? 1 : 0),
  );
  const taken = new Array<number>(numClasses).fill(0);
  const out = new Int32Array(size);
  let m = 0;
  for (let i = 0; i < labels.length && m < size; i++) {
    const c = labels[i];
    if (taken[c] < quota[c]) {
      taken[c]++;
      out[m++] = i;
    }
  }
  if (m < size) {
    throw new Error(
      `cannot take a class-balanced subset of ${size}: some class has fewer than ${Math.max(...quota)} images`,
    );
  }
  return out;
}

function toSplit(d: DecodedSplit, rows?: Int32Array): Split {
  const featureSize = d.rows * d.cols;
  const n = rows ? rows.length : d.n;
  const x = new Float32Array(n * featureSize);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const src = rows ? rows[i] : i;
    y[i] = d.labels[src];
    const from = src * featureSize;
    const to = i * featureSize;
    for (let j = 0; j < featureSize; j++) x[to + j] = d.pixels[from + j] / 255;
  }
  return { n, x, y };
}

export async function loadFashionMnist(
  source: ByteSource,
  opts: LoadFashionMnistOptions = {},
): Promise<Dataset> {
  const raw = await loadFashionMnistRaw(source, opts);
  const { manifest, splits } = raw;
  const available = splits.train.n;
  const trainSize = opts.trainSize ?? available;
  if (!Number.isInteger(trainSize) || trainSize < manifest.numClasses || trainSize > available) {
    throw new Error(
      `${PREFIX}: trainSize must be an integer from ${manifest.numClasses} to ${available}, got ${String(opts.trainSize)}`,
    );
  }
  const rows =
    trainSize === available ? undefined : balancedPrefix(splits.train.labels, manifest.numClasses, trainSize);
  return {
    id: 'fashion-mnist',
    name: 'Fashion-MNIST (subset)',
    numClasses: manifest.numClasses,
    classNames: [...manifest.classNames],
    sampleShape: [manifest.rows, manifest.cols, 1],
    featureSize: manifest.rows * manifest.cols,
    train: toSplit(splits.train, rows),
    val: toSplit(splits.val),
    test: toSplit(splits.test),
    settings: {
      source: 'fashion-mnist-subset',
      formatVersion: FORMAT_VERSION,
      trainSize,
      trainAvailable: available,
      trainSubset: rows ? 'class-balanced prefix' : 'all',
      valSize: splits.val.n,
      testSize: splits.test.n,
      trainSha256: manifest.splits.train.sha256,
      valSha256: manifest.splits.val.sha256,
      testSha256: manifest.splits.test.sha256,
    },
  };
}

/** Decodes one split's inflated bytes with the shape and counts its manifest promises. */
function decodeSplitOf(raw: Uint8Array, manifest: FashionMnistManifest, split: SplitName): DecodedSplit {
  const spec = manifest.splits[split];
  return decodeSplit(raw, spec.file, {
    split,
    sourceSet: spec.sourceSet,
    n: spec.n,
    rows: manifest.rows,
    cols: manifest.cols,
    numClasses: manifest.numClasses,
  });
}

/**
 * One split alone, verified like a full load (the page's "look closer" view needs only the test
 * images, not the training set).
 */
export async function loadFashionMnistSplit(source: ByteSource, split: SplitName): Promise<DecodedSplit> {
  const manifest = await loadManifest(source);
  const spec = manifest.splits[split];
  let bytes: Uint8Array;
  try {
    bytes = await source.fetchBytes(spec.file);
  } catch (e) {
    throw sourceError(e, spec.file);
  }
  const raw = await inflateAndVerify(bytes, spec);
  return decodeSplitOf(raw, manifest, split);
}
