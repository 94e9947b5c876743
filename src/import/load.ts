/**
 * One "Load logits" action: the selected files → loaded models, or one ImportError and nothing.
 * Pure of any DOM beyond File/Blob streams, so it runs in the import worker and in Node tests alike.
 *
 * Files are grouped: each .npz, .csv or results .json is a model of its own; .npy files come in
 * pairs, logits [N, K] with labels [N] (two .npy files are a pair whatever their names; more are
 * paired by name, e.g. ce_logits.npy with ce_labels.npy).
 */
import { alphaFromName } from './alphaName';
import { ChunkReader, blobStream, type ByteCounter } from './bytes';
import { loadCsv } from './csv';
import { ImportError } from './errors';
import { isLogitsShaped, openNpy, scoresOf } from './npyArrays';
import { loadNpz } from './npz';
import { shapeText } from './npy';
import { parseResultsJson } from './resultsJson';
import { pSearchOf } from './pChoice';
import type { ImportFormat, LoadedModelData, LoadProgress } from './types';

/** The bare minimum of a File the loader needs (a Blob with a name). */
export type NamedBlob = Blob & { readonly name: string };

export function formatOf(name: string): ImportFormat | null {
  const m = /\.(npy|npz|csv|json)$/i.exec(name);
  return m ? (m[1].toLowerCase() as ImportFormat) : null;
}

/** The name with its extension and any "logits"/"labels" word removed, to pair .npy files. */
function pairStem(name: string): string {
  return name
    .replace(/\.npy$/i, '')
    .replace(/(^|[_\-. ])(logits|labels|targets|preds?)(?=$|[_\-. ])/gi, '$1')
    .replace(/[_\-. ]+/g, '_')
    .replace(/^_|_$/g, '')
    .toLowerCase();
}

type Group =
  { format: 'npy'; files: [NamedBlob, NamedBlob] } | { format: 'npz' | 'csv' | 'json'; files: [NamedBlob] };

export function groupFiles(files: readonly NamedBlob[]): Group[] {
  if (files.length === 0) throw new ImportError('(no file)', 'choose at least one file');
  const groups: Group[] = [];
  const npy: NamedBlob[] = [];
  for (const f of files) {
    const format = formatOf(f.name);
    if (!format) {
      throw new ImportError(
        f.name,
        'unsupported file type: load NumPy .npy (a logits and a labels file) or .npz, .csv, or a results .json',
      );
    }
    if (format === 'npy') npy.push(f);
    else groups.push({ format, files: [f] });
  }
  if (npy.length === 2) {
    groups.push({ format: 'npy', files: [npy[0], npy[1]] });
  } else if (npy.length > 0) {
    const byStem = new Map<string, NamedBlob[]>();
    for (const f of npy) byStem.set(pairStem(f.name), [...(byStem.get(pairStem(f.name)) ?? []), f]);
    for (const members of byStem.values()) {
      if (members.length !== 2) {
        throw new ImportError(
          members.map((m) => m.name).join(', '),
          '.npy files are loaded in pairs, a logits array [N, K] with its labels [N]: select both (e.g. model_logits.npy and model_labels.npy)',
        );
      }
      groups.push({ format: 'npy', files: [members[0], members[1]] });
    }
  }
  return groups;
}

async function loadNpyPair(a: NamedBlob, b: NamedBlob, count: ByteCounter): Promise<LoadedModelData> {
  const open = (f: NamedBlob) =>
    openNpy(new ChunkReader(blobStream(f, 0, f.size, count), f.name), f.name, f.size);
  const [x, y] = [await open(a), await open(b)];
  if (isLogitsShaped(x) === isLogitsShaped(y)) {
    throw new ImportError(
      `${a.name}, ${b.name}`,
      `wrong shape: expected one logits array [N, K] and one labels array [N], got shapes ${shapeText(x.header.shape)} and ${shapeText(y.header.shape)}`,
    );
  }
  const [logits, labels] = isLogitsShaped(x) ? [x, y] : [y, x];
  const test = await scoresOf(logits, labels);
  return {
    name: logits.file,
    files: [logits.file, labels.file],
    format: 'npy',
    test,
    val: null,
    alpha: alphaFromName(logits.file),
    pSearch: null,
  };
}

export interface LoadOptions {
  onProgress?: (p: LoadProgress) => void;
}

/** Loads every model of the selected files, or throws the first ImportError (and loads nothing). */
export async function loadFiles(
  files: readonly NamedBlob[],
  opts: LoadOptions = {},
): Promise<LoadedModelData[]> {
  const groups = groupFiles(files);
  const total = files.reduce((a, f) => a + f.size, 0);
  let done = 0;
  const count: ByteCounter = (bytes) => {
    done += bytes;
    opts.onProgress?.({ done: Math.min(done, total), total });
  };
  const models: LoadedModelData[] = [];
  for (const g of groups) {
    if (g.format === 'npy') {
      models.push(await loadNpyPair(g.files[0], g.files[1], count));
      continue;
    }
    const f = g.files[0];
    if (g.format === 'npz') {
      const { test, val } = await loadNpz(f, f.name, count);
      models.push({
        name: f.name,
        files: [f.name],
        format: 'npz',
        test,
        val,
        alpha: alphaFromName(f.name),
        pSearch: null,
      });
    } else if (g.format === 'csv') {
      models.push({
        name: f.name,
        files: [f.name],
        format: 'csv',
        test: await loadCsv(f, f.name, count),
        val: null,
        alpha: alphaFromName(f.name),
        pSearch: null,
      });
    } else {
      const text = await f.text();
      count(f.size);
      for (const run of parseResultsJson(text, f.name)) {
        models.push({
          name: run.name,
          files: [f.name],
          format: 'json',
          test: run.test,
          val: null,
          alpha: run.alpha,
          pSearch: null,
        });
      }
    }
  }
  opts.onProgress?.({ done: total, total });
  // Every file read and checked: now the p searches (a few sorts per model, no O(N·K) work).
  for (const m of models) m.pSearch = pSearchOf(m.test, m.val);
  return models;
}
