/**
 * A NumPy .npz (numpy.savez or savez_compressed) holding `logits` [N, K] and `labels` [N], and
 * optionally `val_logits` and `val_labels`: a validation split on which p is searched.
 */
import type { SampleScores } from '../analysis/sampleScores';
import { ChunkReader, type ByteCounter } from './bytes';
import { ImportError, quote } from './errors';
import {
  checkLabelsHeader,
  checkLogits,
  openNpy,
  readLabels,
  streamLogits,
  type NpyArray,
} from './npyArrays';
import { allocSampleScores } from '../analysis/sampleScores';
import { entryStream, readZipDirectory } from './zip';

export async function loadNpz(
  blob: Blob,
  file: string,
  count?: ByteCounter,
): Promise<{ test: SampleScores; val: SampleScores | null }> {
  const entries = await readZipDirectory(blob, file);
  const byKey = new Map(entries.map((e) => [e.name.replace(/\.npy$/, ''), e]));
  const found = [...byKey.keys()].map((k) => quote(k)).join(', ') || 'none';
  for (const key of ['logits', 'labels']) {
    if (!byKey.has(key)) {
      throw new ImportError(
        file,
        `no '${key}' array: an .npz must hold 'logits' and 'labels' (optionally 'val_logits' and 'val_labels'); it holds ${found}`,
      );
    }
  }
  const hasVal = byKey.has('val_logits') || byKey.has('val_labels');
  if (hasVal && !(byKey.has('val_logits') && byKey.has('val_labels'))) {
    throw new ImportError(
      file,
      `a validation split needs both 'val_logits' and 'val_labels'; it holds ${found}`,
    );
  }
  const open = async (key: string): Promise<NpyArray> => {
    const e = byKey.get(key)!;
    const failure = e.method === 8 ? 'corrupt compressed data' : undefined;
    const reader = new ChunkReader(await entryStream(blob, e, file, count), `${file} (${key})`, failure);
    return openNpy(reader, `${file} (${key})`, e.uncompressedSize);
  };
  // Every header is checked before any data is read, so a bad archive fails fast and loads nothing.
  const logits = await open('logits');
  const labels = await open('labels');
  const [n, k] = checkLogits(logits);
  checkLabelsHeader(labels, n, logits.file);
  let val: { logits: NpyArray; labels: NpyArray; n: number } | null = null;
  if (hasVal) {
    const vl = await open('val_logits');
    const vy = await open('val_labels');
    const [nv, kv] = checkLogits(vl);
    if (kv !== k) {
      throw new ImportError(
        vl.file,
        `K = ${kv} classes, but 'logits' have K = ${k}: both splits need the same classes`,
      );
    }
    checkLabelsHeader(vy, nv, vl.file);
    val = { logits: vl, labels: vy, n: nv };
  }
  const test = allocSampleScores(n, k);
  await readLabels(labels, test);
  let valOut: SampleScores | null = null;
  if (val) {
    valOut = allocSampleScores(val.n, k);
    await readLabels(val.labels, valOut);
  }
  await streamLogits(logits, test);
  if (val && valOut) await streamLogits(val.logits, valOut);
  return { test, val: valOut };
}
