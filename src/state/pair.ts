/**
 * From records to what charts show: the CE/LS pair of the selected α, the α-sweep points, the
 * 2-D decision grid, and the metrics rows. p searches and evaluations are cached per checkpoint
 * object (a new checkpoint is a new object), so post-hoc controls recompute only what changed.
 */
import { cachedFor } from './viewCache';
import { useDeferredValue, useMemo } from 'react';
import { searchP, type PSearchResult } from '../analysis/pSearch';
import { runResultFromCheckpoint, type RunResult } from '../results';
import type { ModelCheckpoint } from '../training/types';
import { useEngine } from './engine';
import { gridFor } from './grid';
import { checkpointLabels, recordId, useRuns, type ModelRecord } from './runs';
import { configKey, configOfKey, trainingKey, useSettings } from './settings';
import type { DecisionGrid, ModelView, PairView, SweepPoint } from './views';

/** The validation p search of SCIENCE.md §4 for one checkpoint (cached). */
export function pSearchFor(
  cp: ModelCheckpoint,
  valLabels: Int32Array,
  k: number,
  centred: boolean,
): PSearchResult {
  return cachedFor(cp, `p-search:${centred}`, () =>
    searchP(cp.valLogits, valLabels, valLabels.length, k, { centred }),
  );
}

/** The results-file run of a checkpoint (auto p, test metrics), cached. */
export function resultFor(
  cp: ModelCheckpoint,
  labels: { val: Int32Array; test: Int32Array },
  k: number,
  centred: boolean,
): RunResult {
  return cachedFor(cp, `result:${centred}`, () =>
    runResultFromCheckpoint(cp, labels, k, { centred, saveLogits: false }),
  );
}

/**
 * The view of a record, the same object for the same record, labels and options: every per-view
 * cache downstream (viewCache.ts, modelScores) then survives slider moves.
 */
function modelView(
  rec: ModelRecord | undefined,
  role: 'ce' | 'ls',
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
  role: 'ce' | 'ls',
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
  };
}

/** The (cached) view of a record with the dataset's labels and the current post-hoc settings. */
export function viewOf(
  rec: ModelRecord | undefined,
  role: 'ce' | 'ls',
  dataset: { valLabels: Int32Array; testLabels: Int32Array; meta: { numClasses: number } },
  opts: { centred: boolean; p: 'auto' | number },
): ModelView | null {
  const data = { valLabels: dataset.valLabels, testLabels: dataset.testLabels, k: dataset.meta.numClasses };
  return modelView(rec, role, data, opts);
}

/**
 * The pair on screen: CE and the selected α, for the current configuration and seed.
 *
 * A model's record changes at every live checkpoint, and a new checkpoint's view costs a p search
 * and redraws every chart: a newer state of the SAME model is taken through useDeferredValue, so
 * that work happens in an interruptible render that yields between charts, never in one long
 * task. Another model (the slider moved to another α, another configuration) and post-hoc
 * settings show at once.
 */
export function usePairView(): PairView {
  const settings = useSettings();
  const dataset = useEngine((s) => s.dataset);
  const key = trainingKey(settings);
  const ceNow = useRuns((s) => s.records[recordId(key, 0)]);
  const lsNow = useRuns((s) => s.records[recordId(key, settings.alpha)]);
  const ceDeferred = useDeferredValue(ceNow);
  const lsDeferred = useDeferredValue(lsNow);
  const ceRec = ceDeferred && ceNow && ceDeferred.id === ceNow.id ? ceDeferred : ceNow;
  const lsRec = lsDeferred && lsNow && lsDeferred.id === lsNow.id ? lsDeferred : lsNow;
  const { centred, p, normalise } = settings;
  return useMemo(() => {
    if (!dataset) return { ce: null, ls: null, normalise, classNames: [] };
    const ce = viewOf(ceRec, 'ce', dataset, { centred, p });
    const ls = lsRec && lsRec.alpha !== 0 ? viewOf(lsRec, 'ls', dataset, { centred, p }) : null;
    return { ce, ls, normalise, classNames: dataset.meta.classNames };
  }, [dataset, ceRec, lsRec, centred, p, normalise]);
}

/** Every trained α of the current configuration (all seeds), for the sweep chart. */
export function useSweepPoints(): SweepPoint[] {
  const settings = useSettings();
  const dataset = useEngine((s) => s.dataset);
  const records = useRuns((s) => s.records);
  const config = configKey(settings);
  const { centred } = settings;
  return useMemo(() => {
    if (!dataset) return [];
    const labels = { val: dataset.valLabels, test: dataset.testLabels };
    const out: SweepPoint[] = [];
    for (const r of Object.values(records)) {
      if (configOfKey(r.key) !== config || !r.checkpoint || r.status !== 'done') continue;
      const res = resultFor(r.checkpoint, labels, dataset.meta.numClasses, centred);
      out.push({
        alpha: r.alpha,
        seed: r.seed,
        error: res.metrics.error,
        aurcMsp: res.metrics.aurc_msp,
        aurcPnorm: res.metrics.aurc_pnorm,
        p: res.metrics.p,
      });
    }
    return out.sort((a, b) => a.alpha - b.alpha || a.seed - b.seed);
  }, [dataset, records, config, centred]);
}

/** For 2-D data: the grid and the pair's logits on it. */
export function useDecisionGrid(): DecisionGrid | null {
  const settings = useSettings();
  const points = useEngine((s) => s.points);
  const k = useEngine((s) => s.dataset?.meta.numClasses ?? 0);
  const key = trainingKey(settings);
  const ceGrid = useRuns((s) => s.records[recordId(key, 0)]?.gridLogits ?? null);
  const lsGrid = useRuns((s) => s.records[recordId(key, settings.alpha)]?.gridLogits ?? null);
  return useMemo(() => {
    if (!points || !ceGrid || !lsGrid || settings.alpha === 0) return null;
    const g = gridFor(points.test.x);
    return {
      nx: g.nx,
      ny: g.ny,
      x0: g.x0,
      x1: g.x1,
      y0: g.y0,
      y1: g.y1,
      ceLogits: ceGrid,
      lsLogits: lsGrid,
      numClasses: k,
      points: points.test.x,
      labels: points.test.y,
    };
  }, [points, ceGrid, lsGrid, k, settings.alpha]);
}
