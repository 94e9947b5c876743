/**
 * From a model record to the view charts read (model/views.ts): labels matched to the checkpoint,
 * p chosen by the validation search (science.md §4) or by hand. Views, p searches and results are
 * cached per checkpoint object (a new checkpoint is a new object), so post-hoc controls and slider
 * moves recompute only what changed.
 */
import { cachedFor } from './viewCache';
import { searchP, type PSearchResult } from '../analysis/pSearch';
import { runResultFromCheckpoint, type RunResult } from './results';
import type { ModelCheckpoint } from './training';
import { checkpointLabels, type ModelRecord } from './records';
import type { ModelRole, ModelView } from './views';

/**
 * The validation p search of science.md §4 on these validation logits (cached on the logits array,
 * so a checkpoint's view and every chart that asks again share one search).
 */
export function pSearchOfLogits(
  valLogits: Float32Array,
  valLabels: Int32Array,
  k: number,
  centred: boolean,
): PSearchResult {
  return cachedFor(valLogits, `p-search:${centred}:${valLabels.length}:${k}`, () =>
    searchP(valLogits, valLabels, valLabels.length, k, { centred }),
  );
}

/** The validation p search of science.md §4 for one checkpoint (cached). */
export function pSearchFor(
  cp: ModelCheckpoint,
  valLabels: Int32Array,
  k: number,
  centred: boolean,
): PSearchResult {
  return pSearchOfLogits(cp.valLogits, valLabels, k, centred);
}

/** The results-file run of a checkpoint (auto p, test metrics), cached. */
export function resultFor(
  cp: ModelCheckpoint,
  labels: { val: Int32Array; test: Int32Array },
  k: number,
  centred: boolean,
): RunResult {
  // The same search object as the checkpoint's view: a finished model is searched once, not twice.
  return cachedFor(cp, `result:${centred}`, () =>
    runResultFromCheckpoint(cp, labels, k, {
      centred,
      saveLogits: false,
      search: pSearchOfLogits(cp.valLogits, labels.val, k, centred),
    }),
  );
}

/**
 * The view of a record, the same object for the same record, labels and options: every per-view
 * cache downstream (viewCache.ts, modelScores) then survives slider moves.
 */
function cachedModelView(
  rec: ModelRecord | undefined,
  role: ModelRole,
  data: { valLabels: Int32Array; testLabels: Int32Array; k: number },
  opts: { centred: boolean; p: 'auto' | number },
): ModelView | null {
  if (!rec || !rec.checkpoint || rec.status === 'diverged') return null;
  // Keyed by the checkpoint, not the record: a record that only changes status (training → done)
  // keeps its view, and with it every cached chart computation.
  const views = cachedFor(
    rec.checkpoint,
    'views',
    () => new Map<string, { data: typeof data; history: ModelRecord['history']; view: ModelView | null }>(),
  );
  const key = `${role}|${opts.centred}|${opts.p}|${data.k}|${rec.alpha}|${rec.seed}|${rec.step}|${rec.totalSteps}`;
  const hit = views.get(key);
  if (
    hit &&
    hit.data.valLabels === data.valLabels &&
    hit.data.testLabels === data.testLabels &&
    hit.history === rec.history
  )
    return hit.view;
  const view = buildView(rec, role, data, opts);
  views.set(key, { data, history: rec.history, view });
  return view;
}

function buildView(
  rec: ModelRecord,
  role: ModelRole,
  data: { valLabels: Int32Array; testLabels: Int32Array; k: number },
  opts: { centred: boolean; p: 'auto' | number },
): ModelView | null {
  const cp = rec.checkpoint;
  if (!cp) return null;
  // A live preview's logits cover the first samples only: its labels are those samples'.
  const labels = checkpointLabels(cp, data, data.k);
  if (!labels) return null;
  const search = opts.p === 'auto' ? pSearchFor(cp, labels.val, data.k, opts.centred) : null;
  return {
    role,
    alpha: rec.alpha,
    seed: rec.seed,
    step: rec.step,
    totalSteps: rec.totalSteps,
    numClasses: data.k,
    testLogits: cp.testLogits,
    valLogits: cp.valLogits,
    testLabels: labels.test,
    valLabels: labels.val,
    p: search ? search.p : (opts.p as number),
    pAuto: opts.p === 'auto',
    centred: opts.centred,
    history: rec.history,
    ...(cp.preview ? { preview: true } : {}),
  };
}

/** The (cached) view of a record with the dataset's labels and the current post-hoc settings. */
export function viewOf(
  rec: ModelRecord | undefined,
  role: ModelRole,
  dataset: { valLabels: Int32Array; testLabels: Int32Array; meta: { numClasses: number } },
  opts: { centred: boolean; p: 'auto' | number },
): ModelView | null {
  const data = { valLabels: dataset.valLabels, testLabels: dataset.testLabels, k: dataset.meta.numClasses };
  return cachedModelView(rec, role, data, opts);
}
