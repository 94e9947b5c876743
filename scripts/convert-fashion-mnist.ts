/**
 * Builds the Fashion-MNIST subset shipped in public/data/fashion-mnist/ from the four official IDX
 * files (gzipped or not):
 *
 *   npm run data:fashion-mnist -- <folder with the IDX files> [--out public/data/fashion-mnist]
 *
 * e.g. `npm run data:fashion-mnist -- /usr/share/datasets/fashion-mnist` (Debian package
 * dataset-fashion-mnist). Selection, order and format are fixed, so the output is reproducible; the
 * format is documented in src/data/fashionMnistFormat.ts, the selection in SELECTION_RULE below and in
 * the generated README.md. After writing, the script loads the result back through the app's own
 * loader as a self-check.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createRng } from '../src/data/rng';
import { parseIdxImages, parseIdxLabels } from '../src/data/idx';
import { loadFashionMnistRaw } from '../src/data/fashionMnist';
import { fileByteSource } from '../src/data/nodeByteSource';
import {
  FASHION_MNIST_CLASS_NAMES,
  FORMAT_VERSION,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  SOURCE_SET_SIZES,
  encodeSplit,
  type FashionMnistManifest,
  type ManifestSource,
  type ManifestSplit,
  type SourceSet,
  type SplitName,
} from '../src/data/fashionMnistFormat';

const ROWS = 28;
const COLS = 28;
const NUM_CLASSES = 10;
const PER_CLASS: Record<SplitName, number> = { train: 1000, val: 200, test: 500 };
const ORDER_SEED = 2017;

const SELECTION_RULE =
  'From the official training file (60,000 images), for each class in official file order: the first ' +
  '1,000 images of the class go to train, the next 200 to val (so train and val are disjoint). From the ' +
  'official t10k test file (10,000 images): the first 500 images of each class go to test.';
const ORDER_RULE =
  "Within each split, the selected official indices are sorted ascending, then shuffled with src/data/rng.ts: createRng(orderSeed, 'fashion-mnist:<split>:order').shuffle(...). Each image's official index is stored next to it.";

const SOURCE_FILES: Record<SourceSet, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  t10k: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

const LICENSE_TEXT = `Fashion-MNIST — https://github.com/zalandoresearch/fashion-mnist

The files in this folder are a subset of Fashion-MNIST by Zalando Research (Han Xiao, Kashif Rasul,
Roland Vollgraf), re-encoded by LS-SC Explorer. Fashion-MNIST is distributed under the MIT licence
(Expat); the notice below is copied from the Debian package dataset-fashion-mnist
(/usr/share/doc/dataset-fashion-mnist/copyright; its "https:tech.zalando.com" is written out in full here).

The MIT License (MIT)

Copyright (c) 2017 Zalando SE, https://tech.zalando.com

Permission is hereby granted, free of charge, to any person obtaining a
copy of this software and associated documentation files (the "Software"),
to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense,
and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included
in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS
OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.
IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY
CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT,
TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
`;

const ATTRIBUTION =
  'Fashion-MNIST by Zalando Research (Han Xiao, Kashif Rasul, Roland Vollgraf), ' +
  'https://github.com/zalandoresearch/fashion-mnist, MIT licence, Copyright (c) 2017 Zalando SE; see LICENSE. ' +
  'Subset selection and file format: LS-SC Explorer (scripts/convert-fashion-mnist.ts).';
const CITATION =
  'Han Xiao, Kashif Rasul, Roland Vollgraf. Fashion-MNIST: a Novel Image Dataset for Benchmarking ' +
  'Machine Learning Algorithms. arXiv:1708.07747, 2017.';
const LAYOUT =
  'gzip of: header 32 bytes (magic "LSFM"; uint32 LE version, n, rows, cols, numClasses, split code ' +
  '0 train/1 val/2 test, source set 0 train/1 t10k) | uint32 LE officialIndex[n] | uint8 label[n] | ' +
  'uint8 pixel[n*rows*cols] (image-major, row-major, 0 = background, as in the IDX files). ' +
  'See src/data/fashionMnistFormat.ts.';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function readMaybeGzipped(dir: string, base: string): { bytes: Uint8Array; path: string } {
  for (const name of [base, `${base}.gz`]) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    const raw = new Uint8Array(readFileSync(path));
    const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? new Uint8Array(gunzipSync(raw)) : raw;
    return { bytes, path };
  }
  throw new Error(`${base}: not found in ${dir} (looked for ${base} and ${base}.gz)`);
}

interface SourceData {
  images: Uint8Array;
  labels: Uint8Array;
  manifest: ManifestSource;
}

function readSource(dir: string, set: SourceSet): SourceData {
  const files = SOURCE_FILES[set];
  const img = readMaybeGzipped(dir, files.images);
  const lab = readMaybeGzipped(dir, files.labels);
  const images = parseIdxImages(img.bytes, img.path);
  const labels = parseIdxLabels(lab.bytes, lab.path);
  const want = SOURCE_SET_SIZES[set];
  if (images.n !== want || images.rows !== ROWS || images.cols !== COLS) {
    throw new Error(
      `${img.path}: shape ${images.n}×${images.rows}×${images.cols}, expected ${want}×${ROWS}×${COLS}`,
    );
  }
  if (labels.length !== want) throw new Error(`${lab.path}: ${labels.length} labels, expected ${want}`);
  const bad = labels.findIndex((y) => y >= NUM_CLASSES);
  if (bad >= 0)
    throw new Error(`${lab.path}: label ${labels[bad]} at index ${bad} is not in 0..${NUM_CLASSES - 1}`);
  console.log(`read ${img.path} and ${lab.path}: ${want} images`);
  return {
    images: images.pixels,
    labels,
    manifest: {
      images: files.images,
      labels: files.labels,
      count: want,
      imagesSha256: sha256(img.bytes),
      labelsSha256: sha256(lab.bytes),
    },
  };
}

/** Official indices per class, in file order. */
function indicesByClass(labels: Uint8Array): number[][] {
  const byClass = Array.from({ length: NUM_CLASSES }, () => [] as number[]);
  labels.forEach((y, i) => byClass[y].push(i));
  return byClass;
}

function take(byClass: number[][], from: number, count: number, what: string): number[] {
  const out: number[] = [];
  byClass.forEach((list, c) => {
    if (list.length < from + count)
      throw new Error(`class ${c} has only ${list.length} images, ${what} needs ${from + count}`);
    out.push(...list.slice(from, from + count));
  });
  return out.sort((a, b) => a - b);
}

function buildSplit(split: SplitName, set: SourceSet, src: SourceData, selected: number[]) {
  const order = Uint32Array.from(selected);
  createRng(ORDER_SEED, `fashion-mnist:${split}:order`).shuffle(order);
  const n = order.length;
  const imageSize = ROWS * COLS;
  const labels = new Uint8Array(n);
  const pixels = new Uint8Array(n * imageSize);
  const classCounts = new Array<number>(NUM_CLASSES).fill(0);
  order.forEach((idx, i) => {
    labels[i] = src.labels[idx];
    classCounts[labels[i]]++;
    pixels.set(src.images.subarray(idx * imageSize, (idx + 1) * imageSize), i * imageSize);
  });
  const raw = encodeSplit({
    split,
    sourceSet: set,
    rows: ROWS,
    cols: COLS,
    numClasses: NUM_CLASSES,
    labels,
    pixels,
    officialIndices: order,
  });
  const gz = new Uint8Array(gzipSync(raw, { level: 9 }));
  const file = `${split}.bin.gz`;
  const entry: ManifestSplit = {
    file,
    n,
    sourceSet: set,
    compressedBytes: gz.length,
    uncompressedBytes: raw.length,
    sha256: sha256(raw),
    classCounts,
  };
  return { entry, gz };
}

function readme(m: FashionMnistManifest, totalBytes: number): string {
  const rows = (['train', 'val', 'test'] as const)
    .map((s) => {
      const e = m.splits[s];
      return `| ${s} | \`${e.file}\` | ${e.n} | official ${e.sourceSet === 'train' ? 'training' : 'test (t10k)'} file | ${e.compressedBytes.toLocaleString('en-US')} |`;
    })
    .join('\n');
  return `# Fashion-MNIST subset

A fixed, class-balanced subset of [Fashion-MNIST](https://github.com/zalandoresearch/fashion-mnist)
(Zalando Research; MIT licence, see [LICENSE](LICENSE)) used by LS-SC Explorer: 28×28 greyscale
images of 10 clothing classes (${m.classNames.join(', ')}).

| split | file | images | taken from | bytes (gzip) |
|---|---|---|---|---|
${rows}

Total on disk including this folder's other files: about ${(totalBytes / 1e6).toFixed(2)} MB.

## How the images were selected

${SELECTION_RULE}

${ORDER_RULE.replace('orderSeed', String(m.selection.orderSeed))}

Every image carries its index in the official IDX file, so provenance can be checked image by image.

## Format

\`manifest.json\` lists, per split, the file, n, compressed and uncompressed byte lengths, the SHA-256
of the uncompressed bytes and the class counts, plus the SHA-256 of the official IDX files used.
Each split file is ${LAYOUT}

To list the official indices of a split in Node:

\`\`\`js
const b = require('zlib').gunzipSync(require('fs').readFileSync('train.bin.gz'));
const n = b.readUInt32LE(8);
const officialIndices = Array.from({ length: n }, (_, i) => b.readUInt32LE(32 + 4 * i));
\`\`\`

The app loads these files with \`loadFashionMnist\` (src/data/fashionMnist.ts), which checks sizes,
header fields, label ranges, checksums and train/val disjointness.

## How to rebuild

\`\`\`sh
sudo apt-get install dataset-fashion-mnist     # or download the four IDX files from the upstream repository
npm run data:fashion-mnist -- /usr/share/datasets/fashion-mnist
\`\`\`

The script accepts the IDX files gzipped or not, validates their magic numbers and shapes, and
rewrites this folder. The uncompressed split files (and their SHA-256) are reproducible; the gzip bytes
may differ between zlib versions.

## Citation

${CITATION}
`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let outDir = 'public/data/fashion-mnist';
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') outDir = args[++i] ?? '';
    else if (args[i] === '-h' || args[i] === '--help') {
      console.log('usage: npm run data:fashion-mnist -- <folder of IDX files> [--out <folder>]');
      return;
    } else positional.push(args[i]);
  }
  if (positional.length !== 1 || !outDir) {
    throw new Error('usage: npm run data:fashion-mnist -- <folder of IDX files> [--out <folder>]');
  }
  const srcDir = resolve(positional[0]);
  const train = readSource(srcDir, 'train');
  const t10k = readSource(srcDir, 't10k');
  const trainByClass = indicesByClass(train.labels);
  const testByClass = indicesByClass(t10k.labels);
  const built = {
    train: buildSplit('train', 'train', train, take(trainByClass, 0, PER_CLASS.train, 'train')),
    val: buildSplit('val', 'train', train, take(trainByClass, PER_CLASS.train, PER_CLASS.val, 'val')),
    test: buildSplit('test', 't10k', t10k, take(testByClass, 0, PER_CLASS.test, 'test')),
  };

  const manifest: FashionMnistManifest = {
    format: MANIFEST_FORMAT,
    formatVersion: FORMAT_VERSION,
    name: 'Fashion-MNIST (subset)',
    rows: ROWS,
    cols: COLS,
    numClasses: NUM_CLASSES,
    classNames: [...FASHION_MNIST_CLASS_NAMES],
    layout: LAYOUT,
    selection: { rule: SELECTION_RULE, order: ORDER_RULE, orderSeed: ORDER_SEED },
    splits: { train: built.train.entry, val: built.val.entry, test: built.test.entry },
    sources: { train: train.manifest, t10k: t10k.manifest },
    attribution: ATTRIBUTION,
    license: 'MIT',
    licenseFile: 'LICENSE',
    citation: CITATION,
    rebuild: 'npm run data:fashion-mnist -- <folder with the four official IDX files>',
  };

  mkdirSync(outDir, { recursive: true });
  for (const b of Object.values(built)) writeFileSync(join(outDir, b.entry.file), b.gz);
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(join(outDir, MANIFEST_FILE), manifestText);
  writeFileSync(join(outDir, 'LICENSE'), LICENSE_TEXT);
  const splitBytes = Object.values(built).reduce((s, b) => s + b.gz.length, 0);
  const approxTotal = splitBytes + manifestText.length + LICENSE_TEXT.length + 3000;
  writeFileSync(join(outDir, 'README.md'), readme(manifest, approxTotal));

  // Self-check through the app's loader: sizes, checksums, headers, disjointness.
  const check = await loadFashionMnistRaw(fileByteSource(outDir));
  for (const s of ['train', 'val', 'test'] as const) {
    const e = manifest.splits[s];
    console.log(
      `${join(outDir, e.file)}: n=${check.splits[s].n}, ${e.compressedBytes} bytes gzip (${e.uncompressedBytes} raw), sha256 ${e.sha256}`,
    );
  }
  console.log(`total of the three split files: ${splitBytes} bytes`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
