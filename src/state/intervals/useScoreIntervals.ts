/**
 * The paired-bootstrap intervals of the score comparison (science.md §3): every confidence score's
 * AURC for each model on screen, each score's compared − reference difference, and each model's
 * score-against-score differences — computed once per pair of score sets in the bootstrap worker,
 * on the draws of DEFAULT_BOOTSTRAP (the same seed and B as the metrics table's intervals, so its MSP
 * and pNorm intervals are the table's). As usePairIntervals: a pair must stay on screen for
 * SETTLE_MS first, a computation nobody waits for is cancelled, and live previews get none.
 */
import { useEffect, useState } from 'react';
import { DEFAULT_BOOTSTRAP, type ScoreSetIntervals, type ScoreSetModel } from '../../analysis/bootstrap';
import type { ModelScoreSet, ScoreCompareData } from '../../chartData/confidenceScores';
import type { ModelView, PairView } from '../../model/views';
import { startScoreBootstrap, type ScoreBootstrapJob } from './client';
import { SETTLE_MS } from './usePairIntervals';

/** Where the intervals stand: computing, in, not computed for this pair, or failed. */
export type IntervalState = 'pending' | 'ready' | 'none' | 'failed';

interface Entry {
  result: ScoreSetIntervals | null;
  failed: boolean;
  listeners: Set<() => void>;
  job: ScoreBootstrapJob | null;
}

/** Entries by the first score set, then the second (ALONE for a single model). */
const ALONE = {};
const entries = new WeakMap<ModelScoreSet, WeakMap<object, Entry>>();

function keyOf(data: ScoreCompareData): [ModelScoreSet, object] {
  return [data.models[0], data.models[1] ?? ALONE];
}

function entryOf(data: ScoreCompareData): Entry | undefined {
  const [a, b] = keyOf(data);
  return entries.get(a)?.get(b);
}

function sameLabels(x: Int32Array | undefined, y: Int32Array | undefined): boolean {
  if (!x?.length || !y?.length) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Whether the pair's score sets get intervals: no preview, and two models on the same test samples. */
export function scoreIntervalsEligible(pair: Pick<PairView, 'ce' | 'ls'>, data: ScoreCompareData): boolean {
  const views = [pair.ce, pair.ls].filter((v): v is ModelView => !!v);
  if (!data.models.length || views.some((v) => v.preview)) return false;
  if (data.models.some((m) => m.n === 0)) return false;
  if (data.models.length === 2) {
    const [a, b] = data.models;
    if (a.n !== b.n || !sameLabels(pair.ce?.testLabels, pair.ls?.testLabels)) return false;
  }
  return true;
}

/** The worker's input: each model's errors and available scores by id. */
export function scoreSetModels(data: ScoreCompareData): ScoreSetModel[] {
  return data.models.map((m) => ({
    errors: m.errors,
    scores: Object.fromEntries(m.scores.filter((e) => e.values).map((e) => [e.id, e.values])),
  }));
}

function startEntry(data: ScoreCompareData): Entry {
  const known = entryOf(data);
  if (known) return known;
  const entry: Entry = { result: null, failed: false, listeners: new Set(), job: null };
  const [a, b] = keyOf(data);
  let byB = entries.get(a);
  if (!byB) entries.set(a, (byB = new WeakMap()));
  byB.set(b, entry);
  const job = startScoreBootstrap(scoreSetModels(data), DEFAULT_BOOTSTRAP);
  entry.job = job;
  const tell = (): void => {
    for (const l of [...entry.listeners]) l();
  };
  job.done.then(
    (r) => {
      entry.result = r;
      entry.job = null;
      tell();
    },
    () => {
      entry.job = null;
      if (entry.listeners.size) {
        entry.failed = true;
        tell();
      } else if (entries.get(a)?.get(b) === entry) entries.get(a)?.delete(b);
    },
  );
  return entry;
}

/** The score comparison's intervals once computed, and where they stand. */
export function useScoreIntervals(
  pair: Pick<PairView, 'ce' | 'ls'>,
  data: ScoreCompareData | null,
): { intervals: ScoreSetIntervals | null; state: IntervalState } {
  const [, setTick] = useState(0);
  const eligible = !!data && scoreIntervalsEligible(pair, data);
  // Keyed on the score sets (cached per view), not on `data`, which is rebuilt with every pair object.
  const first = data?.models[0] ?? null;
  const second = data?.models[1] ?? null;
  useEffect(() => {
    if (!first || !eligible) return;
    const sets: ScoreCompareData = { models: second ? [first, second] : [first] };
    const known = entryOf(sets);
    if (known?.result || known?.failed) return;
    let entry: Entry | null = null;
    const listener = (): void => setTick((t) => t + 1);
    const attach = (): void => {
      entry = startEntry(sets);
      entry.listeners.add(listener);
    };
    const timer = known ? null : setTimeout(attach, SETTLE_MS);
    if (known) attach();
    return () => {
      if (timer !== null) clearTimeout(timer);
      const e = entry as Entry | null;
      if (!e) return;
      e.listeners.delete(listener);
      if (e.listeners.size === 0 && e.job) {
        // Nobody waits: cancel, and forget it at once, so that a later visit starts afresh.
        e.job.cancel();
        const [a, b] = keyOf(sets);
        if (entries.get(a)?.get(b) === e) entries.get(a)?.delete(b);
      }
    };
  }, [first, second, eligible]);
  if (!data || !eligible) return { intervals: null, state: 'none' };
  const e = entryOf(data);
  if (e?.result) return { intervals: e.result, state: 'ready' };
  return { intervals: null, state: e?.failed ? 'failed' : 'pending' };
}
