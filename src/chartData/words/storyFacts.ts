/**
 * What the guided story says about the pair on screen: the pair's facts and the sweep's, plus a
 * few numbers only the story uses — the share of mistakes among the 10% most confident
 * predictions, how many LS predictions exceed the smoothed target 1 − α + α/K, and the LS model's
 * max logit held against its CE twin sample by sample (science.md §2.6).
 */
import type { ModelView, PairView, SweepPoint } from '../../model/views';
import { cachedFor } from '../../model/viewCache';
import { argsortDescendingStable } from '../../analysis/sort';
import { mspLog } from '../../analysis/scores';
import { modelScores } from '../modelScores';
import { pairFacts, type PairFacts, type WordsKind } from './pairFacts';
import { sweepFacts, type SweepFacts } from './sweepWords';

export interface StoryFacts {
  pair: PairFacts;
  sweep: SweepFacts | null;
  /** Share of mistakes among each model's 10% most confident predictions (MSP). */
  top10: { ce: number; ls: number } | null;
  /** The LS model's smoothed target 1 − α + α/K and the share of its predictions with π_max above it. */
  target: { value: number; above: number } | null;
  /**
   * Sample by sample against the CE twin (same test samples, science.md §2.6): the mean centred max
   * logit of LS over CE's, on the tenth of the samples CE is surest of and on the fifth it is least
   * sure of (by CE's MSP). Null for loaded models or when the two were not evaluated on the same
   * samples.
   */
  twin: { surest: number; leastSure: number } | null;
}

function riskAt(curve: { risk: Float64Array }, c: number): number {
  const n = curve.risk.length - 1;
  return curve.risk[Math.max(1, Math.min(n, Math.round(c * n)))];
}

/** Centred max logit u_max = v_max − mean_k v_k of every row. */
function centredMax(logits: Float32Array, n: number, k: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const v = logits[i * k + j];
      sum += v;
      if (v > max) max = v;
    }
    out[i] = max - sum / k;
  }
  return out;
}

function twinOf(ce: ModelView, ls: ModelView): StoryFacts['twin'] {
  const n = ce.testLabels.length;
  const k = ce.numClasses;
  if (ce.samples || ls.samples || ls.testLabels.length !== n || ls.numClasses !== k || n < 20) return null;
  if (ce.testLogits.length !== n * k || ls.testLogits.length !== n * k) return null;
  const order = argsortDescendingStable(mspLog(ce.testLogits, n, k));
  const uc = centredMax(ce.testLogits, n, k);
  const ul = centredMax(ls.testLogits, n, k);
  // Ratio of the means of u_max(LS) and u_max(CE) over a slice of CE's confidence ranking.
  const ratio = (from: number, to: number) => {
    let a = 0;
    let b = 0;
    for (let r = from; r < to; r++) {
      a += ul[order[r]];
      b += uc[order[r]];
    }
    return b > 0 ? a / b : NaN;
  };
  const out = { surest: ratio(0, Math.floor(n * 0.1)), leastSure: ratio(n - Math.floor(n * 0.2), n) };
  return Number.isFinite(out.surest) && Number.isFinite(out.leastSure) ? out : null;
}

function targetOf(ls: ModelView): StoryFacts['target'] {
  const s = modelScores(ls);
  if (!s || ls.alpha <= 0 || ls.alpha > 1) return null;
  const value = 1 - ls.alpha + ls.alpha / ls.numClasses;
  const logT = Math.log(value);
  let above = 0;
  for (let i = 0; i < s.n; i++) if (s.logMsp[i] > logT) above++;
  return { value, above: above / s.n };
}

export function storyFacts(pair: PairView, sweep: SweepPoint[] = [], kind?: WordsKind): StoryFacts {
  const f = pairFacts(pair, { sweep, kind });
  const { ce, ls } = pair;
  const extras =
    ce && ls && f.ce && f.ls
      ? cachedFor(ce, 'words:story', () => new WeakMap<ModelView, Omit<StoryFacts, 'pair' | 'sweep'>>())
      : null;
  let more: Omit<StoryFacts, 'pair' | 'sweep'> = { top10: null, target: null, twin: null };
  if (extras && ce && ls && f.ce && f.ls) {
    const hit = extras.get(ls);
    if (hit) more = hit;
    else {
      more = {
        top10: { ce: riskAt(f.ce.msp.curve, 0.1), ls: riskAt(f.ls.msp.curve, 0.1) },
        target: targetOf(ls),
        twin: twinOf(ce, ls),
      };
      extras.set(ls, more);
    }
  }
  return { pair: f, sweep: sweepFacts(sweep), ...more };
}
