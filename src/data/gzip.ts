/**
 * gzip decoding with the web-standard DecompressionStream, present in browsers and Node ≥ 18, so
 * the loader has one code path everywhere and no zlib dependency in the bundle.
 */
import { concatChunks } from './byteSource';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export class GunzipError extends Error {
  override name = 'GunzipError';
}

/**
 * Inflates `bytes`. With `maxLength`, stops and throws as soon as the output would exceed it, so a
 * corrupt or hostile file cannot make us allocate without bound.
 */
export async function gunzip(bytes: Uint8Array, maxLength = Infinity): Promise<Uint8Array> {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  // Write and read concurrently: awaiting the write first would deadlock on back-pressure.
  // Errors surface on the readable side; the writer's copies are swallowed to avoid unhandled rejections.
  writer
    .write(bytes as Uint8Array<ArrayBuffer>)
    .then(() => writer.close())
    .catch(() => undefined);
  const reader = ds.readable.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.length;
      if (length > maxLength) {
        void reader.cancel().catch(() => undefined);
        throw new GunzipError(`inflates to more than the expected ${maxLength} bytes`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof GunzipError) throw e;
    throw new GunzipError(`corrupt gzip data (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  return concatChunks(chunks, length);
}
