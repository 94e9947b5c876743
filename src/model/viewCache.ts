/**
 * Per-object memo for what charts derive from one model: risk–coverage curves, histogram values,
 * gradient bins, metrics. Views and checkpoints are immutable (a new checkpoint is a new object),
 * so a result cached against one stays valid as long as the object lives, and goes with it.
 *
 * This is what keeps moving the α slider cheap: the CE model's view is the same object for every α,
 * and an α seen before brings back its LS view, so nothing is recomputed (`npm run bench`, slider).
 */
const store = new WeakMap<object, Map<string, unknown>>();

/** compute(), once per (owner, key). */
export function cachedFor<T>(owner: object, key: string, compute: () => T): T {
  let m = store.get(owner);
  if (!m) store.set(owner, (m = new Map()));
  if (m.has(key)) return m.get(key) as T;
  const v = compute();
  m.set(key, v);
  return v;
}
