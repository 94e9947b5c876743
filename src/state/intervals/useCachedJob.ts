/**
 * One worker computation per pair of objects (the views, or the score sets, on screen), shared by
 * every component that asks and remembered while both objects live (weakly keyed). The hook waits
 * until its pair has stayed on screen for SETTLE_MS before it starts the job (views change at every
 * checkpoint while a model trains), and cancels and forgets a job nobody waits for any more, so that
 * training and input keep the machine and a later visit starts afresh.
 */
import { useEffect, useRef, useState } from 'react';
import type { Job } from './client';

/** How long a pair must stay on screen before its job starts. */
export const SETTLE_MS = 1200;

interface Entry<R> {
  result: R | null;
  /** The job failed while someone waited: the page keeps its fallback words and says nothing more. */
  failed: boolean;
  /** The pair gets no job (make gave none): final, as the keys do not change. */
  none: boolean;
  listeners: Set<() => void>;
  job: Job<R> | null;
}

/** The jobs of one kind, by their pair of keys. */
export class JobCache<A extends object, B extends object, R> {
  private readonly entries = new WeakMap<A, WeakMap<B, Entry<R>>>();

  get(a: A, b: B): Entry<R> | undefined {
    return this.entries.get(a)?.get(b);
  }

  /** The pair's entry, its job started by `make` if there was none. */
  start(a: A, b: B, make: () => Job<R> | null): Entry<R> {
    const known = this.get(a, b);
    if (known) return known;
    const job = make();
    const entry: Entry<R> = { result: null, failed: false, none: !job, listeners: new Set(), job };
    let byB = this.entries.get(a);
    if (!byB) this.entries.set(a, (byB = new WeakMap()));
    byB.set(b, entry);
    if (!job) return entry;
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
        } else this.forget(a, b, entry);
      },
    );
    return entry;
  }

  forget(a: A, b: B, entry: Entry<R>): void {
    if (this.get(a, b) === entry) this.entries.get(a)?.delete(b);
  }
}

/** Where a pair's job stands: not asked for (no pair, or none for it), computing, in, or failed. */
export type JobState = 'none' | 'pending' | 'ready' | 'failed';

/**
 * The result of the job for (a, b) once computed. `make` starts it (null: this pair gets none); it is
 * read when the job starts, so it may be a new closure at every render.
 */
export function useCachedJob<A extends object, B extends object, R>(
  cache: JobCache<A, B, R>,
  a: A | null,
  b: B | null,
  make: (() => Job<R> | null) | null,
): { result: R | null; state: JobState } {
  const [, setTick] = useState(0);
  const makeRef = useRef(make);
  useEffect(() => {
    makeRef.current = make;
  });
  const wanted = !!(a && b && make);
  useEffect(() => {
    if (!a || !b || !wanted) return;
    const known = cache.get(a, b);
    if (known?.result || known?.failed || known?.none) return;
    let entry: Entry<R> | null = null;
    const listener = (): void => setTick((t) => t + 1);
    const attach = (): void => {
      const m = makeRef.current;
      if (!m) return;
      const started = cache.start(a, b, m);
      entry = started;
      started.listeners.add(listener);
      // No job for this pair after all: render once more so that the state reads 'none'.
      if (started.none) setTick((t) => t + 1);
    };
    const timer = known ? null : setTimeout(attach, SETTLE_MS);
    if (known) attach();
    return () => {
      if (timer !== null) clearTimeout(timer);
      const e = entry as Entry<R> | null;
      if (!e) return;
      e.listeners.delete(listener);
      if (e.listeners.size === 0 && e.job) {
        e.job.cancel();
        cache.forget(a, b, e);
      }
    };
  }, [cache, a, b, wanted]);
  if (!a || !b || !wanted) return { result: null, state: 'none' };
  const e = cache.get(a, b);
  if (e?.result) return { result: e.result, state: 'ready' };
  if (e?.failed) return { result: null, state: 'failed' };
  if (e?.none) return { result: null, state: 'none' };
  return { result: null, state: 'pending' };
}
