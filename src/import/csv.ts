/**
 * CSV logits: one row per sample, the label then K logits, comma-separated; an optional header row
 * (recognised by a first field that is not a number). Streamed line by line; rows are scored in
 * chunks, so a large CSV is never held in memory as text or as numbers.
 */
import { allocSampleScores, type SampleScores } from '../analysis/sampleScores';
import { blobStream, type ByteCounter } from './bytes';
import { ImportError, quote } from './errors';
import { concatSamples, rowsPerChunk, scoreChecked } from './samples';

const NAN_OR_INF = /^[+-]?(nan|inf|infinity)$/i;

function isNumberText(t: string): boolean {
  return t.length > 0 && (!Number.isNaN(Number(t)) || NAN_OR_INF.test(t));
}

/** Number of a field; NaN/±Inf texts map to NaN/±Infinity so the finite check reports them. */
function numberOf(t: string): number {
  if (NAN_OR_INF.test(t)) return /nan/i.test(t) ? NaN : t.startsWith('-') ? -Infinity : Infinity;
  return Number(t);
}

export async function loadCsv(blob: Blob, file: string, count?: ByteCounter): Promise<SampleScores> {
  const reader = blobStream(blob, 0, blob.size, count).getReader();
  const decoder = new TextDecoder();
  let k = -1;
  let lineNo = 0;
  let sawFirst = false;
  let per = 0;
  let rows = new Float64Array(0);
  let block: SampleScores | null = null;
  let inBlock = 0;
  let scratch = new Float64Array(0);
  const blocks: SampleScores[] = [];
  let samples = 0;
  let lineOfSample = new Int32Array(0);

  const flush = () => {
    if (!block || inBlock === 0) return;
    const b = inBlock === per ? block : shrink(block, inBlock);
    scoreChecked(rows, inBlock, b, 0, file, scratch, (i) => `line ${lineOfSample[i]}`);
    blocks.push(b);
    block = null;
    inBlock = 0;
  };

  const onLine = (raw: string) => {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const fields = line.split(',');
    if (!sawFirst) {
      sawFirst = true;
      if (!isNumberText(fields[0].trim())) return; // a header row
    }
    if (k < 0) {
      k = fields.length - 1;
      if (k < 2) {
        throw new ImportError(
          file,
          `line ${lineNo} has ${fields.length} value(s): each row needs a label and K ≥ 2 logits`,
        );
      }
      per = rowsPerChunk(k, 8);
      rows = new Float64Array(per * k);
      scratch = new Float64Array(k);
      lineOfSample = new Int32Array(per);
    }
    if (fields.length !== k + 1) {
      throw new ImportError(
        file,
        `wrong shape: line ${lineNo} has ${fields.length} values, expected ${k + 1} (a label then K = ${k} logits, as the first row)${fields.length < k + 1 ? ' — is the file truncated?' : ''}`,
      );
    }
    const yText = fields[0].trim();
    const y = Number(yText);
    if (!(yText.length > 0 && Number.isInteger(y) && y >= 0 && y < k)) {
      throw new ImportError(
        file,
        `label ${quote(yText)} on line ${lineNo} is out of range for K = ${k} classes (expected an integer 0–${k - 1})`,
      );
    }
    if (!block) block = allocSampleScores(per, k);
    block.labels[inBlock] = y;
    lineOfSample[inBlock] = lineNo;
    const off = inBlock * k;
    for (let j = 0; j < k; j++) {
      const t = fields[j + 1].trim();
      if (!isNumberText(t))
        throw new ImportError(file, `line ${lineNo}, logit ${j}: ${quote(t)} is not a number`);
      rows[off + j] = numberOf(t);
    }
    inBlock++;
    samples++;
    if (inBlock === per) flush();
  };

  let rest = '';
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (e) {
      throw new ImportError(
        file,
        `the file could not be read: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const { done, value } = chunk;
    const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
    const lines = (rest + text).split('\n');
    rest = done ? '' : (lines.pop() ?? '');
    for (const l of lines) onLine(l);
    if (done) break;
  }
  flush();
  if (samples === 0)
    throw new ImportError(file, 'no data rows: expected one row per sample, a label then K logits');
  return concatSamples(blocks, k);
}

function shrink(s: SampleScores, n: number): SampleScores {
  return {
    n,
    k: s.k,
    labels: s.labels.subarray(0, n),
    preds: s.preds.subarray(0, n),
    logMsp: s.logMsp.subarray(0, n),
    pMax: s.pMax.subarray(0, n),
    vMax: s.vMax.subarray(0, n),
    uMax: s.uMax.subarray(0, n),
    pNormCentred: s.pNormCentred.map((a) => a.subarray(0, n)),
    pNormRaw: s.pNormRaw.map((a) => a.subarray(0, n)),
  };
}
