/**
 * The one ranking used by every selective-classification metric (SCIENCE.md §3: "sort with a stable
 * sort (ties keep split order) and say so").
 *
 * Order: score descending (most confident first); equal scores keep their original (split) order,
 * i.e. the lower index comes first. NaN scores rank as −Infinity: least confident, after every
 * finite score, ties among them (and with −Infinity) again by index. +0 and −0 are equal.
 */

/** The sort key of a score: NaN → −Infinity, everything else unchanged. */
export function sortKey(s: number): number {
  return s === s ? s : -Infinity;
}

/**
 * Indices 0..N−1 ordered by score descending, ties by ascending index (a stable sort). O(N log N):
 * the comparator is a total order (key difference, then index), so the result does not depend on the
 * engine's sort algorithm or its stability.
 */
export function argsortDescendingStable(scores: ArrayLike<number>): Int32Array {
  const n = scores.length;
  const keys = new Float64Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = sortKey(scores[i]);
    order[i] = i;
  }
  // keys[b] − keys[a] is NaN only for equal infinities, which are ties: `||` then falls to the index.
  order.sort((a, b) => keys[b] - keys[a] || a - b);
  return order;
}
