/**
 * Just enough of the zip format to read a NumPy .npz (numpy.savez / savez_compressed): the central
 * directory (zip64 included: numpy writes zip64 local headers), stored (method 0) and deflated
 * (method 8) entries. An entry's data is streamed — through DecompressionStream('deflate-raw') when
 * deflated — so a 200 MB archive is never held in memory.
 */
import { blobStream, readRange, type ByteCounter } from './bytes';
import { ImportError } from './errors';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const MAX32 = 0xffffffff;

function u64(v: DataView, o: number): number {
  return v.getUint32(o, true) + v.getUint32(o + 4, true) * 2 ** 32;
}

/** The archive's entries, from its central directory. */
export async function readZipDirectory(blob: Blob, file: string): Promise<ZipEntry[]> {
  const notZip = 'not a valid .npz (zip) archive, or a truncated one: its end-of-archive record is missing';
  if (blob.size < 22) throw new ImportError(file, notZip);
  const tailStart = Math.max(0, blob.size - (22 + 0xffff));
  const tail = await readRange(blob, tailStart, blob.size);
  const tv = new DataView(tail.buffer);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === EOCD_SIG && i + 22 + tv.getUint16(i + 20, true) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ImportError(file, notZip);
  let count = tv.getUint16(eocd + 10, true);
  let cdSize = tv.getUint32(eocd + 12, true);
  let cdOffset = tv.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === MAX32 || cdOffset === MAX32) {
    const loc = eocd - 20;
    if (loc < 0 || tv.getUint32(loc, true) !== ZIP64_LOCATOR_SIG) throw new ImportError(file, notZip);
    const recOffset = u64(tv, loc + 8);
    const rec = new DataView((await readRange(blob, recOffset, recOffset + 56)).buffer);
    if (rec.byteLength < 56 || rec.getUint32(0, true) !== ZIP64_EOCD_SIG) throw new ImportError(file, notZip);
    count = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
  }
  if (cdOffset + cdSize > blob.size)
    throw new ImportError(file, 'truncated .npz archive: its directory lies past the end of the file');
  const cd = await readRange(blob, cdOffset, cdOffset + cdSize);
  const v = new DataView(cd.buffer);
  const entries: ZipEntry[] = [];
  let o = 0;
  for (let e = 0; e < count; e++) {
    if (o + 46 > cd.length || v.getUint32(o, true) !== CENTRAL_SIG)
      throw new ImportError(file, 'corrupt .npz archive directory');
    const nameLen = v.getUint16(o + 28, true);
    const extraLen = v.getUint16(o + 30, true);
    const commentLen = v.getUint16(o + 32, true);
    const entry: ZipEntry = {
      name: new TextDecoder().decode(cd.subarray(o + 46, o + 46 + nameLen)),
      flags: v.getUint16(o + 8, true),
      method: v.getUint16(o + 10, true),
      compressedSize: v.getUint32(o + 20, true),
      uncompressedSize: v.getUint32(o + 24, true),
      localHeaderOffset: v.getUint32(o + 42, true),
    };
    // Zip64 extra field (id 1): 8-byte values for exactly the fields saturated at 0xFFFFFFFF, in order.
    let x = o + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = v.getUint16(x, true);
      const size = v.getUint16(x + 2, true);
      if (id === 1) {
        let f = x + 4;
        if (entry.uncompressedSize === MAX32) {
          entry.uncompressedSize = u64(v, f);
          f += 8;
        }
        if (entry.compressedSize === MAX32) {
          entry.compressedSize = u64(v, f);
          f += 8;
        }
        if (entry.localHeaderOffset === MAX32) entry.localHeaderOffset = u64(v, f);
      }
      x += 4 + size;
    }
    entries.push(entry);
    o = xEnd + commentLen;
  }
  return entries;
}

/** The entry's uncompressed bytes as a stream; `count` sees the archive bytes read (progress). */
export async function entryStream(
  blob: Blob,
  entry: ZipEntry,
  file: string,
  count?: ByteCounter,
): Promise<ReadableStream<Uint8Array>> {
  const where = `${file} (entry ${entry.name})`;
  if (entry.flags & 1) throw new ImportError(where, 'encrypted zip entries are not supported');
  const local = await readRange(blob, entry.localHeaderOffset, entry.localHeaderOffset + 30);
  const lv = new DataView(local.buffer);
  if (local.length < 30 || lv.getUint32(0, true) !== LOCAL_SIG)
    throw new ImportError(where, 'corrupt or truncated .npz archive');
  const start = entry.localHeaderOffset + 30 + lv.getUint16(26, true) + lv.getUint16(28, true);
  const end = start + entry.compressedSize;
  if (end > blob.size)
    throw new ImportError(where, 'truncated .npz archive: the entry’s data runs past the end of the file');
  const raw = blobStream(blob, start, end, count);
  if (entry.method === 0) return raw;
  if (entry.method === 8)
    return raw.pipeThrough(
      new DecompressionStream('deflate-raw') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
    );
  throw new ImportError(
    where,
    `unsupported zip compression method ${entry.method} (only stored and deflate)`,
  );
}
