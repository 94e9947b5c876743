/** Node-only ByteSource (tests, CLI). Not re-exported from index.ts: the browser bundle must not see node:fs. */
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ByteSourceError, checkRelativePath, type ByteProgress, type ByteSource } from './byteSource';

export function fileByteSource(dir: string, options: { chunkSize?: number } = {}): ByteSource {
  const chunkSize = options.chunkSize ?? 1 << 20;
  return {
    async fetchBytes(path: string, onProgress?: ByteProgress): Promise<Uint8Array> {
      checkRelativePath(path);
      const full = join(dir, path);
      let fh: FileHandle;
      try {
        fh = await open(full, 'r');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') throw new ByteSourceError(path, 'missing', `missing (no file at ${full})`);
        throw new ByteSourceError(path, 'io', `cannot open ${full} (${String(code ?? e)})`, { cause: e });
      }
      try {
        const { size } = await fh.stat();
        const out = new Uint8Array(size);
        let offset = 0;
        while (offset < size) {
          const { bytesRead } = await fh.read(out, offset, Math.min(chunkSize, size - offset), offset);
          if (bytesRead === 0) break;
          offset += bytesRead;
          onProgress?.(offset, size);
        }
        if (size === 0) onProgress?.(0, 0);
        return offset === size ? out : out.subarray(0, offset);
      } catch (e) {
        throw new ByteSourceError(path, 'io', `read error on ${full} (${String(e)})`, { cause: e });
      } finally {
        await fh.close();
      }
    },
  };
}
