/**
 * Computes ahead, in idle time, what the charts will need for every finished model of the current
 * configuration: the p search, the risk–coverage curves, the metrics, the gradient and v_max
 * panels. All of it lands in the per-view caches (viewCache.ts), so moving the α slider to any
 * trained α — even the first time — only draws (`npm run bench` measures it). One model's piece
 * per idle callback, never while a model trains (live checkpoints replace each other too fast to
 * be worth it), and a newer state cancels the pending chain.
 */
import { warmPieces } from '../chartData/specs';
import { useEngine } from './engineStore';
import { viewOf } from '../model/modelView';
import { useRuns } from './runs';
import { recordId } from '../model/records';
import { useSettings } from './settings';
import { trainingKey } from '../model/settings';
import type { ModelView } from '../model/views';

type Idle = (cb: () => void) => number;
const idle: Idle =
  typeof requestIdleCallback === 'function'
    ? (cb) => requestIdleCallback(cb, { timeout: 2000 })
    : (cb) => setTimeout(cb, 50) as unknown as number;

let pending = 0;

/**
 * Pieces of work still queued (0: every finished model's chart data is cached). A model's view
 * counts as one piece until it is made; its chart pieces are queued then.
 */
export function prewarmPending(): number {
  return pending;
}

export function installPrewarm(): () => void {
  let generation = 0;
  const schedule = (): void => {
    const mine = ++generation;
    pending = 0;
    const runs = useRuns.getState();
    const dataset = useEngine.getState().dataset;
    if (!dataset || runs.active !== null) return;
    const settings = useSettings.getState();
    const key = trainingKey(settings);
    const opts = { centred: settings.centred, p: settings.p };
    const ceRec = runs.records[recordId(key, 0)];
    const todo: (() => void)[] = [];
    let ce: ModelView | null = null;
    if (ceRec?.status === 'done') {
      todo.push(() => {
        ce = viewOf(ceRec, 'ce', dataset, opts);
      });
    }
    for (const rec of Object.values(runs.records)) {
      if (rec.key !== key || rec.alpha === 0 || rec.status !== 'done') continue;
      // The view first (its p search); its chart pieces then go next in the queue.
      todo.push(() => {
        const view = viewOf(rec, 'ls', dataset, opts);
        if (view) todo.unshift(...warmPieces(view, ce));
      });
    }
    const next = (): void => {
      if (mine !== generation) return;
      todo.shift()?.();
      pending = todo.length;
      if (pending) idle(next);
    };
    pending = todo.length;
    if (pending) idle(next);
  };
  const unsubscribe = [
    useRuns.subscribe(schedule),
    useSettings.subscribe(schedule),
    // Of the engine's state only the dataset matters (progress and heartbeats change it often).
    useEngine.subscribe((st, prev) => st.dataset !== prev.dataset && schedule()),
  ];
  schedule();
  return () => {
    generation++;
    pending = 0;
    for (const u of unsubscribe) u();
  };
}
