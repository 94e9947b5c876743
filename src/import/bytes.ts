/**
 * Reading bytes from a stream in exactly the pieces a parser wants (a header of n bytes, then rows of
 * R·K·itemsize bytes), whatever chunk sizes the stream delivers. Files are never read whole: a
 * File/Blob is streamed (File.stream, or a slice of it for a zip entry), so memory holds one chunk.
 */

/** Bytes consumed from the file itself (before decompression), for the progress bar. */
import { ImportError } from './errors';

export type ByteCounter = (bytes: number) => void;

/** `blob.slice(start, end).stream()`, counting the bytes read with `count`. */
export function blobStream(
  blob: Blob,
  start = 0,
  end = blob.size,
  count?: ByteCounter,
): ReadableStream<Uint8Array> {
  const s = blob.slice(start, end).stream() as ReadableStream<Uint8Array>;
  if (!count) return s;
  return s.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        count(chunk.byteLength);
        controller.enqueue(chunk);
      },
    }),
  );
}

export async function readRange(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

export class ChunkReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private head: Uint8Array | null = null;
  private headOff = 0;
  private ended = false;
  /** Bytes handed out so far. */
  position = 0;

  /**
   * `file` and `failure` name what went wrong when the stream itself errors (a corrupt deflate
   * stream, a file changed on disk since it was chosen).
   */
  constructor(
    stream: ReadableStream<Uint8Array>,
    private readonly file: string,
    private readonly failure = 'the file could not be read (was it changed or removed since it was chosen?)',
  ) {
    this.reader = stream.getReader();
  }

  private async next(): Promise<ReadableStreamReadResult<Uint8Array>> {
    try {
      return await this.reader.read();
    } catch (e) {
      throw new ImportError(this.file, `${this.failure}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * Fills `target` from the stream; returns the number of bytes written, less than target.length
   * only at the end of the stream. A stream error (e.g. corrupt deflate data) propagates.
   */
  async fill(target: Uint8Array): Promise<number> {
    let written = 0;
    while (written < target.length) {
      if (!this.head || this.headOff >= this.head.length) {
        if (this.ended) break;
        const { done, value } = await this.next();
        if (done) {
          this.ended = true;
          break;
        }
        this.head = value;
        this.headOff = 0;
        continue;
      }
      const take = Math.min(target.length - written, this.head.length - this.headOff);
      target.set(this.head.subarray(this.headOff, this.headOff + take), written);
      this.headOff += take;
      written += take;
    }
    this.position += written;
    return written;
  }

  /** Exactly n bytes, or null if the stream ends first. */
  async read(n: number): Promise<Uint8Array | null> {
    const out = new Uint8Array(n);
    return (await this.fill(out)) === n ? out : null;
  }

  /** Whether any byte remains. */
  async atEnd(): Promise<boolean> {
    if (this.head && this.headOff < this.head.length) return false;
    if (this.ended) return true;
    for (;;) {
      const { done, value } = await this.next();
      if (done) {
        this.ended = true;
        return true;
      }
      if (value.length > 0) {
        this.head = value;
        this.headOff = 0;
        return false;
      }
    }
  }

  /** Stops reading (the rest of the stream is discarded). */
  cancel(): void {
    this.ended = true;
    void this.reader.cancel().catch(() => undefined);
  }
}
