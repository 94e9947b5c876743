/**
 * Choice of p for MaxLogit-pNorm, science.md §4: grid search over p ∈ {1, …, 10} minimising AURC on
 * the validation split. The signature takes only validation logits and labels, so the test split can
 * never leak into the choice.
 *
 * Rules:
 * - Fallback (Cattelan & Silva): when no candidate p has a validation AURC STRICTLY below MSP's, MSP
 *   is kept (p = null, usedFallback = true). An equal AURC does not beat MSP.
 * - Ties between candidates: the smallest p with the minimal AURC wins, whatever the candidate order.
 * - AURCs are tie-aware (science.md §3, ties.ts), as on the test split.
 */
import { aurc, errorsOf } from './riskCoverage';
import { maxLogitPNorm, mspLog, predictions } from './scores';
import { checkLabels, checkLogitShape, type ErrorFlags, type LabelArray, type LogitArray } from './types';

export interface PSearchOptions {
  candidates?: readonly number[];
  centred?: boolean;
  fallbackToMsp?: boolean;
}

export interface PSearchResult {
  /** The chosen p; null when the MSP fallback fired. */
  p: number | null;
  usedFallback: boolean;
  /** Validation AURC of every candidate, in candidate order. */
  aurcByP: { p: number; aurc: number }[];
  mspAurc: number;
  /** Validation AURC of what was chosen (mspAurc when the fallback fired). */
  chosenAurc: number;
}

export const DEFAULT_P_CANDIDATES: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

export function searchP(
  valLogits: LogitArray,
  valLabels: LabelArray,
  n: number,
  k: number,
  opts: PSearchOptions = {},
): PSearchResult {
  const { candidates = DEFAULT_P_CANDIDATES, centred = true, fallbackToMsp = true } = opts;
  checkLogitShape(valLogits, n, k);
  checkLabels(valLabels, n, k);
  if (n === 0) throw new RangeError('searchP needs at least one validation sample');
  if (candidates.length === 0) throw new RangeError('searchP needs at least one candidate p');

  const errors = errorsOf(predictions(valLogits, n, k), valLabels);
  return searchPFromScores(
    errors,
    mspLog(valLogits, n, k),
    (p) => maxLogitPNorm(valLogits, n, k, p, centred),
    {
      candidates,
      fallbackToMsp,
    },
  );
}

/**
 * The same search from per-sample scores of the validation split: its error flags, log π_max and
 * MaxLogit-pNorm for a candidate p (e.g. precomputed by sampleScores.ts, when the logits themselves
 * are not kept).
 */
export function searchPFromScores(
  errors: ErrorFlags,
  logMsp: ArrayLike<number>,
  pNormFor: (p: number) => ArrayLike<number>,
  opts: Omit<PSearchOptions, 'centred'> = {},
): PSearchResult {
  const { candidates = DEFAULT_P_CANDIDATES, fallbackToMsp = true } = opts;
  if (errors.length === 0) throw new RangeError('searchP needs at least one validation sample');
  if (candidates.length === 0) throw new RangeError('searchP needs at least one candidate p');
  const mspAurc = aurc(logMsp, errors);

  const aurcByP: { p: number; aurc: number }[] = [];
  let bestP = NaN;
  let bestAurc = Infinity;
  for (const p of candidates) {
    const a = aurc(pNormFor(p), errors);
    aurcByP.push({ p, aurc: a });
    if (a < bestAurc || (a === bestAurc && p < bestP)) {
      bestAurc = a;
      bestP = p;
    }
  }

  if (fallbackToMsp && !(bestAurc < mspAurc)) {
    return { p: null, usedFallback: true, aurcByP, mspAurc, chosenAurc: mspAurc };
  }
  return { p: bestP, usedFallback: false, aurcByP, mspAurc, chosenAurc: bestAurc };
}
