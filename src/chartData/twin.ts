/**
 * The CE twin as the yardstick (science.md §2.6, "Evidence that is not circular"): the pair's two
 * models on the same test samples, and the shrink of LS's centred max logit binned by how sure the
 * CE model is. The confident-set swaps are in twinSwap.ts. Every per-model array is cached against
 * its ModelView, so the two charts and Look closer compute it once.
 */
import {
  binsByConfidence,
  centredMaxLogit,
  centredNormRatioAndCosine,
  shrinkRatios,
  sliceSpread,
  spreadOf,
  type ConfidenceBin,
  type Spread,
} from '../analysis/twin';
import { cachedFor } from '../model/viewCache';
import { shortName } from '../model/format';
import type { ModelView, PairView } from '../model/views';
import type { ChartSpec } from './chartSpec';
import type { ExportTable } from './table';
import { modelScores, type ModelScores } from './modelScores';

/** What the twin views read of one model. */
export interface TwinModel {
  view: ModelView;
  name: string;
  scores: ModelScores;
  labels: Int32Array;
  /** Centred max logit per test sample. */
  uMax: Float64Array;
  /** n × K test logits; null for a loaded model (its logits never reach the page). */
  logits: Float32Array | null;
}

export type TwinPair = { ok: true; ce: TwinModel; ls: TwinModel } | { ok: false; reason: string };

function twinModel(view: ModelView): TwinModel | null {
  const scores = modelScores(view);
  if (!scores) return null;
  return cachedFor(view, 'twin:model', () => {
    const s = view.samples?.test;
    return {
      view,
      name: shortName(view),
      scores,
      labels: s ? s.labels : view.testLabels,
      uMax: s ? s.uMax : centredMaxLogit(view.testLogits, scores.n, scores.k),
      logits: s ? null : view.testLogits,
    };
  });
}

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The pair as two models on the same samples, or why it cannot be compared sample by sample. */
export function twinPair(pair: PairView): TwinPair {
  if (!pair.ce && !pair.ls)
    return { ok: false, reason: 'Train a CE/LS pair to compare the two models sample by sample.' };
  if (!pair.ce)
    return {
      ok: false,
      reason: 'There is no CE model to hold the LS model against: train or load its CE twin.',
    };
  if (!pair.ls) return { ok: false, reason: 'There is no LS model yet to hold against its CE twin.' };
  const ce = twinModel(pair.ce);
  const ls = twinModel(pair.ls);
  if (!ce || !ls) return { ok: false, reason: 'The models have no test predictions yet.' };
  if (ce.scores.k !== ls.scores.k)
    return {
      ok: false,
      reason: `The two models cannot be compared: they have ${ce.scores.k} and ${ls.scores.k} classes.`,
    };
  if (!sameLabels(ce.labels, ls.labels)) {
    const sizes =
      ce.labels.length === ls.labels.length
        ? 'their test labels differ'
        : `${ce.labels.length.toLocaleString('en-US')} vs ${ls.labels.length.toLocaleString('en-US')} test samples`;
    return {
      ok: false,
      reason: `The two models were not evaluated on the same test samples (${sizes}), so they cannot be compared sample by sample.`,
    };
  }
  return { ok: true, ce, ls };
}

// ---------------------------------------------------------------------------------------------
// Shrink of the max logit, by CE confidence.

export interface ShrinkOptions {
  /** Equal-count bins of CE confidence. */
  bins: number;
}

export const SHRINK_BIN_CHOICES = [5, 10, 20] as const;

export interface ShrinkData {
  ceName: string;
  lsName: string;
  n: number;
  /** Bins least → most confident by CE's log π_max (confLo/confHi are log π_max). */
  bins: ConfidenceBin[];
  all: Spread;
  /** CE's least confident fifth and most confident tenth (science.md §2.6's table). */
  fifth: Spread;
  tenth: Spread;
  /** ‖u(LS)‖₂ / ‖u(CE)‖₂ and cos(u(LS), u(CE)); null without full logits (loaded models). */
  normRatio: Spread | null;
  cosine: Spread | null;
}

/** compute(), once per (LS view, CE view, key): a result that belongs to the pair, not one model. */
export function cachedForPair<T>(ce: TwinModel, ls: TwinModel, key: string, compute: () => T): T {
  const memo = cachedFor(ls.view, `twin-pair:${key}`, () => new WeakMap<ModelView, T>());
  if (memo.has(ce.view)) return memo.get(ce.view) as T;
  const v = compute();
  memo.set(ce.view, v);
  return v;
}

function vectorsOf(ce: TwinModel, ls: TwinModel): { normRatio: Spread; cosine: Spread } | null {
  const [cl, ll] = [ce.logits, ls.logits];
  if (!cl || !ll) return null;
  return cachedForPair(ce, ls, 'vectors', () => {
    const v = centredNormRatioAndCosine(cl, ll, ce.scores.n, ce.scores.k);
    return { normRatio: spreadOf(v.normRatio), cosine: spreadOf(v.cosine) };
  });
}

export function shrinkData(pair: PairView, o: ShrinkOptions): ShrinkData | null {
  const t = twinPair(pair);
  if (!t.ok) return null;
  return cachedForPair(t.ce, t.ls, `shrink:${o.bins}`, () => computeShrink(t.ce, t.ls, o));
}

function computeShrink(ce: TwinModel, ls: TwinModel, o: ShrinkOptions): ShrinkData {
  const r = shrinkRatios(ls.uMax, ce.uMax);
  const { order, bins } = binsByConfidence(r, ce.scores.logMsp, o.bins);
  const vectors = vectorsOf(ce, ls);
  return {
    ceName: ce.name,
    lsName: ls.name,
    n: ce.scores.n,
    bins,
    all: spreadOf(r),
    fifth: sliceSpread(r, order, 0, 0.2),
    tenth: sliceSpread(r, order, 0.9, 1),
    normRatio: vectors?.normRatio ?? null,
    cosine: vectors?.cosine ?? null,
  };
}

const f2 = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '—');

/** Differences under this fraction of the least confident fifth's median count as "about the same". */
export const FLAT_TOLERANCE = 0.05;

/** The chart's explanation, sentence by sentence, computed from the numbers. */
export function shrinkSentences(d: ShrinkData): string[] {
  const out: string[] = [];
  const all = d.all.median;
  if (!(d.all.n > 0))
    return [
      'No ratio can be computed: on every sample the CE model’s centred max logit is 0 (all its logits equal) or a logit is not finite.',
    ];
  out.push(
    all < 1
      ? `Over all ${d.all.n.toLocaleString('en-US')} test samples the median ratio is r = ${f2(all)}: on a typical sample ${d.lsName}’s centred max logit is ${Math.round((1 - all) * 100)} % smaller than its CE twin’s.`
      : `Over all ${d.all.n.toLocaleString('en-US')} test samples the median ratio is r = ${f2(all)}: ${d.lsName} does not shrink the max logit relative to its CE twin here.`,
  );
  const a = d.fifth.median;
  const b = d.tenth.median;
  const means = `(means ${f2(d.tenth.mean)} vs ${f2(d.fifth.mean)})`;
  // "Strongest where CE is surest" only when no bin shrinks more than the most confident tenth.
  const lowestAtTop = d.bins.every((x) => !(x.median < b));
  if (b < a * (1 - FLAT_TOLERANCE))
    out.push(
      `${lowestAtTop ? 'The shrink is strongest where CE is surest' : 'The shrink is stronger where CE is surer'}: r = ${f2(b)} in CE’s most confident tenth vs ${f2(a)} in its least confident fifth ${means}. A shrink that depends on how likely a prediction is to be right reorders the samples by confidence.`,
    );
  else if (b > a * (1 + FLAT_TOLERANCE))
    out.push(
      `Here the shrink is not strongest where CE is surest: r = ${f2(b)} in CE’s most confident tenth vs ${f2(a)} in its least confident fifth ${means}, the opposite of what the LS term predicts.`,
    );
  else
    out.push(
      `r barely depends on CE’s confidence: ${f2(b)} in CE’s most confident tenth vs ${f2(a)} in its least confident fifth ${means}, within ${FLAT_TOLERANCE * 100} %. That is close to a uniform shrink, which would leave the ranking alone.`,
    );
  const finite = d.bins.filter((x) => Number.isFinite(x.median));
  if (finite.length > 1) {
    const lo = finite.reduce((m, x) => (x.median < m.median ? x : m));
    const hi = finite.reduce((m, x) => (x.median > m.median ? x : m));
    const name = (x: ConfidenceBin) => `bin ${x.bin + 1} of ${d.bins.length}`;
    let falling = true;
    for (let i = 1; i < finite.length; i++) if (finite[i].median > finite[i - 1].median) falling = false;
    out.push(
      `Across the bins (1 = CE least confident) the median r is lowest, ${f2(lo.median)}, in ${name(lo)} and highest, ${f2(hi.median)}, in ${name(hi)}${falling ? '; it falls from each bin to the next' : '; it does not fall steadily from bin to bin'}.`,
    );
  }
  if (d.normRatio && d.cosine)
    out.push(
      `Whole vectors: ‖u(LS)‖₂ / ‖u(CE)‖₂ is ${f2(d.normRatio.p10)} / ${f2(d.normRatio.median)} / ${f2(d.normRatio.p90)} (10th / 50th / 90th percentile), and the median cosine of u(LS) and u(CE) is ${f2(d.cosine.median)} (1 would mean the same direction, a pure rescaling).`,
    );
  else
    out.push(
      'The length ratio ‖u(LS)‖ / ‖u(CE)‖ and the cosine of the two centred vectors need both models’ full logits; a loaded file brings only per-sample scores to the page, so they are not available here.',
    );
  return out;
}

function spreadRow(series: string, s: Spread, extra: (number | null)[]): ExportTable['rows'][number] {
  return [series, ...extra, s.n, s.median, s.q1, s.q3, s.p10, s.p90, s.mean];
}

/** One row per bin, then the fifth, the tenth, all samples and the whole-vector measures. */
export function shrinkTable(d: ShrinkData): ExportTable {
  const rows: ExportTable['rows'] = [];
  for (const b of d.bins)
    rows.push(spreadRow('bin', b, [b.bin, b.rankLo, b.rankHi, Math.exp(b.confLo), Math.exp(b.confHi)]));
  const none = [null, null, null, null, null];
  rows.push(spreadRow('least-confident-fifth', d.fifth, none));
  rows.push(spreadRow('most-confident-tenth', d.tenth, none));
  rows.push(spreadRow('all', d.all, none));
  if (d.normRatio) rows.push(spreadRow('norm-ratio', d.normRatio, none));
  if (d.cosine) rows.push(spreadRow('cosine', d.cosine, none));
  return {
    columns: [
      'series',
      'bin',
      'rank_lo',
      'rank_hi',
      'ce_pmax_lo',
      'ce_pmax_hi',
      'count',
      'median',
      'q1',
      'q3',
      'p10',
      'p90',
      'mean',
    ],
    rows,
  };
}

export const shrinkSpec: ChartSpec<PairView, ShrinkOptions, ShrinkData> = {
  id: 'shrink-by-confidence',
  initial: () => ({ bins: 10 }),
  build: (pair, o) => shrinkData(pair, o),
  table: (d) => shrinkTable(d),
};
