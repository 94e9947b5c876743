/**
 * The NumPy .npy format (numpy.lib.format, versions 1.0–3.0): the magic "\x93NUMPY", a version, a
 * little-endian header length, then a Python dict literal such as
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (50000, 1000), }`, then the raw array data.
 * Only what logits and labels need is accepted: little-endian float16/32/64 and integers of 1–8
 * bytes; anything else is refused with a message saying what to save instead.
 */
import type { ChunkReader } from './bytes';
import { ImportError, quote } from './errors';

export interface NpyDtype {
  /** The header's descr, e.g. '<f4'. */
  descr: string;
  kind: 'f' | 'i' | 'u';
  size: 1 | 2 | 4 | 8;
}

export interface NpyHeader {
  dtype: NpyDtype;
  fortranOrder: boolean;
  shape: number[];
  /** Bytes before the data (magic, version, length and dict). */
  dataOffset: number;
  /** Bytes of data the shape and dtype call for. */
  dataBytes: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** The dtype of a descr, or a message saying why it is not supported. */
export function parseDtype(descr: string): NpyDtype | string {
  const m = /^([<>|=])([a-zA-Z])(\d+)$/.exec(descr);
  if (!m)
    return `unsupported dtype ${quote(descr)} (structured or non-numeric arrays cannot hold logits or labels)`;
  const [, order, kind, sizeText] = m;
  const size = Number(sizeText);
  const known =
    (kind === 'f' && (size === 2 || size === 4 || size === 8)) ||
    ((kind === 'i' || kind === 'u') && [1, 2, 4, 8].includes(size));
  if (!known)
    return `unsupported dtype ${quote(descr)} (logits: float16, float32 or float64; labels: integers)`;
  if (order === '>' && size > 1) {
    return `unsupported dtype ${quote(descr)} (big-endian); save little-endian data, e.g. array.astype('<${kind}${size}')`;
  }
  return { descr, kind: kind as NpyDtype['kind'], size: size as NpyDtype['size'] };
}

/** Parses the header dict; throws an ImportError naming `file` when it is not a usable .npy header. */
export function parseHeaderDict(text: string, file: string, dataOffset: number): NpyHeader {
  const descr = /['"]descr['"]\s*:\s*(?:'([^']*)'|"([^"]*)"|(\[))/.exec(text);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shape)
    throw new ImportError(file, 'the .npy header is not a valid NumPy header dict');
  if (descr[3])
    throw new ImportError(file, 'unsupported dtype: structured arrays cannot hold logits or labels');
  const dtype = parseDtype(descr[1] ?? descr[2]);
  if (typeof dtype === 'string') throw new ImportError(file, dtype);
  const dims = shape[1]
    .split(',')
    .map((d) => d.trim().replace(/L$/, ''))
    .filter((d) => d.length > 0);
  if (!dims.every((d) => /^\d+$/.test(d)))
    throw new ImportError(file, `the .npy shape (${shape[1]}) is not a tuple of sizes`);
  const dimsN = dims.map(Number);
  const count = dimsN.reduce((a, b) => a * b, 1);
  return {
    dtype,
    fortranOrder: fortran[1] === 'True',
    shape: dimsN,
    dataOffset,
    dataBytes: count * dtype.size,
  };
}

/** Reads the header from the start of a stream, leaving the reader at the first data byte. */
export async function readNpyHeader(r: ChunkReader, file: string): Promise<NpyHeader> {
  const pre = await r.read(10);
  if (!pre) throw new ImportError(file, 'truncated file: it ends inside the .npy header');
  for (let i = 0; i < MAGIC.length; i++) {
    if (pre[i] !== MAGIC[i])
      throw new ImportError(file, 'not a NumPy .npy file (it does not start with \\x93NUMPY)');
  }
  const major = pre[6];
  let len: number;
  let offset: number;
  if (major === 1) {
    len = pre[8] | (pre[9] << 8);
    offset = 10;
  } else if (major === 2 || major === 3) {
    const more = await r.read(2);
    if (!more) throw new ImportError(file, 'truncated file: it ends inside the .npy header');
    len = (pre[8] | (pre[9] << 8) | (more[0] << 16)) + more[1] * 2 ** 24;
    offset = 12;
  } else {
    throw new ImportError(file, `unsupported .npy format version ${major}.${pre[7]}`);
  }
  if (len > 1 << 20) throw new ImportError(file, `implausible .npy header length ${len}`);
  const dict = await r.read(len);
  if (!dict) throw new ImportError(file, 'truncated file: it ends inside the .npy header');
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(dict);
  return parseHeaderDict(text, file, offset + len);
}

let halfTable: Float32Array | null = null;

/** IEEE half → float32 for all 65,536 bit patterns (subnormals, ±Inf and NaN included). */
function halves(): Float32Array {
  if (halfTable) return halfTable;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const f = h & 0x3ff;
    if (e === 0) t[h] = sign * f * 2 ** -24;
    else if (e === 31) t[h] = f ? NaN : sign * Infinity;
    else t[h] = sign * (1 + f / 1024) * 2 ** (e - 15);
  }
  return (halfTable = t);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * `count` floats of `dtype` from `bytes` (which must start at byte 0 of its own buffer, so that
 * the typed-array view is aligned). float16 is widened to float32 exactly; float32 and float64 are
 * views, not copies.
 */
export function decodeFloats(bytes: Uint8Array, dtype: NpyDtype, count: number): Float32Array | Float64Array {
  if (!LITTLE_ENDIAN) throw new Error('this platform is big-endian: .npy data cannot be viewed directly');
  if (dtype.size === 4) return new Float32Array(bytes.buffer, bytes.byteOffset, count);
  if (dtype.size === 8) return new Float64Array(bytes.buffer, bytes.byteOffset, count);
  const t = halves();
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = t[bytes[2 * i] | (bytes[2 * i + 1] << 8)];
  return out;
}

/** `count` integers of `dtype` as numbers (64-bit ones exact up to 2^53, far beyond any class). */
export function decodeIntegers(bytes: Uint8Array, dtype: NpyDtype, count: number): Float64Array {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(count);
  const signed = dtype.kind === 'i';
  for (let i = 0; i < count; i++) {
    const o = i * dtype.size;
    switch (dtype.size) {
      case 1:
        out[i] = signed ? v.getInt8(o) : v.getUint8(o);
        break;
      case 2:
        out[i] = signed ? v.getInt16(o, true) : v.getUint16(o, true);
        break;
      case 4:
        out[i] = signed ? v.getInt32(o, true) : v.getUint32(o, true);
        break;
      case 8: {
        const lo = v.getUint32(o, true);
        const hi = signed ? v.getInt32(o + 4, true) : v.getUint32(o + 4, true);
        out[i] = hi * 2 ** 32 + lo;
        break;
      }
    }
  }
  return out;
}

export function shapeText(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
