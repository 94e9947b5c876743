/**
 * Where dataset bytes come from. The loader only sees this interface, so the same validation code
 * runs in the browser (httpByteSource, here) and in Node (fileByteSource, in nodeByteSource.ts —
 * kept in its own file so the browser bundle never imports node:fs).
 */

/** `total` is the expected byte count when the source knows it, else 0. */
export type ByteProgress = (loaded: number, total: number) => void;

export interface ByteSource {
  /** Bytes of `path` (relative to the source's root, '/'-separated, no '..'). */
  fetchBytes(path: string, onProgress?: ByteProgress): Promise<Uint8Array>;
}

export type ByteSourceFailure = 'missing' | 'http' | 'network' | 'io' | 'bad-path';

/** A failure to obtain bytes at all; its message starts with the path. */
export class ByteSourceError extends Error {
  readonly path: string;
  readonly kind: ByteSourceFailure;
  constructor(path: string, kind: ByteSourceFailure, detail: string, options?: { cause?: unknown }) {
    super(`${path}: ${detail}`, options);
    this.name = 'ByteSourceError';
    this.path = path;
    this.kind = kind;
  }
}

/** Rejects paths that could escape the source's root (a manifest must not point elsewhere). */
export function checkRelativePath(path: string): void {
  const bad =
    path.length === 0 ||
    path.startsWith('/') ||
    path.includes('\\') ||
    path.includes('://') ||
    path.split('/').some((part) => part === '..' || part === '');
  if (bad) throw new ByteSourceError(path, 'bad-path', 'not a plain relative path');
}

export function concatChunks(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0].length === length) return chunks[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export interface HttpByteSourceOptions {
  /** Injected for tests; defaults to the global fetch. */
  fetch?: (url: string) => Promise<Response>;
}

/**
 * Browser source: `baseUrl` + path, streamed through a ReadableStream reader so progress can be
 * reported. The Content-Length header gives `total` — except when the response carries a
 * Content-Encoding (e.g. a server that labels a .gz file `Content-Encoding: gzip`): the browser then
 * hands us the *decoded* bytes while Content-Length counts the encoded ones, so `total` is reported
 * as 0 (unknown) rather than a number `loaded` would overshoot.
 */
export function httpByteSource(baseUrl: string, options: HttpByteSourceOptions = {}): ByteSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const doFetch = options.fetch ?? ((url: string) => fetch(url));
  return {
    async fetchBytes(path: string, onProgress?: ByteProgress): Promise<Uint8Array> {
      checkRelativePath(path);
      const url = base + path;
      let res: Response;
      try {
        res = await doFetch(url);
      } catch (e) {
        throw new ByteSourceError(path, 'network', `could not fetch ${url} (${errorText(e)})`, { cause: e });
      }
      if (!res.ok) {
        const status = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
        if (res.status === 404) throw new ByteSourceError(path, 'missing', `missing (${status} for ${url})`);
        throw new ByteSourceError(path, 'http', `${status} for ${url}`);
      }
      const encoding = (res.headers.get('content-encoding') ?? '').trim().toLowerCase();
      const lengthHeader = Number(res.headers.get('content-length') ?? '');
      const total =
        (encoding === '' || encoding === 'identity') && Number.isInteger(lengthHeader) && lengthHeader > 0
          ? lengthHeader
          : 0;
      try {
        if (!res.body) {
          const bytes = new Uint8Array(await res.arrayBuffer());
          onProgress?.(bytes.length, total);
          return bytes;
        }
        const reader = res.body.getReader();
        const chunks: Uint8Array[] = [];
        let loaded = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          loaded += value.length;
          onProgress?.(loaded, total);
        }
        return concatChunks(chunks, loaded);
      } catch (e) {
        throw new ByteSourceError(path, 'network', `download of ${url} interrupted (${errorText(e)})`, {
          cause: e,
        });
      }
    },
  };
}
