import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ByteSourceError, httpByteSource } from '../../src/data/byteSource';
import { loadFashionMnist, loadFashionMnistRaw } from '../../src/data/fashionMnist';
import { decodeSplit, encodeSplit, type SplitContents } from '../../src/data/fashionMnistFormat';
import { gunzip } from '../../src/data/gzip';
import { parseIdxImages, parseIdxLabels } from '../../src/data/idx';
import { sha256HexSync, sha256Hex } from '../../src/data/sha256';
import { memoryByteSource, sha256, tinySubset, TINY_SPLITS } from './helpers';

describe('split file format', () => {
  const contents: SplitContents = {
    split: 'val',
    sourceSet: 'train',
    rows: 2,
    cols: 2,
    numClasses: 3,
    labels: Uint8Array.from([0, 2]),
    pixels: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
    officialIndices: Uint32Array.from([59_999, 3]),
  };
  const expectVal = { split: 'val', sourceSet: 'train', n: 2, rows: 2, cols: 2, numClasses: 3 } as const;

  it('round-trips', () => {
    const d = decodeSplit(encodeSplit(contents), 'f', expectVal);
    expect(Array.from(d.labels)).toEqual([0, 2]);
    expect(Array.from(d.pixels)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(d.officialIndices)).toEqual([59_999, 3]);
  });

  it('rejects bad headers and contents, naming the file', () => {
    const good = encodeSplit(contents);
    const mutate = (f: (b: Uint8Array, v: DataView) => void): Uint8Array => {
      const b = good.slice();
      f(b, new DataView(b.buffer));
      return b;
    };
    const cases: [Uint8Array, RegExp][] = [
      [mutate((b) => (b[0] = 0x58)), /^x\.bin: bad magic "XSFM"/],
      [mutate((_, v) => v.setUint32(4, 9, true)), /^x\.bin: header format version 9/],
      [mutate((_, v) => v.setUint32(8, 3, true)), /^x\.bin: header field n is 3, manifest expects 2/],
      [mutate((_, v) => v.setUint32(24, 0, true)), /^x\.bin: header field split is 0, manifest expects 1/],
      [mutate((_, v) => v.setUint32(32, 60_000, true)), /official index 60000 of image 0 is outside/],
      [mutate((b) => (b[32 + 8 + 1] = 3)), /^x\.bin: label 3 of image 1 is out of range 0\.\.2/],
      [good.subarray(0, good.length - 1), /^x\.bin: wrong size: 49 bytes, header implies 50/],
      [good.subarray(0, 10), /^x\.bin: truncated: 10 bytes/],
    ];
    for (const [bytes, re] of cases) expect(() => decodeSplit(bytes, 'x.bin', expectVal)).toThrow(re);
  });
});

describe('loader on a tiny in-memory subset', () => {
  it('loads a valid subset', async () => {
    const { files } = tinySubset(TINY_SPLITS);
    const d = await loadFashionMnist(memoryByteSource(files));
    expect(d.sampleShape).toEqual([4, 3, 1]);
    expect(d.train.n).toBe(6);
    expect(Array.from(d.test.y)).toEqual([1, 0, 2]);
  });

  it('rejects a val image that is also in train', async () => {
    const { files } = tinySubset({
      ...TINY_SPLITS,
      val: { sourceSet: 'train', officialIndices: [100, 9, 102], labels: [2, 1, 0] },
    });
    await expect(loadFashionMnistRaw(memoryByteSource(files))).rejects.toThrow(
      /val\.bin\.gz: official train image 9 appears also in train\.bin\.gz/,
    );
  });

  it('allows the same index in train and test (different official files), rejects duplicates within a split', async () => {
    await expect(loadFashionMnistRaw(memoryByteSource(tinySubset(TINY_SPLITS).files))).resolves.toBeDefined();
    const { files } = tinySubset({
      ...TINY_SPLITS,
      test: { sourceSet: 't10k', officialIndices: [4, 4, 1], labels: [0, 1, 2] },
    });
    await expect(loadFashionMnistRaw(memoryByteSource(files))).rejects.toThrow(
      /test\.bin\.gz: official t10k image 4 appears twice/,
    );
  });

  it('rejects class counts that disagree with the manifest', async () => {
    const { files, manifest } = tinySubset(TINY_SPLITS);
    manifest.splits.val.classCounts = [2, 1, 0];
    files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
    await expect(loadFashionMnistRaw(memoryByteSource(files))).rejects.toThrow(
      /val\.bin\.gz: class counts \[1, 1, 1\] differ/,
    );
  });

  it('rejects a gzip stream that inflates to more than the manifest says (wrong size)', async () => {
    const { files, manifest, raw } = tinySubset(TINY_SPLITS);
    const longer = new Uint8Array(raw.val.length + 5);
    longer.set(raw.val);
    const gz = new Uint8Array(gzipSync(longer));
    files.set('val.bin.gz', gz);
    manifest.splits.val.compressedBytes = gz.length;
    files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
    await expect(loadFashionMnistRaw(memoryByteSource(files))).rejects.toThrow(
      /val\.bin\.gz: inflates to more than the expected/,
    );
  });

  it('rejects a manifest file name that could leave the data folder', async () => {
    const { files, manifest } = tinySubset(TINY_SPLITS);
    manifest.splits.val.file = '../secret';
    files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
    await expect(loadFashionMnistRaw(memoryByteSource(files))).rejects.toThrow(
      /manifest\.json: split "val" has a bad file name/,
    );
  });
});

/** A fake fetch serving `files`, streaming in chunks, with optional Content-Encoding. */
function fakeFetch(
  files: Map<string, Uint8Array>,
  opts: { encoding?: string; status?: number; chunk?: number } = {},
) {
  const requested: string[] = [];
  const fetchImpl = (url: string): Promise<Response> => {
    requested.push(url);
    const name = url.split('/').pop() ?? '';
    const bytes = files.get(name);
    if (opts.status)
      return Promise.resolve(new Response('nope', { status: opts.status, statusText: 'Server Error' }));
    if (!bytes) return Promise.resolve(new Response('not found', { status: 404, statusText: 'Not Found' }));
    const chunk = opts.chunk ?? 7;
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(at, at + chunk));
        at += chunk;
      },
    });
    const headers: Record<string, string> = { 'content-length': String(bytes.length) };
    if (opts.encoding) headers['content-encoding'] = opts.encoding;
    return Promise.resolve(new Response(body, { headers }));
  };
  return { fetchImpl, requested };
}

describe('httpByteSource', () => {
  const files = new Map([['a.bin', Uint8Array.from({ length: 50 }, (_, i) => i)]]);

  it('streams with progress against Content-Length and joins the base URL', async () => {
    const { fetchImpl, requested } = fakeFetch(files);
    const events: [number, number][] = [];
    const bytes = await httpByteSource('/data/x', { fetch: fetchImpl }).fetchBytes('a.bin', (l, t) =>
      events.push([l, t]),
    );
    expect(Array.from(bytes)).toEqual(Array.from(files.get('a.bin')!));
    expect(requested).toEqual(['/data/x/a.bin']);
    expect(events.length).toBe(8);
    expect(events.every(([, t]) => t === 50)).toBe(true);
    expect(events[events.length - 1]).toEqual([50, 50]);
  });

  it('reports total 0 (unknown) under a Content-Encoding', async () => {
    const { fetchImpl } = fakeFetch(files, { encoding: 'gzip' });
    const totals = new Set<number>();
    await httpByteSource('/d/', { fetch: fetchImpl }).fetchBytes('a.bin', (_, t) => totals.add(t));
    expect([...totals]).toEqual([0]);
  });

  it('names the path and status on failure', async () => {
    const src = httpByteSource('/d/', { fetch: fakeFetch(files).fetchImpl });
    await expect(src.fetchBytes('b.bin')).rejects.toThrow(
      /^b\.bin: missing \(HTTP 404 Not Found for \/d\/b\.bin\)/,
    );
    const err = await src.fetchBytes('b.bin').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ByteSourceError);
    expect((err as ByteSourceError).kind).toBe('missing');
    const broken = httpByteSource('/d/', { fetch: fakeFetch(files, { status: 500 }).fetchImpl });
    await expect(broken.fetchBytes('a.bin')).rejects.toThrow(/^a\.bin: HTTP 500 Server Error/);
    const offline = httpByteSource('/d/', { fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(offline.fetchBytes('a.bin')).rejects.toThrow(
      /^a\.bin: could not fetch \/d\/a\.bin \(Failed to fetch\)/,
    );
    await expect(src.fetchBytes('../a.bin')).rejects.toThrow(/not a plain relative path/);
  });

  it('drives the full loader, including a server that already inflated the files', async () => {
    const { files: tiny, raw } = tinySubset(TINY_SPLITS);
    const progress: number[] = [];
    const d = await loadFashionMnist(httpByteSource('/fm/', { fetch: fakeFetch(tiny).fetchImpl }), {
      onProgress: (p) => progress.push(p.loaded),
    });
    expect(d.train.n).toBe(6);
    expect(progress[progress.length - 1]).toBe(
      tiny.get('train.bin.gz')!.length + tiny.get('val.bin.gz')!.length + tiny.get('test.bin.gz')!.length,
    );
    // As a browser delivers a file served with Content-Encoding: gzip: already decompressed.
    const inflated = new Map(tiny);
    for (const s of ['train', 'val', 'test'] as const) inflated.set(`${s}.bin.gz`, raw[s]);
    const events: { loaded: number; total: number }[] = [];
    const d2 = await loadFashionMnist(
      httpByteSource('/fm/', { fetch: fakeFetch(inflated, { encoding: 'gzip' }).fetchImpl }),
      {
        onProgress: (p) => events.push(p),
      },
    );
    expect(Array.from(d2.val.x)).toEqual(Array.from(d.val.x));
    for (let i = 1; i < events.length; i++)
      expect(events[i].loaded).toBeGreaterThanOrEqual(events[i - 1].loaded);
    expect(events.every((e) => e.loaded <= e.total)).toBe(true);
    expect(events[events.length - 1].loaded).toBe(events[0].total);
  });
});

describe('gunzip and sha256', () => {
  it('gunzip inverts gzip and reports corrupt data', async () => {
    const data = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) % 251);
    const gz = new Uint8Array(gzipSync(data));
    expect(Buffer.from(await gunzip(gz)).equals(Buffer.from(data))).toBe(true);
    await expect(gunzip(gz, 99_999)).rejects.toThrow(/inflates to more than the expected 99999 bytes/);
    await expect(gunzip(gz.subarray(0, gz.length - 20))).rejects.toThrow(/corrupt gzip data/);
    const bad = gz.slice();
    bad[40] ^= 0xff;
    await expect(gunzip(bad)).rejects.toThrow(/corrupt gzip data/);
  });

  it('the pure-TS fallback agrees with crypto.subtle and node:crypto', async () => {
    expect(sha256HexSync(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 123_457]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 17) % 256);
      const want = sha256(b);
      expect(sha256HexSync(b)).toBe(want);
      expect(await sha256Hex(b)).toBe(want);
      if (n > 10) expect(sha256HexSync(b.subarray(3, n - 2))).toBe(sha256(b.subarray(3, n - 2)));
    }
  });
});

describe('IDX parser', () => {
  const idx = (magic: number[], dims: number[], data: number[]): Uint8Array => {
    const b = new Uint8Array(4 + 4 * dims.length + data.length);
    b.set(magic);
    const v = new DataView(b.buffer);
    dims.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
    b.set(data, 4 + 4 * dims.length);
    return b;
  };

  it('parses images and labels', () => {
    const img = parseIdxImages(idx([0, 0, 8, 3], [2, 1, 2], [1, 2, 3, 4]), 'img');
    expect(img).toMatchObject({ n: 2, rows: 1, cols: 2 });
    expect(Array.from(img.pixels)).toEqual([1, 2, 3, 4]);
    expect(Array.from(parseIdxLabels(idx([0, 0, 8, 1], [3], [7, 8, 9]), 'lab'))).toEqual([7, 8, 9]);
  });

  it('rejects wrong magic, type, dimensions, truncation and trailing bytes', () => {
    expect(() => parseIdxImages(idx([1, 0, 8, 3], [1, 1, 1], [0]), 'f')).toThrow(
      /^f: not an IDX file \(magic 0x01000803\)/,
    );
    expect(() => parseIdxImages(idx([0, 0, 0x0d, 3], [1, 1, 1], [0]), 'f')).toThrow(
      /element type 0xd is not unsigned byte/,
    );
    expect(() => parseIdxImages(idx([0, 0, 8, 1], [1], [0]), 'f')).toThrow(/says 1 dimensions, expected 3/);
    expect(() => parseIdxLabels(idx([0, 0, 8, 1], [3], [1, 2]), 'f')).toThrow(
      /^f: truncated: 10 bytes, dimensions 3 need 11/,
    );
    expect(() => parseIdxLabels(idx([0, 0, 8, 1], [1], [1, 2]), 'f')).toThrow(/^f: trailing bytes/);
  });
});
