/**
 * The on-disk format of the shipped Fashion-MNIST subset, shared by the converter
 * (scripts/convert-fashion-mnist.ts, which encodes) and the loader (fashionMnist.ts, which decodes
 * and validates). Pure functions over bytes: no I/O.
 *
 * One file per split, gzip-compressed. Uncompressed layout, all integers little-endian:
 *
 *   offset        bytes      field
 *   0             4          magic "LSFM"
 *   4             4          uint32 format version (= FORMAT_VERSION)
 *   8             4          uint32 n, number of images
 *   12            4          uint32 rows (28)
 *   16            4          uint32 cols (28)
 *   20            4          uint32 numClasses (10)
 *   24            4          uint32 split code: 0 train, 1 val, 2 test
 *   28            4          uint32 source set: 0 official training file, 1 official t10k test file
 *   32            4n         uint32 officialIndex[n]: position of each image in its official IDX file
 *   32 + 4n       n          uint8 label[n]
 *   32 + 5n       n·rows·cols uint8 pixels, image-major then row-major, 0 = background, as in the IDX files
 */

export const FORMAT_MAGIC = 'LSFM';
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 32;
export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'ls-sc-explorer/fashion-mnist-subset';

export const FASHION_MNIST_CLASS_NAMES: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

export type SplitName = 'train' | 'val' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'val', 'test'];
const SPLIT_CODES: Record<SplitName, number> = { train: 0, val: 1, test: 2 };

/** Which official file the images come from. */
export type SourceSet = 'train' | 't10k';
const SOURCE_SET_CODES: Record<SourceSet, number> = { train: 0, t10k: 1 };
export const SOURCE_SET_SIZES: Record<SourceSet, number> = { train: 60_000, t10k: 10_000 };

export interface SplitContents {
  split: SplitName;
  sourceSet: SourceSet;
  rows: number;
  cols: number;
  numClasses: number;
  /** Length n. */
  labels: Uint8Array;
  /** Length n·rows·cols. */
  pixels: Uint8Array;
  /** Length n: each image's index in its official IDX file. */
  officialIndices: Uint32Array;
}

export interface DecodedSplit extends SplitContents {
  n: number;
}

export function splitFileBytes(n: number, rows: number, cols: number): number {
  return HEADER_BYTES + 5 * n + n * rows * cols;
}

export function encodeSplit(s: SplitContents): Uint8Array {
  const n = s.labels.length;
  const imageSize = s.rows * s.cols;
  if (s.pixels.length !== n * imageSize || s.officialIndices.length !== n) {
    throw new Error(`encodeSplit(${s.split}): labels, pixels and officialIndices disagree on n`);
  }
  const out = new Uint8Array(splitFileBytes(n, s.rows, s.cols));
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = FORMAT_MAGIC.charCodeAt(i);
  const fields = [
    FORMAT_VERSION,
    n,
    s.rows,
    s.cols,
    s.numClasses,
    SPLIT_CODES[s.split],
    SOURCE_SET_CODES[s.sourceSet],
  ];
  fields.forEach((v, i) => view.setUint32(4 + 4 * i, v, true));
  for (let i = 0; i < n; i++) view.setUint32(HEADER_BYTES + 4 * i, s.officialIndices[i], true);
  out.set(s.labels, HEADER_BYTES + 4 * n);
  out.set(s.pixels, HEADER_BYTES + 5 * n);
  return out;
}

export interface SplitExpectation {
  split: SplitName;
  sourceSet: SourceSet;
  n: number;
  rows: number;
  cols: number;
  numClasses: number;
}

/**
 * Decodes one uncompressed split file and checks every header field against what the manifest
 * promised. Errors name `file`. The returned arrays are views into `bytes` where alignment allows.
 */
export function decodeSplit(bytes: Uint8Array, file: string, expect: SplitExpectation): DecodedSplit {
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}`);
  };
  if (bytes.length < HEADER_BYTES) fail(`truncated: ${bytes.length} bytes, shorter than the header`);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== FORMAT_MAGIC) fail(`bad magic ${JSON.stringify(magic)} (expected "${FORMAT_MAGIC}")`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (offset: number): number => view.getUint32(offset, true);
  const header = {
    version: u32(4),
    n: u32(8),
    rows: u32(12),
    cols: u32(16),
    numClasses: u32(20),
    split: u32(24),
    sourceSet: u32(28),
  };
  if (header.version !== FORMAT_VERSION) {
    fail(`header format version ${header.version}, this loader reads version ${FORMAT_VERSION}`);
  }
  const expected: Record<string, number> = {
    n: expect.n,
    rows: expect.rows,
    cols: expect.cols,
    numClasses: expect.numClasses,
    split: SPLIT_CODES[expect.split],
    sourceSet: SOURCE_SET_CODES[expect.sourceSet],
  };
  for (const [key, want] of Object.entries(expected)) {
    const got = header[key as keyof typeof header];
    if (got !== want) fail(`header field ${key} is ${got}, manifest expects ${want}`);
  }
  const { n, rows, cols, numClasses } = expect;
  const size = splitFileBytes(n, rows, cols);
  if (bytes.length !== size) {
    fail(`wrong size: ${bytes.length} bytes, header implies ${size} (n=${n}, ${rows}×${cols})`);
  }
  const officialIndices = new Uint32Array(n);
  const sourceSize = SOURCE_SET_SIZES[expect.sourceSet];
  for (let i = 0; i < n; i++) {
    const idx = u32(HEADER_BYTES + 4 * i);
    if (idx >= sourceSize) {
      fail(
        `official index ${idx} of image ${i} is outside the official ${expect.sourceSet} file (${sourceSize})`,
      );
    }
    officialIndices[i] = idx;
  }
  const labels = bytes.subarray(HEADER_BYTES + 4 * n, HEADER_BYTES + 5 * n);
  for (let i = 0; i < n; i++) {
    if (labels[i] >= numClasses)
      fail(`label ${labels[i]} of image ${i} is out of range 0..${numClasses - 1}`);
  }
  const pixels = bytes.subarray(HEADER_BYTES + 5 * n, size);
  return {
    split: expect.split,
    sourceSet: expect.sourceSet,
    n,
    rows,
    cols,
    numClasses,
    labels,
    pixels,
    officialIndices,
  };
}

export interface ManifestSplit {
  file: string;
  n: number;
  sourceSet: SourceSet;
  compressedBytes: number;
  uncompressedBytes: number;
  /** SHA-256 (hex) of the uncompressed file. */
  sha256: string;
  classCounts: number[];
}

export interface ManifestSource {
  images: string;
  labels: string;
  count: number;
  /** SHA-256 of the uncompressed official IDX files the subset was cut from. */
  imagesSha256: string;
  labelsSha256: string;
}

export interface FashionMnistManifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: number;
  name: string;
  rows: number;
  cols: number;
  numClasses: number;
  classNames: string[];
  layout: string;
  selection: { rule: string; order: string; orderSeed: number };
  splits: Record<SplitName, ManifestSplit>;
  sources: Record<SourceSet, ManifestSource>;
  attribution: string;
  license: string;
  licenseFile: string;
  citation: string;
  rebuild: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * Checks the fields the loader relies on (the descriptive ones are passed through). Errors name
 * `file`.
 */
export function parseManifest(json: unknown, file = MANIFEST_FILE): FashionMnistManifest {
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}`);
  };
  if (!isObject(json)) return fail('not a JSON object');
  if (json.format !== MANIFEST_FORMAT) {
    fail(`format is ${JSON.stringify(json.format)}, expected "${MANIFEST_FORMAT}"`);
  }
  if (json.formatVersion !== FORMAT_VERSION) {
    fail(
      `formatVersion is ${JSON.stringify(json.formatVersion)}, this loader reads version ${FORMAT_VERSION}`,
    );
  }
  for (const key of ['rows', 'cols', 'numClasses'] as const) {
    if (!isCount(json[key]) || json[key] === 0) fail(`${key} must be a positive integer`);
  }
  const numClasses = json.numClasses as number;
  const names = json.classNames;
  if (!Array.isArray(names) || names.length !== numClasses || !names.every((s) => typeof s === 'string')) {
    fail(`classNames must be ${numClasses} strings`);
  }
  if (!isObject(json.splits)) return fail('missing "splits"');
  const splits = json.splits;
  for (const name of SPLIT_NAMES) {
    const s = splits[name];
    if (!isObject(s)) return fail(`missing split "${name}"`);
    if (typeof s.file !== 'string' || !/^[A-Za-z0-9._-]+$/.test(s.file) || s.file.startsWith('.')) {
      fail(`split "${name}" has a bad file name ${JSON.stringify(s.file)}`);
    }
    for (const key of ['n', 'compressedBytes', 'uncompressedBytes'] as const) {
      if (!isCount(s[key])) fail(`split "${name}": ${key} must be a non-negative integer`);
    }
    if (s.sourceSet !== 'train' && s.sourceSet !== 't10k')
      fail(`split "${name}": sourceSet must be train or t10k`);
    if (typeof s.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(s.sha256)) {
      fail(`split "${name}": sha256 must be 64 lowercase hex digits`);
    }
    const counts = s.classCounts;
    if (!Array.isArray(counts) || counts.length !== numClasses || !counts.every(isCount)) {
      return fail(`split "${name}": classCounts must be ${numClasses} counts`);
    }
    if (counts.reduce((a: number, b: number) => a + b, 0) !== s.n) {
      fail(`split "${name}": classCounts do not add up to n=${String(s.n)}`);
    }
    const size = splitFileBytes(s.n as number, json.rows as number, json.cols as number);
    if (s.uncompressedBytes !== size) {
      fail(
        `split "${name}": uncompressedBytes ${String(s.uncompressedBytes)} ≠ ${size} implied by n, rows, cols`,
      );
    }
  }
  return json as unknown as FashionMnistManifest;
}
