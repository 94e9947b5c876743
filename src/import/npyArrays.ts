/**
 * Logits and labels arrays read from .npy data (a .npy file, or an entry of a .npz): header checks,
 * the labels read whole (N integers), the logits streamed row chunk by row chunk into per-sample
 * scores. A Fortran-ordered logits array is read whole (one copy) and its rows gathered, since its
 * rows are not contiguous.
 */
import { allocSampleScores, type SampleScores } from '../analysis/sampleScores';
import type { ChunkReader } from './bytes';
import { ImportError, quote } from './errors';
import { decodeFloats, decodeIntegers, readNpyHeader, shapeText, type NpyHeader } from './npy';
import { rowsPerChunk, scoreChecked, setLabels } from './samples';

export interface NpyArray {
  /** Name used in messages: the file, or "archive.npz (entry logits.npy)". */
  file: string;
  header: NpyHeader;
  reader: ChunkReader;
}

/**
 * Reads the header and checks the data size against it. `available`: bytes the file or entry holds
 * in all (header included), when known.
 */
export async function openNpy(
  reader: ChunkReader,
  file: string,
  available: number | null,
): Promise<NpyArray> {
  const header = await readNpyHeader(reader, file);
  if (available !== null) {
    const have = available - header.dataOffset;
    const desc = `shape ${shapeText(header.shape)} of dtype ${quote(header.dtype.descr)}`;
    if (have < header.dataBytes) {
      throw new ImportError(
        file,
        `truncated file: its header's ${desc} needs ${header.dataBytes.toLocaleString('en')} bytes of data, but only ${Math.max(0, have).toLocaleString('en')} are there`,
      );
    }
    if (have > header.dataBytes) {
      throw new ImportError(
        file,
        `${(have - header.dataBytes).toLocaleString('en')} bytes more data than its header's ${desc} holds: not a valid .npy file`,
      );
    }
  }
  return { file, header, reader };
}

/** Logits are the array of a pair that is not 1-D (labels are [N]); its shape is checked later. */
export function isLogitsShaped(a: NpyArray): boolean {
  return a.header.shape.length !== 1;
}

/** Throws unless the array is float logits [N, K] with N ≥ 1 and K ≥ 2; returns [N, K]. */
export function checkLogits(a: NpyArray): [number, number] {
  const { shape, dtype } = a.header;
  if (shape.length !== 2) {
    throw new ImportError(
      a.file,
      `logits must be a 2-D array [N, K]; this one has shape ${shapeText(shape)}`,
    );
  }
  if (dtype.kind !== 'f') {
    throw new ImportError(
      a.file,
      `unsupported dtype ${quote(dtype.descr)} for logits: save them as float16, float32 or float64`,
    );
  }
  const [n, k] = shape;
  if (n < 1) throw new ImportError(a.file, `no samples: the logits have shape ${shapeText(shape)}`);
  if (k < 2) {
    throw new ImportError(a.file, `wrong shape ${shapeText(shape)}: logits [N, K] need K ≥ 2 classes`);
  }
  return [n, k];
}

/** Throws unless the array is integer labels [n]. */
export function checkLabelsHeader(a: NpyArray, n: number, logitsFile: string): void {
  const { shape, dtype } = a.header;
  if (shape.length !== 1) {
    throw new ImportError(a.file, `labels must be a 1-D array [N]; this one has shape ${shapeText(shape)}`);
  }
  if (dtype.kind === 'f') {
    throw new ImportError(
      a.file,
      `unsupported dtype ${quote(dtype.descr)} for labels: save them as integers, e.g. labels.astype('int64')`,
    );
  }
  if (shape[0] !== n) {
    throw new ImportError(
      a.file,
      `mismatched N: ${shape[0].toLocaleString('en')} labels, but ${logitsFile} has ${n.toLocaleString('en')} rows of logits`,
    );
  }
}

/** Reads the labels (whole) into `out.labels`, checking each against K = out.k. */
export async function readLabels(a: NpyArray, out: SampleScores): Promise<void> {
  const bytes = await a.reader.read(a.header.dataBytes);
  if (!bytes) throw new ImportError(a.file, 'truncated file: the labels end before the header’s shape says');
  setLabels(decodeIntegers(bytes, a.header.dtype, out.n), out, a.file);
}

/** Streams the logits rows into `out` (labels already set), chunk by chunk. */
export async function streamLogits(a: NpyArray, out: SampleScores): Promise<void> {
  const { dtype, fortranOrder } = a.header;
  const [n, k] = a.header.shape;
  const scratch = new Float64Array(k);
  const truncated = (rows: number) =>
    new ImportError(
      a.file,
      `truncated data: it ends after ${rows.toLocaleString('en')} of ${n.toLocaleString('en')} rows`,
    );
  if (fortranOrder) {
    // Column-major: element (i, j) at j·N + i. Read it whole, then gather rows in chunks.
    const bytes = new Uint8Array(a.header.dataBytes);
    const got = await a.reader.fill(bytes);
    if (got < bytes.length) throw truncated(Math.floor(got / (dtype.size * k)));
    const all = decodeFloats(bytes, dtype, n * k);
    const per = rowsPerChunk(k, 8);
    const rows = new Float64Array(per * k);
    for (let at = 0; at < n; at += per) {
      const m = Math.min(per, n - at);
      for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) rows[i * k + j] = all[j * n + at + i];
      scoreChecked(rows, m, out, at, a.file, scratch);
    }
    return;
  }
  const per = rowsPerChunk(k, dtype.size);
  const rowBytes = k * dtype.size;
  const buffer = new Uint8Array(per * rowBytes);
  for (let at = 0; at < n; at += per) {
    const m = Math.min(per, n - at);
    const want = m * rowBytes;
    const got = await a.reader.fill(buffer.subarray(0, want));
    if (got < want) throw truncated(at + Math.floor(got / rowBytes));
    scoreChecked(decodeFloats(buffer, dtype, m * k), m, out, at, a.file, scratch);
  }
}

/** Logits and labels arrays → per-sample scores, all checks first, then the heavy streaming. */
export async function scoresOf(logits: NpyArray, labels: NpyArray): Promise<SampleScores> {
  const [n, k] = checkLogits(logits);
  checkLabelsHeader(labels, n, logits.file);
  const out = allocSampleScores(n, k);
  await readLabels(labels, out);
  await streamLogits(logits, out);
  return out;
}
