/**
 * What to compute ahead, in idle time, for every finished model of the current configuration: the
 * p search, the risk–coverage curves, the metrics, the gradient and v_max panels. All of it lands in
 * the per-view caches (model/viewCache.ts), so moving the α slider to any trained α — even the
 * first time — only draws (`npm run bench` measures it). The controller runs one piece per idle
 * callback, never while a model trains (live checkpoints replace each other too fast to be worth
 * it), and a newer state cancels the pending chain.
 */
import { warmPieces } from '../chartData/specs';
import { viewOf } from '../model/modelView';
import { evaluateView } from '../model/metricsRows';
import { recordId, type ModelRecord } from '../model/records';
import { configKey, configOfKey, trainingKey, type Settings } from '../model/settings';
import type { ModelView } from '../model/views';
import type { DatasetLabels } from './engineStore';

/**
 * The pieces of work, in order. A model's view is one piece until it is made; running it puts its
 * chart pieces at the front of `todo`, so the queue is consumed with `todo.shift()?.()`. Last, the
 * other seeds of the configuration: their view (p search) and metrics, which the metrics table's
 * mean ± sd rows read for the chosen α (state/chartInputs.ts useSeedViews).
 */
export function prewarmPlan(
  records: Record<string, ModelRecord>,
  dataset: DatasetLabels,
  settings: Settings,
): (() => void)[] {
  const key = trainingKey(settings);
  const opts = { centred: settings.centred, p: settings.p };
  const ceRec = records[recordId(key, 0)];
  const todo: (() => void)[] = [];
  let ce: ModelView | null = null;
  if (ceRec?.status === 'done') {
    todo.push(() => {
      ce = viewOf(ceRec, 'ce', dataset, opts);
    });
  }
  for (const rec of Object.values(records)) {
    if (rec.key !== key || rec.alpha === 0 || rec.status !== 'done') continue;
    // The view first (its p search); its chart pieces then go next in the queue.
    todo.push(() => {
      const view = viewOf(rec, 'ls', dataset, opts);
      if (view) todo.unshift(...warmPieces(view, ce));
    });
  }
  const config = configKey(settings);
  for (const rec of Object.values(records)) {
    if (rec.key === key || configOfKey(rec.key) !== config || rec.status !== 'done') continue;
    todo.push(() => {
      // The role as useSeedViews gives it, so that the cached view is the same object.
      const view = viewOf(rec, rec.id === recordId(rec.key, 0) ? 'ce' : 'ls', dataset, opts);
      if (view) evaluateView(view);
    });
  }
  return todo;
}
