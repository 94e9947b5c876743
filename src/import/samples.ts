/**
 * Turning logit rows into per-sample scores as they stream in, with the checks a row must pass
 * (finite logits) and the checks labels must pass (integers in [0, K)). Errors name the file, the
 * sample and the value.
 */
import { allocSampleScores, SAMPLE_P_MAX, scoreRowsInto, type SampleScores } from '../analysis/sampleScores';
import { ImportError } from './errors';

/** Rows are scored in chunks of about this many bytes of logits. */
export const CHUNK_BYTES = 4 << 20;

export function rowsPerChunk(k: number, itemBytes: number): number {
  return Math.max(1, Math.floor(CHUNK_BYTES / (k * itemBytes)));
}

/** Scores `rows` rows into `out` at `at`; throws an ImportError naming the first non-finite logit. */
export function scoreChecked(
  logits: ArrayLike<number>,
  rows: number,
  out: SampleScores,
  at: number,
  file: string,
  scratch: Float64Array,
  sampleName: (i: number) => string = (i) => `sample ${i} (0-based)`,
): void {
  const bad = scoreRowsInto(logits, rows, out, at, scratch);
  if (bad < 0) return;
  const k = out.k;
  for (let j = 0; j < k; j++) {
    const v = logits[bad * k + j];
    if (!Number.isFinite(v)) {
      const what = Number.isNaN(v) ? 'NaN' : v > 0 ? '+Infinity' : '−Infinity';
      throw new ImportError(file, `the logits hold ${what}: ${sampleName(at + bad)}, class ${j}`);
    }
  }
}

/** Copies labels into `out.labels` after checking each is an integer in [0, K). */
export function setLabels(values: ArrayLike<number>, out: SampleScores, file: string, at = 0): void {
  const k = out.k;
  for (let i = 0; i < values.length; i++) {
    const y = values[i];
    if (!(Number.isInteger(y) && y >= 0 && y < k)) {
      throw new ImportError(
        file,
        `label ${y} of sample ${at + i} (0-based) is out of range for K = ${k} classes (expected an integer 0–${k - 1})`,
      );
    }
    out.labels[at + i] = y;
  }
}

/** The samples of several blocks, in order (for inputs whose length is only known at the end). */
export function concatSamples(blocks: SampleScores[], k: number): SampleScores {
  const n = blocks.reduce((a, b) => a + b.n, 0);
  const out = allocSampleScores(n, k);
  let at = 0;
  for (const b of blocks) {
    out.labels.set(b.labels, at);
    out.preds.set(b.preds, at);
    out.logMsp.set(b.logMsp, at);
    out.pMax.set(b.pMax, at);
    out.vMax.set(b.vMax, at);
    out.uMax.set(b.uMax, at);
    for (let q = 0; q < SAMPLE_P_MAX; q++) {
      out.pNormCentred[q].set(b.pNormCentred[q], at);
      out.pNormRaw[q].set(b.pNormRaw[q], at);
    }
    at += b.n;
  }
  return out;
}
