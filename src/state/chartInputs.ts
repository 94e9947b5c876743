/**
 * From records to what charts show: the CE/LS pair of the selected α, the α-sweep points, the
 * 2-D decision grid, and the metrics rows. p searches and evaluations are cached per checkpoint
 * object (a new checkpoint is a new object), so post-hoc controls recompute only what changed.
 */
import { useDeferredValue, useMemo, useState } from 'react';
import { resultFor, viewOf } from '../model/modelView';
import { useEngine, type DatasetLabels } from './engineStore';
import { useRuns } from './runsStore';
import { recordId } from '../model/records';
import { useSettings } from './settingsStore';
import { configKey, configOfKey, trainingKey } from '../model/settings';
import type { DataKind, DecisionGrid, ModelView, PairView, SweepPoint } from '../model/views';
import type { SeedViews } from '../model/metricsSpread';
import { PRESETS } from '../model/presets';

/**
 * The pair on screen: CE and the selected α, for the current configuration and seed.
 *
 * A model's record changes at every live checkpoint, and a new checkpoint's view costs a p search
 * and redraws every chart: a newer state of the SAME model is taken through useDeferredValue, so
 * that work happens in an interruptible render that yields between charts, never in one long
 * task. Another model (the slider moved to another α, another configuration) and post-hoc
 * settings show at once.
 */
/** The labels the charts evaluate against: the engine's data, or a loaded bank's until it arrives. */
export function useChartDataset(): DatasetLabels | null {
  const loaded = useEngine((s) => s.dataset);
  const bank = useRuns((s) => s.bankData);
  return loaded ?? bank;
}

export function usePairView(): PairView {
  const settings = useSettings();
  const dataset = useChartDataset();
  const key = trainingKey(settings);
  const ceNow = useRuns((s) => s.records[recordId(key, 0)]);
  const lsNow = useRuns((s) => s.records[recordId(key, settings.alpha)]);
  const ceDeferred = useDeferredValue(ceNow);
  const lsDeferred = useDeferredValue(lsNow);
  const ceRec = ceDeferred && ceNow && ceDeferred.id === ceNow.id ? ceDeferred : ceNow;
  const lsRec = lsDeferred && lsNow && lsDeferred.id === lsNow.id ? lsDeferred : lsNow;
  const { centred, p, normalise } = settings;
  const dataKind: DataKind = PRESETS[settings.preset].dataset.id === 'fashion-mnist' ? 'images' : 'points';
  const pair = useMemo((): PairView => {
    if (!dataset) return { ce: null, ls: null, normalise, classNames: [], dataKind };
    const ce = viewOf(ceRec, 'ce', dataset, { centred, p });
    const ls = lsRec && lsRec.alpha !== 0 ? viewOf(lsRec, 'ls', dataset, { centred, p }) : null;
    return { ce, ls, normalise, classNames: dataset.meta.classNames, dataKind };
  }, [dataset, ceRec, lsRec, centred, p, normalise, dataKind]);
  // Retraining what is on screen (Train live over the shipped bank) empties its records until the
  // first checkpoint. Meanwhile the pair shown before is kept — its views carry their own steps,
  // so every sentence stays true of what is drawn — instead of emptying every chart
  // and building it again a second later.
  // The pair is remembered while nothing retrains it (a checkpoint during training costs no
  // second render pass).
  const retraining = useRuns((s) => s.active !== null && !s.active.paused && s.active.key === key);
  const [held, setHeld] = useState<{ key: string; pair: PairView } | null>(null);
  const waiting = (rec: typeof ceRec) => !!rec && !rec.checkpoint && rec.status !== 'diverged';
  const empty = waiting(ceRec) && (settings.alpha === 0 || waiting(lsRec));
  if (retraining && empty && held?.key === key && held.pair.normalise === normalise) return held.pair;
  if (!retraining && pair.ce !== null && (held?.pair !== pair || held.key !== key)) setHeld({ key, pair });
  return pair;
}

/** Every trained α of the current configuration (all seeds), for the sweep chart. */
export function useSweepPoints(): SweepPoint[] {
  const settings = useSettings();
  const dataset = useChartDataset();
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
        n: dataset.testLabels.length,
      });
    }
    return out.sort((a, b) => a.alpha - b.alpha || a.seed - b.seed);
  }, [dataset, records, config, centred]);
}

/**
 * The pair's two models (CE, and LS at the chosen α) of every seed of the configuration that has
 * trained to the end, sorted by seed: what the metrics table's mean ± sd rows are over. Views are
 * cached per checkpoint (modelView.ts), so this only re-filters when the records change.
 */
export function useSeedViews(): SeedViews {
  const settings = useSettings();
  const dataset = useChartDataset();
  const records = useRuns((s) => s.records);
  const config = configKey(settings);
  const { centred, p, alpha } = settings;
  return useMemo(() => {
    const out: SeedViews = { ce: [], ls: [] };
    if (!dataset) return out;
    for (const r of Object.values(records)) {
      if (configOfKey(r.key) !== config || r.status !== 'done') continue;
      // The same record ids as the pair's (usePairView): α 0 is CE, the chosen α (if not 0) LS.
      const role =
        r.id === recordId(r.key, 0) ? 'ce' : alpha !== 0 && r.id === recordId(r.key, alpha) ? 'ls' : null;
      if (!role) continue;
      const view: ModelView | null = viewOf(r, role, dataset, { centred, p });
      if (view) out[role].push(view);
    }
    out.ce.sort((a, b) => a.seed - b.seed);
    out.ls.sort((a, b) => a.seed - b.seed);
    return out;
  }, [dataset, records, config, centred, p, alpha]);
}

/** For 2-D data: the grid and the pair's logits on it. */
export function useDecisionGrid(): DecisionGrid | null {
  const settings = useSettings();
  const points = useEngine((s) => s.points);
  const g = useEngine((s) => s.grid);
  const k = useEngine((s) => s.dataset?.meta.numClasses ?? 0);
  const key = trainingKey(settings);
  const ceGrid = useRuns((s) => s.records[recordId(key, 0)]?.gridLogits ?? null);
  const lsGrid = useRuns((s) => s.records[recordId(key, settings.alpha)]?.gridLogits ?? null);
  return useMemo(() => {
    if (!points || !g || !ceGrid || !lsGrid || settings.alpha === 0) return null;
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
  }, [points, g, ceGrid, lsGrid, k, settings.alpha]);
}
