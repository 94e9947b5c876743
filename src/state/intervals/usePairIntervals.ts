/**
 * The paired-bootstrap AURC intervals of the pair on screen (science.md §3 "Uncertainty of a
 * comparison"): started once per (CE view, LS view) in the bootstrap worker, remembered on the views,
 * and handed to every component that asks while it is computing or after. Live previews (a partial
 * test split) and pairs whose models do not share the sample count get none.
 */
import { useEffect, useState } from 'react';
import { DEFAULT_BOOTSTRAP, type PairedAurcIntervals } from '../../analysis/bootstrap';
import { modelScores } from '../../chartData/modelScores';
import type { ModelView, PairView } from '../../model/views';
import { startBootstrap } from './client';

interface Entry {
  result: PairedAurcIntervals | null;
  /** Set when the bootstrap failed: the page keeps its floor-based words, and says nothing more. */
  failed: boolean;
  listeners: Set<() => void>;
}

const byCe = new WeakMap<ModelView, WeakMap<ModelView, Entry>>();

/** The entry of a pair, starting its bootstrap the first time; null when the pair gets none. */
export function pairIntervalsEntry(ce: ModelView | null, ls: ModelView | null): Entry | null {
  if (!ce || !ls || ce.preview || ls.preview) return null;
  let byLs = byCe.get(ce);
  if (!byLs) byCe.set(ce, (byLs = new WeakMap()));
  const known = byLs.get(ls);
  if (known) return known;
  const a = modelScores(ce);
  const b = modelScores(ls);
  if (!a || !b || a.n !== b.n || a.n === 0) return null;
  const entry: Entry = { result: null, failed: false, listeners: new Set() };
  byLs.set(ls, entry);
  const job = startBootstrap(
    { errors: a.errors, msp: a.logMsp, pNorm: a.pNorm },
    { errors: b.errors, msp: b.logMsp, pNorm: b.pNorm },
    DEFAULT_BOOTSTRAP,
  );
  const tell = (): void => {
    for (const l of [...entry.listeners]) l();
  };
  job.done.then(
    (r) => {
      entry.result = r;
      tell();
    },
    () => {
      entry.failed = true;
      tell();
    },
  );
  return entry;
}

/** The pair's intervals once computed (null before, and for pairs that get none). */
export function usePairIntervals(pair: Pick<PairView, 'ce' | 'ls'>): PairedAurcIntervals | null {
  const { ce, ls } = pair;
  const [, setTick] = useState(0);
  useEffect(() => {
    const entry = pairIntervalsEntry(ce, ls);
    if (!entry || entry.result || entry.failed) return;
    const listener = (): void => setTick((t) => t + 1);
    entry.listeners.add(listener);
    return () => {
      entry.listeners.delete(listener);
    };
  }, [ce, ls]);
  if (!ce || !ls) return null;
  return byCe.get(ce)?.get(ls)?.result ?? null;
}
