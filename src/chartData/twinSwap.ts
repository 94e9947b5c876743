/**
 * Who gets into the confident set (science.md §2.6): at a coverage c the CE twin (ranked by MSP) and
 * the LS model (ranked by MSP, or by the normalised score with its own p) each keep their ⌈c·N⌉ most
 * confident test samples; the rank–rank view shows every sample's two ranks, and the samples only
 * LS keeps ("admitted") or only CE keeps ("pushed out") are what Look closer lists.
 */
import { ranksDescending, swapAtCoverage, type SwapResult } from '../analysis/twin';
import { cachedFor } from '../model/viewCache';
import { pct } from '../model/format';
import type { PairView } from '../model/views';
import type { SwapSelection } from '../model/selection';
import type { ChartSpec } from './chartSpec';
import type { ExportTable } from './table';
import { cachedForPair, twinPair, type TwinModel } from './twin';

export type LsScore = 'msp' | 'pnorm';

export interface RankRankOptions {
  /** Fraction of the samples each model keeps, in (0, 1]. */
  coverage: number;
  /** What LS is ranked by (CE always by MSP). */
  lsScore: LsScore;
}

export interface RankRankData {
  ceName: string;
  lsName: string;
  n: number;
  coverage: number;
  /** Rank of each sample (0 = most confident) under CE's MSP and under LS's score in use. */
  ceRank: Int32Array;
  lsRank: Int32Array;
  /** 1 = that model's prediction is wrong. */
  lsErrors: Uint8Array;
  ceErrors: Uint8Array;
  /** The LS score the ranks use: 'pnorm' was asked for but LS has p = null → 'msp' (fallback). */
  lsScore: LsScore;
  fallback: boolean;
  /** LS's p for the normalised score (null = MSP fallback). */
  p: number | null;
  swap: SwapResult;
  /** The same coverage with LS ranked the other way; null when the normalised score is unavailable. */
  other: { lsScore: LsScore; swap: SwapResult } | null;
  /** Errors in each model's own confident set. */
  ceKeptErrors: number;
  lsKeptErrors: number;
}

function scoreOf(m: TwinModel, s: LsScore): Float64Array {
  return s === 'pnorm' && m.scores.pNorm ? m.scores.pNorm : m.scores.logMsp;
}

function rankOf(m: TwinModel, s: LsScore): Int32Array {
  const used = s === 'pnorm' && m.scores.pNorm ? 'pnorm' : 'msp';
  return cachedFor(m.scores, `twin:rank:${used}`, () => ranksDescending(scoreOf(m, used)));
}

function swapOf(ce: TwinModel, ls: TwinModel, coverage: number, s: LsScore): SwapResult {
  return cachedForPair(ce, ls, `swap:${coverage}:${s}`, () =>
    swapAtCoverage(
      { score: ce.scores.logMsp, errors: ce.scores.errors, rank: rankOf(ce, 'msp') },
      { score: scoreOf(ls, s), errors: ls.scores.errors, rank: rankOf(ls, s) },
      coverage,
    ),
  );
}

function keptErrors(rank: Int32Array, errors: Uint8Array, m: number): number {
  let e = 0;
  for (let i = 0; i < rank.length; i++) if (rank[i] < m) e += errors[i];
  return e;
}

export function rankRankData(pair: PairView, o: RankRankOptions): RankRankData | null {
  const t = twinPair(pair);
  if (!t.ok) return null;
  const { ce, ls } = t;
  const hasNorm = ls.scores.pNorm !== null;
  const used: LsScore = o.lsScore === 'pnorm' && hasNorm ? 'pnorm' : 'msp';
  const swap = swapOf(ce, ls, o.coverage, used);
  const otherScore: LsScore = used === 'msp' ? 'pnorm' : 'msp';
  const ceRank = rankOf(ce, 'msp');
  const lsRank = rankOf(ls, used);
  return {
    ceName: ce.name,
    lsName: ls.name,
    n: ce.scores.n,
    coverage: o.coverage,
    ceRank,
    lsRank,
    lsErrors: ls.scores.errors,
    ceErrors: ce.scores.errors,
    lsScore: used,
    fallback: o.lsScore === 'pnorm' && !hasNorm,
    p: ls.view.p,
    swap,
    other: hasNorm ? { lsScore: otherScore, swap: swapOf(ce, ls, o.coverage, otherScore) } : null,
    ceKeptErrors: keptErrors(ceRank, ce.scores.errors, swap.kept),
    lsKeptErrors: keptErrors(lsRank, ls.scores.errors, swap.kept),
  };
}

const count = (v: number): string => v.toLocaleString('en-US');
const rate = (e: number, of: number): string => (of > 0 ? `${pct(e / of, 1)} %` : '—');

/** "MSP" or "the normalised score, MaxLogit-pNorm with p = 1". */
export function lsScoreName(s: LsScore, p: number | null): string {
  return s === 'msp' ? 'MSP' : `the normalised score, MaxLogit-pNorm with p = ${p}`;
}

/** The chart's explanation, computed from the numbers. */
export function rankRankSentences(d: RankRankData): string[] {
  const { swap: w, n } = d;
  const a = w.admitted;
  const po = w.pushedOut;
  const out: string[] = [];
  out.push(
    `At ${pct(d.coverage, 0)} % coverage each model keeps its ${count(w.kept)} most confident of ${count(n)} test samples, ${d.lsScore === 'msp' ? 'both ranked by MSP' : `CE ranked by MSP and LS by ${lsScoreName(d.lsScore, d.p)}`}. ${d.lsName} is wrong on ${rate(d.lsKeptErrors, w.kept)} of its set, ${d.ceName} on ${rate(d.ceKeptErrors, w.kept)} of its own.`,
  );
  if (a.indices.length === 0) {
    out.push('Both models keep exactly the same samples: nobody is admitted or pushed out.');
  } else {
    out.push(
      `LS admits ${count(a.indices.length)} samples CE did not keep and gets ${count(a.lsErrors)} of them wrong (${rate(a.lsErrors, a.indices.length)}; CE gets ${rate(a.ceErrors, a.indices.length)} of them wrong). It pushes out ${count(po.indices.length)} that CE kept, of which it gets ${count(po.lsErrors)} wrong (${rate(po.lsErrors, po.indices.length)}; CE ${rate(po.ceErrors, po.indices.length)}).`,
    );
    const ra = a.lsErrors / a.indices.length;
    const rp = po.lsErrors / po.indices.length;
    out.push(
      ra > rp
        ? 'So the swap brings in samples LS is more often wrong on than the ones it lets go: its confident set gets worse for it.'
        : ra < rp
          ? 'Here the swap brings in samples LS is less often wrong on than the ones it lets go: it does not make the confident set worse.'
          : 'LS is as often wrong on the samples it admits as on those it lets go.',
    );
  }
  if (d.fallback)
    out.push(
      'The normalised score is not used for LS: no p beat MSP on validation (the MSP fallback fired), so LS is ranked by MSP.',
    );
  else if (d.other && a.indices.length > 0) {
    const o = d.other.swap.admitted;
    const [msp, norm] = d.lsScore === 'msp' ? [a, o] : [o, a];
    const rm = msp.indices.length ? msp.lsErrors / msp.indices.length : 0;
    const rn = norm.indices.length ? norm.lsErrors / norm.indices.length : 0;
    out.push(
      `Ranked by MSP, LS admits ${count(msp.indices.length)} (${rate(msp.lsErrors, msp.indices.length)} wrong); ranked by ${lsScoreName('pnorm', d.p)}, ${count(norm.indices.length)} (${rate(norm.lsErrors, norm.indices.length)} wrong)${rn < rm ? ': normalisation makes the admitted samples more trustworthy.' : ': normalisation does not make the admitted samples more trustworthy here.'}`,
    );
  }
  if (w.cutTies.ls > 0)
    out.push(
      `${count(w.cutTies.ls)} LS scores tie at the cut; which of them are kept follows the test-set order.`,
    );
  return out;
}

export type SwapGroupName = 'both' | 'admitted' | 'pushed-out' | 'neither';

/** Which quadrant sample i is in. */
export function groupOf(d: RankRankData, i: number): SwapGroupName {
  const m = d.swap.kept;
  const inCe = d.ceRank[i] < m;
  const inLs = d.lsRank[i] < m;
  return inCe && inLs ? 'both' : inLs ? 'admitted' : inCe ? 'pushed-out' : 'neither';
}

/** One row per test sample: both ranks, its group at this coverage, and each model's correctness. */
export function rankRankTable(d: RankRankData): ExportTable {
  const rows: ExportTable['rows'] = [];
  for (let i = 0; i < d.n; i++)
    rows.push([
      i,
      d.ceRank[i],
      d.lsRank[i],
      d.lsScore,
      d.coverage,
      groupOf(d, i),
      d.lsErrors[i] === 0,
      d.ceErrors[i] === 0,
    ]);
  return {
    columns: ['sample', 'ce_rank', 'ls_rank', 'ls_score', 'coverage', 'group', 'ls_correct', 'ce_correct'],
    rows,
  };
}

export const rankRankSpec: ChartSpec<PairView, RankRankOptions, RankRankData> = {
  id: 'rank-rank',
  initial: () => ({ coverage: 0.2, lsScore: 'msp' }),
  build: (pair, o) => rankRankData(pair, o),
  table: (d) => rankRankTable(d),
};

/**
 * The samples of a swap selection as Look closer lists them: LS's mistakes first, then the most
 * LS-confident first (by the LS score of the selection), ties by index. Null when the pair cannot
 * be compared.
 */
export function swapSamples(pair: PairView, sel: SwapSelection): number[] | null {
  const d = rankRankData(pair, { coverage: sel.coverage, lsScore: sel.lsScore });
  if (!d) return null;
  const g = sel.group === 'admitted' ? d.swap.admitted : d.swap.pushedOut;
  return Array.from(g.indices).sort((i, j) => d.lsErrors[j] - d.lsErrors[i] || d.lsRank[i] - d.lsRank[j]);
}
