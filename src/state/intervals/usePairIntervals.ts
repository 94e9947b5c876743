/**
 * The paired-bootstrap AURC intervals of the pair on screen (science.md §3 "Uncertainty of a
 * comparison"): computed once per (CE view, LS view) in the bootstrap worker, remembered on the
 * views, and handed to every component that asks. A pair must stay on screen for SETTLE_MS before
 * its bootstrap starts (views change at every checkpoint while a model trains), and a computation
 * nobody waits for any more is cancelled, so that training and input keep the machine. Live
 * previews (a partial test split) and pairs whose models do not share the sample count get none.
 */
import { useEffect, useState } from 'react';
import { DEFAULT_BOOTSTRAP, type PairedAurcIntervals } from '../../analysis/bootstrap';
import { modelScores } from '../../chartData/modelScores';
import type { ModelView, PairView } from '../../model/views';
import { startBootstrap, type BootstrapJob } from './client';

/** How long a pair must stay on screen before its bootstrap starts. */
export const SETTLE_MS = 1200;

interface Entry {
  result: PairedAurcIntervals | null;
  /** Set when the bootstrap failed: the page keeps its floor-based words, and says nothing more. */
  failed: boolean;
  listeners: Set<() => void>;
  job: BootstrapJob | null;
}

const byCe = new WeakMap<ModelView, WeakMap<ModelView, Entry>>();

function eligible(ce: ModelView | null, ls: ModelView | null): ce is ModelView {
  return !!(ce && ls && !ce.preview && !ls.preview);
}

/** The pair is paired only on the same test samples: where both views carry labels, they must agree. */
function sameLabels(ce: ModelView, ls: ModelView): boolean {
  const x = ce.testLabels;
  const y = ls.testLabels;
  if (!x?.length || !y?.length) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function entryOf(ce: ModelView, ls: ModelView): Entry | undefined {
  return byCe.get(ce)?.get(ls);
}

/** Starts the pair's bootstrap (once); null when the pair gets none. */
function startEntry(ce: ModelView, ls: ModelView): Entry | null {
  const known = entryOf(ce, ls);
  if (known) return known;
  const a = modelScores(ce);
  const b = modelScores(ls);
  if (!a || !b || a.n !== b.n || a.n === 0 || !sameLabels(ce, ls)) return null;
  const entry: Entry = { result: null, failed: false, listeners: new Set(), job: null };
  let byLs = byCe.get(ce);
  if (!byLs) byCe.set(ce, (byLs = new WeakMap()));
  byLs.set(ls, entry);
  const job = startBootstrap(
    { errors: a.errors, msp: a.logMsp, pNorm: a.pNorm },
    { errors: b.errors, msp: b.logMsp, pNorm: b.pNorm },
    DEFAULT_BOOTSTRAP,
  );
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
      // Cancelled (nobody waits) or failed: forget it, so that a later visit starts afresh.
      entry.job = null;
      if (entry.listeners.size) {
        entry.failed = true;
        tell();
      } else byCe.get(ce)?.delete(ls);
    },
  );
  return entry;
}

/** The pair's intervals once computed (null before, and for pairs that get none). */
export function usePairIntervals(pair: Pick<PairView, 'ce' | 'ls'>): PairedAurcIntervals | null {
  const { ce, ls } = pair;
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!eligible(ce, ls) || !ls) return;
    const known = entryOf(ce, ls);
    if (known?.result || known?.failed) return;
    let entry: Entry | null = null;
    const listener = (): void => setTick((t) => t + 1);
    const attach = (): void => {
      entry = startEntry(ce, ls);
      entry?.listeners.add(listener);
    };
    const timer = known ? null : setTimeout(attach, SETTLE_MS);
    if (known) attach();
    return () => {
      if (timer !== null) clearTimeout(timer);
      const e = entry as Entry | null;
      if (!e) return;
      e.listeners.delete(listener);
      if (e.listeners.size === 0 && e.job) e.job.cancel();
    };
  }, [ce, ls]);
  if (!ce || !ls) return null;
  return entryOf(ce, ls)?.result ?? null;
}
