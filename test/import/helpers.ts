/** Hand-built byte fixtures for the import tests: .npy bytes, zip archives, File objects from the fixtures folder. */
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { sampleScoresFromLogits, type SampleScores } from '../../src/analysis/sampleScores';

export const FIXTURES = 'test/fixtures/import';

export function fixture(name: string): File {
  return new File([readFileSync(`${FIXTURES}/${name}`)], name);
}

export interface ExpectedModel {
  logits: number[][];
  labels: number[];
  val_logits?: number[][];
  val_labels?: number[];
}

/** The fixtures' arrays as python wrote them (plain numbers: an independent copy of the data). */
export function expectedModels(): Record<string, ExpectedModel> {
  return JSON.parse(readFileSync(`${FIXTURES}/expected.json`, 'utf8')) as Record<string, ExpectedModel>;
}

export function flat(rows: number[][]): { logits: Float64Array; n: number; k: number } {
  const n = rows.length;
  const k = rows[0].length;
  const logits = new Float64Array(n * k);
  rows.forEach((r, i) => r.forEach((v, j) => (logits[i * k + j] = v)));
  return { logits, n, k };
}

/** Per-sample scores computed directly from an expected model's numbers. */
export function referenceScores(rows: number[][], labels: number[]): SampleScores {
  const { logits, n, k } = flat(rows);
  return sampleScoresFromLogits(logits, labels, n, k);
}

/** A .npy file's bytes: magic, version, padded header dict, data. */
export function npyBytes(
  descr: string,
  shape: number[],
  data: Uint8Array,
  opts: { fortran?: boolean; version?: 1 | 2 } = {},
): Uint8Array {
  const version = opts.version ?? 1;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': ${opts.fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const pre = version === 1 ? 10 : 12;
  while ((pre + dict.length + 1) % 64 !== 0) dict += ' ';
  dict += '\n';
  const out = new Uint8Array(pre + dict.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const v = new DataView(out.buffer);
  if (version === 1) v.setUint16(8, dict.length, true);
  else v.setUint32(8, dict.length, true);
  for (let i = 0; i < dict.length; i++) out[pre + i] = dict.charCodeAt(i);
  out.set(data, pre + dict.length);
  return out;
}

export function bytesOf(
  a: Float32Array | Float64Array | Int32Array | Int8Array | Uint8Array | BigInt64Array,
): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A zip archive of the given entries, stored or deflated; `zip64` writes the sizes in zip64 extra
 * fields of the central directory (sizes 0xFFFFFFFF in the fixed fields), as large archives do.
 */
export function zipBytes(
  entries: { name: string; data: Uint8Array }[],
  opts: { deflate?: boolean; zip64?: boolean } = {},
): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const body = opts.deflate ? new Uint8Array(deflateRawSync(e.data)) : e.data;
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, opts.deflate ? 8 : 0, true);
    lv.setUint32(14, crc32(e.data), true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, e.data.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const extraLen = opts.zip64 ? 4 + 24 : 0;
    const c = new Uint8Array(46 + name.length + extraLen);
    const cv = new DataView(c.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 45, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, opts.deflate ? 8 : 0, true);
    cv.setUint32(16, crc32(e.data), true);
    cv.setUint32(20, opts.zip64 ? 0xffffffff : body.length, true);
    cv.setUint32(24, opts.zip64 ? 0xffffffff : e.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint16(30, extraLen, true);
    cv.setUint32(42, opts.zip64 ? 0xffffffff : offset, true);
    c.set(name, 46);
    if (opts.zip64) {
      const x = 46 + name.length;
      cv.setUint16(x, 1, true);
      cv.setUint16(x + 2, 24, true);
      cv.setBigUint64(x + 4, BigInt(e.data.length), true);
      cv.setBigUint64(x + 12, BigInt(body.length), true);
      cv.setBigUint64(x + 20, BigInt(offset), true);
    }
    parts.push(local, body);
    central.push(c);
    offset += local.length + body.length;
  }
  const cdSize = central.reduce((a, c) => a + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const all = [...parts, ...central, eocd];
  const out = new Uint8Array(all.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of all) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
