/**
 * Parser for the IDX files Fashion-MNIST (and MNIST) are distributed in: a 4-byte magic
 * (0, 0, type code, number of dimensions), the dimensions as big-endian uint32, then the data.
 * Used by the converter script and by tests that compare against the official files.
 */

export interface IdxUbyte {
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;

export function parseIdxUbyte(bytes: Uint8Array, name: string, expectedDims?: number): IdxUbyte {
  const fail = (what: string): never => {
    throw new Error(`${name}: ${what}`);
  };
  if (bytes.length < 4) fail(`truncated: ${bytes.length} bytes, no IDX header`);
  const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
  if (bytes[0] !== 0 || bytes[1] !== 0) fail(`not an IDX file (magic 0x${magic})`);
  if (bytes[2] !== UBYTE)
    fail(`IDX element type 0x${bytes[2].toString(16)} is not unsigned byte (magic 0x${magic})`);
  const ndims = bytes[3];
  if (ndims < 1 || (expectedDims !== undefined && ndims !== expectedDims)) {
    fail(`magic 0x${magic} says ${ndims} dimensions, expected ${expectedDims ?? '≥ 1'}`);
  }
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) fail(`truncated inside the IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== headerBytes + size) {
    fail(
      `${bytes.length < headerBytes + size ? 'truncated' : 'trailing bytes'}: ${bytes.length} bytes, ` +
        `dimensions ${dims.join('×')} need ${headerBytes + size}`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

/** An images file: magic 0x00000803, dims [n, rows, cols]. */
export function parseIdxImages(
  bytes: Uint8Array,
  name: string,
): { n: number; rows: number; cols: number; pixels: Uint8Array } {
  const { dims, data } = parseIdxUbyte(bytes, name, 3);
  return { n: dims[0], rows: dims[1], cols: dims[2], pixels: data };
}

/** A labels file: magic 0x00000801, dims [n]. */
export function parseIdxLabels(bytes: Uint8Array, name: string): Uint8Array {
  return parseIdxUbyte(bytes, name, 1).data;
}
