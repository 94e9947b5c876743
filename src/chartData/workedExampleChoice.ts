/**
 * Which test samples the worked example shows (science.md §2 on real samples). By default: a
 * confidently correct prediction — correct under both models, the CE model among its surest — and a
 * confident mistake — wrong under the LS model, the LS model among its surest. The buttons walk the
 * same two orders; Look closer's "use as worked example" puts a sample in the slot of its kind.
 */
import { argsortDescendingStable } from '../analysis/sort';
import { cachedFor } from '../model/viewCache';
import type { ModelView, PairView } from '../model/views';
import { modelScores, type ModelScores } from './modelScores';

/** The two samples on screen: [confident correct slot, confident mistake slot]. */
export type WorkedPair = [number, number];

/** Both models' test scores, when they have logits (not a loaded file) of the same samples. */
export function pairScores(pair: PairView): { ce: ModelScores; ls: ModelScores } | null {
  const { ce, ls } = pair;
  if (!ce || !ls || ce.samples || ls.samples) return null;
  const a = modelScores(ce);
  const b = modelScores(ls);
  if (!a || !b || a.n !== b.n || a.k !== b.k) return null;
  for (let i = 0; i < a.n; i++) if (ce.testLabels[i] !== ls.testLabels[i]) return null;
  return { ce: a, ls: b };
}

/** Per (LS view, CE view) memo: the orders depend on both models of the pair. */
function cachedForPair<T>(ce: ModelView, ls: ModelView, key: string, compute: () => T): T {
  const byCe = cachedFor(ls, `worked:${key}`, () => new WeakMap<ModelView, T>());
  if (!byCe.has(ce)) byCe.set(ce, compute());
  return byCe.get(ce) as T;
}

/** Samples correct under both models, the CE model's most confident (by MSP) first. */
export function confidentCorrectOrder(pair: PairView): Int32Array {
  const s = pairScores(pair);
  if (!s || !pair.ce || !pair.ls) return new Int32Array(0);
  return cachedForPair(pair.ce, pair.ls, 'correct', () =>
    argsortDescendingStable(s.ce.logMsp).filter((i) => s.ce.errors[i] === 0 && s.ls.errors[i] === 0),
  );
}

/** Samples the LS model gets wrong, its most confident (by MSP) first. */
export function confidentMistakeOrder(pair: PairView): Int32Array {
  const s = pairScores(pair);
  if (!s || !pair.ce || !pair.ls) return new Int32Array(0);
  return cachedForPair(pair.ce, pair.ls, 'mistake', () =>
    argsortDescendingStable(s.ls.logMsp).filter((i) => s.ls.errors[i] === 1),
  );
}

/** The entry after `current` in `order` (the first one after the last); the first if it is not there. */
export function nextInOrder(order: ArrayLike<number>, current: number): number | null {
  if (order.length === 0) return null;
  for (let r = 0; r < order.length; r++) if (order[r] === current) return order[(r + 1) % order.length];
  return order[0];
}

/**
 * The samples to show: the chosen pair when both indices are test samples, else the defaults (each
 * order's first; a slot whose order is empty takes the other slot's sample, or 0). `fallback` says
 * that a chosen pair was out of range and the defaults were used.
 */
export function resolveWorkedPair(
  pair: PairView,
  chosen: WorkedPair | null,
): { samples: WorkedPair; fallback: boolean } | null {
  const s = pairScores(pair);
  if (!s) return null;
  const valid = (i: number): boolean => Number.isInteger(i) && i >= 0 && i < s.ce.n;
  if (chosen && valid(chosen[0]) && valid(chosen[1])) return { samples: chosen, fallback: false };
  const correct = confidentCorrectOrder(pair);
  const mistake = confidentMistakeOrder(pair);
  const a = correct.length > 0 ? correct[0] : mistake.length > 0 ? mistake[0] : 0;
  const b = mistake.length > 0 ? mistake[0] : a;
  return { samples: [a, b], fallback: chosen !== null };
}

/** The slot a sample chosen in Look closer goes to: the mistake slot if the LS model gets it wrong. */
export function slotFor(pair: PairView, index: number): 0 | 1 {
  const s = pairScores(pair);
  return s && index >= 0 && index < s.ls.n && s.ls.errors[index] === 1 ? 1 : 0;
}

/** `current` with sample `index` in `slot`. */
export function withSample(current: WorkedPair, slot: 0 | 1, index: number): WorkedPair {
  return slot === 0 ? [index, current[1]] : [current[0], index];
}

/** A sample index from a uniform u ∈ [0, 1) (the page passes Math.random()). */
export function sampleFromUniform(n: number, u: number): number {
  return Math.min(n - 1, Math.max(0, Math.floor(u * n)));
}
