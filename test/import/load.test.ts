/**
 * The import pipeline in Node (the same code the import worker runs): every supported format loads
 * to per-sample scores bit-identical to those of the arrays python wrote (expected.json), and every
 * malformed case gives its message naming the file — and loads nothing.
 */
import { describe, expect, it } from 'vitest';
import { loadFiles, groupFiles, type NamedBlob } from '../../src/import/load';
import { ImportError } from '../../src/import/errors';
import type { LoadedModelData } from '../../src/import/types';
import { bytesOf, expectedModels, fixture, flat, npyBytes, referenceScores, zipBytes } from './helpers';
import { holdoutSplit } from '../../src/import/holdout';
import { searchP } from '../../src/analysis/pSearch';

const expected = expectedModels();

function checkAgainstExpected(m: LoadedModelData, key: string) {
  const e = expected[key];
  expect(e, key).toBeDefined();
  expect(m.test).toEqual(referenceScores(e.logits, e.labels));
  if (e.val_logits) expect(m.val).toEqual(referenceScores(e.val_logits, e.val_labels!));
  else expect(m.val).toBeNull();
  // The p search: on the validation split if the file has one, else on the held-out half.
  const on = e.val_logits
    ? { rows: e.val_logits, labels: e.val_labels! }
    : (() => {
        const h = holdoutSplit(e.labels.length).search;
        return { rows: Array.from(h, (i) => e.logits[i]), labels: Array.from(h, (i) => e.labels[i]) };
      })();
  const { logits, n, k } = flat(on.rows);
  expect(m.pSearch?.on).toBe(e.val_logits ? 'val' : 'holdout');
  expect(m.pSearch?.centred).toEqual(searchP(logits, on.labels, n, k, { centred: true }));
  expect(m.pSearch?.raw).toEqual(searchP(logits, on.labels, n, k, { centred: false }));
}

async function failure(files: NamedBlob[]): Promise<ImportError> {
  try {
    await loadFiles(files);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('expected the load to fail');
}

describe('supported formats load to the same scores as the arrays themselves', () => {
  for (const stem of ['f32', 'f16', 'f64', 'fortran']) {
    it(`.npy pair, ${stem}`, async () => {
      // Labels first: the pair is recognised by shape, not by order or name.
      const [m] = await loadFiles([fixture(`${stem}_labels.npy`), fixture(`${stem}_logits.npy`)]);
      expect(m.name).toBe(`${stem}_logits.npy`);
      expect(m.files).toEqual([`${stem}_logits.npy`, `${stem}_labels.npy`]);
      checkAgainstExpected(m, `${stem}_logits.npy`);
    });
  }

  for (const name of ['model_stored.npz', 'model_deflated.npz', 'model_header.csv', 'model_noheader.csv']) {
    it(name, async () => {
      const models = await loadFiles([fixture(name)]);
      expect(models.map((m) => m.name)).toEqual([name]);
      checkAgainstExpected(models[0], name);
    });
  }

  it('results .json: one model per run saved with test logits', async () => {
    const models = await loadFiles([fixture('results.json')]);
    expect(models.map((m) => m.name)).toEqual(['results.json · α=0', 'results.json · α=0.2']);
    expect(models.map((m) => m.alpha)).toEqual([0, 0.2]);
    checkAgainstExpected(models[0], 'results.json · α=0');
    checkAgainstExpected(models[1], 'results.json · α=0.2');
  });

  it('several models at once, .npy pairs matched by name, with progress up to every byte', async () => {
    const files = [
      fixture('f32_logits.npy'),
      fixture('f16_labels.npy'),
      fixture('model_deflated.npz'),
      fixture('f16_logits.npy'),
      fixture('f32_labels.npy'),
    ];
    const seen: number[] = [];
    const models = await loadFiles(files, { onProgress: (p) => seen.push(p.done / p.total) });
    expect(models.map((m) => m.name).sort()).toEqual([
      'f16_logits.npy',
      'f32_logits.npy',
      'model_deflated.npz',
    ]);
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((v, i) => i === 0 || v >= seen[i - 1])).toBe(true);
  });
});

describe('malformed inputs: a message naming the file and the problem', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'NaN in the logits',
      ['bad_nan_logits.npy', 'bad_nan_labels.npy'],
      /^bad_nan_logits\.npy: the logits hold NaN: sample 7 \(0-based\), class 2$/,
    ],
    [
      'a label out of range',
      ['bad_range_logits.npy', 'bad_range_labels.npy'],
      /^bad_range_labels\.npy: label 5 of sample 3 \(0-based\) is out of range for K = 5 classes/,
    ],
    [
      'mismatched N',
      ['bad_mismatch_logits.npy', 'bad_mismatch_labels.npy'],
      /^bad_mismatch_labels\.npy: mismatched N: 39 labels, but bad_mismatch_logits\.npy has 40 rows/,
    ],
    [
      'a wrong shape',
      ['bad_shape_logits.npy', 'bad_shape_labels.npy'],
      /^bad_shape_logits\.npy: logits must be a 2-D array \[N, K\]; this one has shape \(40, 5, 1\)$/,
    ],
    [
      'an unsupported dtype',
      ['bad_dtype_logits.npy', 'bad_dtype_labels.npy'],
      /^bad_dtype_logits\.npy: unsupported dtype '>f4' \(big-endian\)/,
    ],
    [
      'a truncated .npy',
      ['bad_truncated_logits.npy', 'bad_truncated_labels.npy'],
      /^bad_truncated_logits\.npy: truncated file: its header's shape \(40, 5\) of dtype '<f4' needs 800 bytes of data, but only 700 are there$/,
    ],
    [
      'a truncated .npz',
      ['bad_truncated.npz'],
      /^bad_truncated\.npz: not a valid \.npz \(zip\) archive, or a truncated one/,
    ],
    ['NaN in a CSV', ['bad_nan.csv'], /^bad_nan\.csv: the logits hold NaN: line 5, class 1$/],
    [
      'a truncated CSV',
      ['bad_truncated.csv'],
      /^bad_truncated\.csv: wrong shape: line 41 has 3 values, expected 6 .*truncated/,
    ],
  ];
  for (const [what, names, message] of cases) {
    it(what, async () => {
      const e = await failure(names.map(fixture));
      expect(e.message).toMatch(message);
    });
  }

  it('one bad file in a load loads nothing, even after good ones', async () => {
    await expect(loadFiles([fixture('model_stored.npz'), fixture('bad_nan.csv')])).rejects.toThrow(
      /^bad_nan\.csv:/,
    );
  });
});

describe('hand-built byte fixtures', () => {
  const k = 3;
  const logits = Float32Array.from([1, 2, 0, 0, 0, 5, 3, 1, 1, -1, 2, 0]);
  const n = logits.length / k;
  const rows = Array.from({ length: n }, (_, i) => Array.from(logits.subarray(i * k, i * k + k)));
  const labels = [1, 2, 0, 0];
  const file = (name: string, bytes: Uint8Array) => new File([bytes as Uint8Array<ArrayBuffer>], name);
  const logitsNpy = (opts?: { version?: 1 | 2 }) => npyBytes('<f4', [n, k], bytesOf(logits), opts);

  it('.npy version 2.0 headers and every integer label dtype', async () => {
    for (const [descr, data] of [
      ['|i1', bytesOf(Int8Array.from(labels))],
      ['|u1', bytesOf(Uint8Array.from(labels))],
      ['<i4', bytesOf(Int32Array.from(labels))],
      ['<i8', bytesOf(BigInt64Array.from(labels.map(BigInt)))],
    ] as const) {
      const [m] = await loadFiles([
        file('a_logits.npy', logitsNpy({ version: 2 })),
        file('a_labels.npy', npyBytes(descr, [n], data)),
      ]);
      expect(m.test).toEqual(referenceScores(rows, labels));
    }
  });

  it('a negative int64 label is out of range', async () => {
    const bad = BigInt64Array.from([1n, -1n, 0n, 0n]);
    const e = await failure([
      file('x_logits.npy', logitsNpy()),
      file('x_labels.npy', npyBytes('<i8', [n], bytesOf(bad))),
    ]);
    expect(e.message).toBe(
      'x_labels.npy: label -1 of sample 1 (0-based) is out of range for K = 3 classes (expected an integer 0–2)',
    );
  });

  it('zip64 central directory, stored and deflated', async () => {
    for (const deflate of [false, true]) {
      const npz = zipBytes(
        [
          { name: 'labels.npy', data: npyBytes('<i8', [n], bytesOf(BigInt64Array.from(labels.map(BigInt)))) },
          { name: 'logits.npy', data: logitsNpy() },
        ],
        { deflate, zip64: true },
      );
      const [m] = await loadFiles([file('z.npz', npz)]);
      expect(m.test).toEqual(referenceScores(rows, labels));
    }
  });

  it('refusals: float labels, integer logits, K = 1, bad magic, unknown extension, an unpaired .npy, missing npz keys', async () => {
    const f32labels = npyBytes('<f4', [n], bytesOf(Float32Array.from(labels)));
    expect((await failure([file('l.npy', logitsNpy()), file('y.npy', f32labels)])).message).toMatch(
      /^y\.npy: unsupported dtype '<f4' for labels: save them as integers/,
    );
    const i32logits = npyBytes('<i4', [n, k], bytesOf(Int32Array.from(logits)));
    const i32labels = npyBytes('<i4', [n], bytesOf(Int32Array.from(labels)));
    expect((await failure([file('l.npy', i32logits), file('y.npy', i32labels)])).message).toMatch(
      /^l\.npy: unsupported dtype '<i4' for logits/,
    );
    const k1 = npyBytes('<f4', [n * k, 1], bytesOf(logits));
    const y12 = npyBytes('<i4', [n * k], bytesOf(new Int32Array(n * k)));
    expect((await failure([file('l.npy', k1), file('y.npy', y12)])).message).toBe(
      'l.npy: wrong shape (12, 1): logits [N, K] need K ≥ 2 classes',
    );
    expect((await failure([file('l.npy', new Uint8Array(200)), file('y.npy', i32labels)])).message).toMatch(
      /^l\.npy: not a NumPy \.npy file/,
    );
    expect((await failure([file('model.pt', new Uint8Array(10))])).message).toMatch(
      /^model\.pt: unsupported file type/,
    );
    expect((await failure([file('a_logits.npy', logitsNpy())])).message).toMatch(
      /^a_logits\.npy: \.npy files are loaded in pairs/,
    );
    const onlyLogits = zipBytes([{ name: 'logits.npy', data: logitsNpy() }]);
    expect((await failure([file('m.npz', onlyLogits)])).message).toBe(
      "m.npz: no 'labels' array: an .npz must hold 'logits' and 'labels' (optionally 'val_logits' and 'val_labels'); it holds 'logits'",
    );
    const both2d = [file('a.npy', logitsNpy()), file('b.npy', logitsNpy())];
    expect((await failure(both2d)).message).toMatch(
      /^a\.npy, b\.npy: wrong shape: expected one logits array/,
    );
  });

  it('extra bytes after the data and a corrupt deflate stream are refused', async () => {
    const long = new Uint8Array([...logitsNpy(), 0, 0, 0, 0]);
    const y = file('y.npy', npyBytes('<i4', [n], bytesOf(Int32Array.from(labels))));
    expect((await failure([file('l.npy', long), y])).message).toMatch(
      /^l\.npy: 4 bytes more data than its header's shape/,
    );
    const npz = zipBytes(
      [
        { name: 'logits.npy', data: logitsNpy() },
        { name: 'labels.npy', data: npyBytes('<i4', [n], bytesOf(Int32Array.from(labels))) },
      ],
      { deflate: true },
    );
    // Scramble the middle of the first entry's deflate data.
    for (let i = 45; i < 60; i++) npz[i] ^= 0x5a;
    expect((await failure([file('c.npz', npz)])).message).toMatch(
      /^c\.npz \(logits\): corrupt compressed data: /,
    );
  });

  it('CSV: spaces, a header and blank lines are fine; a non-integer label and a non-number are refused', async () => {
    const text =
      'y, a, b, c\n\n' + rows.map((r, i) => ` ${labels[i]} , ${r.join(' , ')}`).join('\n') + '\n\n';
    const [m] = await loadFiles([file('s.csv', new TextEncoder().encode(text))]);
    expect(m.test).toEqual(referenceScores(rows, labels));
    const bad1 = new TextEncoder().encode('1.5,1,2,3\n');
    expect((await failure([file('b.csv', bad1)])).message).toMatch(
      /^b\.csv: label '1\.5' on line 1 is out of range/,
    );
    const bad2 = new TextEncoder().encode('1,1,2,3\n0,1,x,3\n');
    expect((await failure([file('b.csv', bad2)])).message).toBe(
      "b.csv: line 2, logit 1: 'x' is not a number",
    );
  });

  it('groups: two .npy files pair whatever their names; more pair by name', () => {
    const f = (name: string) => new File([], name);
    expect(groupFiles([f('a.npy'), f('b.npy')]).map((g) => g.files.map((x) => x.name))).toEqual([
      ['a.npy', 'b.npy'],
    ]);
    const g = groupFiles([f('ce_logits.npy'), f('ls-labels.npy'), f('ls-logits.npy'), f('ce_labels.npy')]);
    expect(g.map((x) => x.files.map((y) => y.name).sort())).toEqual([
      ['ce_labels.npy', 'ce_logits.npy'],
      ['ls-labels.npy', 'ls-logits.npy'],
    ]);
  });
});
