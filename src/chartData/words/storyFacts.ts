/**
 * What the guided story says about the pair on screen: the pair's facts and the sweep's, plus a
 * few numbers only the story uses — the share of mistakes among the 10% most confident
 * predictions, how many LS predictions exceed the smoothed target 1 − α + α/K — and what the charts
 * of the later steps show (the CE-twin views, science.md §2.6; the normalisation views, §4.4–4.5).
 */
import type { PairedAurcIntervals } from '../../analysis/bootstrap';
import type { ModelView, PairView, SweepPoint } from '../../model/views';
import { cachedFor } from '../../model/viewCache';
import { buildInitial } from '../chartSpec';
import { shrinkSpec, type ShrinkData } from '../twin';
import { rankRankSpec, type RankRankData } from '../twinSwap';
import { rankAgreementSpec, pEffectSpec, type PEffectData, type RankAgreementData } from '../normalisation';
import { scatterData, type ScatterReady } from '../normalisationScatter';
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
   * What the charts the later steps point at show, built through their specs with the options they
   * open with (so the story quotes exactly the numbers on screen): the shrink of LS's max logit by CE
   * confidence and the confident-set swaps (science.md §2.6), the LS model's scatter, the rank
   * agreement with the CE twin and the AURC for every p (§4.4–4.5). Null where a chart has nothing
   * to draw.
   */
  shrink: ShrinkData | null;
  swap: RankRankData | null;
  scatter: ScatterReady | null;
  agreement: RankAgreementData | null;
  pEffect: PEffectData | null;
}

function chartsOf(pair: PairView): Pick<StoryFacts, 'shrink' | 'swap' | 'scatter' | 'agreement' | 'pEffect'> {
  const scatter = pair.ls ? scatterData(pair.ls) : null;
  return {
    shrink: buildInitial(shrinkSpec, pair),
    swap: buildInitial(rankRankSpec, pair),
    scatter: scatter?.kind === 'ready' ? scatter : null,
    agreement: buildInitial(rankAgreementSpec, pair),
    pEffect: buildInitial(pEffectSpec, pair),
  };
}

function riskAt(curve: { risk: Float64Array }, c: number): number {
  const n = curve.risk.length - 1;
  return curve.risk[Math.max(1, Math.min(n, Math.round(c * n)))];
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

export function storyFacts(
  pair: PairView,
  sweep: SweepPoint[] = [],
  kind?: WordsKind,
  /** The pair's paired-bootstrap intervals, once computed: AURC directions then follow them. */
  intervals?: PairedAurcIntervals | null,
): StoryFacts {
  const f = pairFacts(pair, { sweep, kind, intervals });
  const { ce, ls } = pair;
  const extras =
    ce && ls && f.ce && f.ls
      ? cachedFor(ce, 'words:story', () => new WeakMap<ModelView, Omit<StoryFacts, 'pair' | 'sweep'>>())
      : null;
  let more: Omit<StoryFacts, 'pair' | 'sweep'> = { top10: null, target: null, ...chartsOf(pair) };
  if (extras && ce && ls && f.ce && f.ls) {
    const hit = extras.get(ls);
    if (hit) more = hit;
    else {
      more = {
        top10: { ce: riskAt(f.ce.msp.curve, 0.1), ls: riskAt(f.ls.msp.curve, 0.1) },
        target: targetOf(ls),
        ...chartsOf(pair),
      };
      extras.set(ls, more);
    }
  }
  return { pair: f, sweep: sweepFacts(sweep), ...more };
}
