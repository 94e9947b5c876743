/**
 * The idle-time prewarm chain: chart pieces of finished models computed ahead, one per idle
 * callback, restarted whenever the state changes (prewarmPlan says what to compute).
 */
import { prewarmPlan } from '../prewarm';
import type { ControllerContext } from './context';

export interface Prewarm {
  /** Restarts the idle-time chain for the state now (nothing while a model trains). */
  schedule(): void;
  /** Chart pieces still to compute ahead in idle time (0: every finished model is cached). */
  pending(): number;
  /** Stops the chain for good. */
  dispose(): void;
}

export function createPrewarm(ctx: ControllerContext): Prewarm {
  const { runs, engine, idle } = ctx;
  let generation = 0;
  let left = 0;
  let cancelIdle: (() => void) | null = null;
  let disposed = false;

  function schedule(): void {
    const mine = ++generation;
    cancelIdle?.();
    cancelIdle = null;
    left = 0;
    const st = runs.getState();
    const dataset = engine.getState().dataset ?? st.bankData;
    if (disposed || !dataset || st.active !== null) return;
    const todo = prewarmPlan(st.records, dataset, ctx.settings());
    const next = (): void => {
      cancelIdle = null;
      if (mine !== generation) return;
      todo.shift()?.();
      left = todo.length;
      if (left) cancelIdle = idle(next);
    };
    left = todo.length;
    if (left) cancelIdle = idle(next);
  }

  function dispose(): void {
    disposed = true;
    generation++;
    cancelIdle?.();
  }

  return { schedule, pending: () => left, dispose };
}
