/**
 * The backend probe's plain data and its pure decision (no tfjs): under `auto`, the engine times a
 * few training steps of a throwaway bank of the preset's model on each backend it has (wasm always,
 * WebGL where a context exists, WebGPU where an adapter does; host/backendProbe.ts measures) and
 * trains on the fastest. Here: what one backend's measurement says, which one wins, and the words
 * the badge shows (the winner, why, and every timing for its tooltip).
 */
import type { BackendName } from '../../model/training';

/** The backends the probe races, in the order it times them (wasm first: it always exists). */
export const PROBE_BACKENDS: readonly BackendName[] = ['wasm', 'webgl', 'webgpu'];

/** The whole probe should take about this long (first steps, compilation and timed blocks). */
export const PROBE_BUDGET_MS = 900;

/** A backend whose first timed block is this many times the best so far is dropped there. */
export const CLEARLY_SLOWER = 2;

/** What the probe found on one backend. */
export type ProbeEntry =
  | {
      backend: BackendName;
      status: 'timed';
      /** ms per step of each timed block (after the warm-up steps). */
      blocksMsPerStep: number[];
      /** The warm-up steps (first step: kernel compilation, uploads) took this long in all. */
      warmupMs: number;
    }
  | {
      backend: BackendName;
      /**
       * unavailable: no such backend or device here; skipped: left out before timing (e.g. a
       * software renderer); dropped: timing stopped early (clearly slower, or over the budget);
       * failed: an error while timing.
       */
      status: 'unavailable' | 'skipped' | 'dropped' | 'failed';
      /** Why, in a student's words, short (the badge's line). */
      why: string;
      /** More of why, for the details (the tooltip). */
      more?: string;
      /** Timed blocks before it was dropped, if any. */
      blocksMsPerStep?: number[];
      warmupMs?: number;
    };

export interface ProbeReport {
  /** The backend chosen (the fastest timed). */
  backend: BackendName;
  /** ms per step of the winner (the best of its blocks). */
  msPerStep: number;
  /** One line for the badge: "fastest in a 0.4 s test: wasm 6.1 ms/step, WebGL skipped: …". */
  reason: string;
  /** Every backend's figures, one line each (the badge's tooltip). */
  details: string[];
  entries: ProbeEntry[];
  /** How long the probe took (wall clock, all backends). */
  durationMs: number;
  /** What was timed: the bank's size and batch. */
  models: number;
  batchSize: number;
}

/** The figure of a timed backend: its best block (noise on a shared machine only ever adds time). */
export function bestMsPerStep(blocks: readonly number[]): number {
  const finite = blocks.filter((b) => Number.isFinite(b) && b > 0);
  return finite.length ? Math.min(...finite) : Infinity;
}

/**
 * Should timing stop on `blocks` (this backend's blocks so far) against `bestSoFar` (the best other
 * backend's ms/step)? Once one block is CLEARLY_SLOWER times slower, a second one will not save it.
 */
export function clearlySlower(blocks: readonly number[], bestSoFar: number): boolean {
  return blocks.length > 0 && bestMsPerStep(blocks) > CLEARLY_SLOWER * bestSoFar;
}

/** The name a student knows. */
export function backendLabel(b: BackendName): string {
  return b === 'webgl' ? 'WebGL' : b === 'webgpu' ? 'WebGPU' : b;
}

function ms(x: number): string {
  return x >= 100 ? `${Math.round(x)} ms` : x >= 10 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`;
}

function entryLine(e: ProbeEntry): string {
  const name = backendLabel(e.backend);
  const blocks = e.blocksMsPerStep ?? [];
  const timed = blocks.length
    ? `${ms(bestMsPerStep(blocks))}/step (blocks ${blocks.map((b) => b.toFixed(2)).join(', ')} ms/step)`
    : '';
  const warm = e.warmupMs !== undefined ? `, first steps ${ms(e.warmupMs)}` : '';
  if (e.status === 'timed') return `${name}: ${timed}${warm}`;
  const status = e.status === 'unavailable' ? 'not available' : e.status;
  const more = e.more ? ` (${e.more})` : '';
  return `${name}: ${status}, ${e.why}${more}${timed ? ` — ${timed}` : ''}${warm}`;
}

/** The short word for a backend that lost, in the badge's one line. */
function shortLine(e: ProbeEntry): string {
  const name = backendLabel(e.backend);
  if (e.status === 'timed') return `${name} ${ms(bestMsPerStep(e.blocksMsPerStep))}/step`;
  if (e.status === 'unavailable') return `no ${name} (${e.why})`;
  return `${name} ${e.status}: ${e.why}`;
}

/**
 * The decision: timings in, the fastest timed backend out, with the reason in words. Throws when no
 * backend was timed (the caller keeps the backend it has and says so).
 */
export function decideBackend(
  entries: readonly ProbeEntry[],
  context: { durationMs: number; models: number; batchSize: number },
): ProbeReport {
  let winner: Extract<ProbeEntry, { status: 'timed' }> | null = null;
  for (const e of entries) {
    if (e.status !== 'timed') continue;
    if (!winner || bestMsPerStep(e.blocksMsPerStep) < bestMsPerStep(winner.blocksMsPerStep)) winner = e;
  }
  if (!winner || !Number.isFinite(bestMsPerStep(winner.blocksMsPerStep))) {
    throw new Error(
      `the backend probe timed no backend (${entries.map(shortLine).join('; ') || 'none tried'})`,
    );
  }
  const best = bestMsPerStep(winner.blocksMsPerStep);
  const others = entries.filter((e) => e !== winner);
  const seconds = (context.durationMs / 1000).toFixed(1);
  // "fastest" only when something else was timed too; otherwise the others could not race.
  const raced = others.some((e) => e.blocksMsPerStep?.length);
  const head = `${raced ? 'fastest in' : 'chosen by'} a ${seconds} s test: ${backendLabel(winner.backend)} ${ms(best)}/step`;
  return {
    backend: winner.backend,
    msPerStep: best,
    reason: [head, ...others.map(shortLine)].join(', '),
    details: [
      `Timed ${context.models} model${context.models === 1 ? '' : 's'} × batch ${context.batchSize}, ${ms(context.durationMs)} in all:`,
      ...entries.map(entryLine),
    ],
    entries: [...entries],
    durationMs: context.durationMs,
    models: context.models,
    batchSize: context.batchSize,
  };
}

/** The probe decides per model shape: one key per (model, sample shape, bank size, batch). */
export function probeKey(
  model: unknown,
  sampleShape: readonly number[],
  models: number,
  batchSize: number,
): string {
  return JSON.stringify([model, sampleShape, models, batchSize]);
}
