/**
 * The worked example: two real test samples of the CE/LS pair, each with its K logits under both
 * models, π under each, the LS model's per-logit gradient at that sample split into the CE part and
 * the LS extra term (science.md §2), and its rank among all test samples under MSP and under
 * MaxLogit-pNorm (science.md §4, the model's own p and centring). Pure: tested in Node.
 */
import { lsGradientParts } from '../analysis/lsGradient';
import { argmaxRow } from '../analysis/scores';
import { softmaxRowInto } from '../analysis/softmax';
import { inTopFraction, rankOf } from '../analysis/sampleRank';
import { shortName } from '../model/format';
import type { ModelRole, ModelView, PairView } from '../model/views';
import type { ChartSpec } from './chartSpec';
import type { ExportTable } from './table';
import type { ModelScores } from './modelScores';
import { pairScores, resolveWorkedPair, type WorkedPair } from './workedExampleChoice';

/** The coverage the words check membership of ("LS admits it into its top 20 % by MSP"). */
export const TOP_FRACTION = 0.2;

/** One sample as one model sees it. */
export interface WorkedSide {
  role: ModelRole;
  alpha: number;
  name: string;
  /** The K logits v_k, as the engine produced them (float32, read as float64). */
  logits: number[];
  /** softmax(v), float64. */
  pi: number[];
  pred: number;
  correct: boolean;
  vMax: number;
  /** The centred max logit u_max = v_max − mean_k v_k. */
  uMax: number;
  piMax: number;
  /** 1-based rank among the n test samples (1 = most confident), ties by index as every metric. */
  rankMsp: number;
  /** Rank under MaxLogit-pNorm with the model's p and centring; null when p is null (MSP fallback). */
  rankPNorm: number | null;
  p: number | null;
  centred: boolean;
  /** In the most confident TOP_FRACTION of the test samples by MSP. */
  inTopMsp: boolean;
}

export interface WorkedSample {
  slot: 0 | 1;
  index: number;
  label: number;
  ce: WorkedSide;
  ls: WorkedSide;
  /** ∂L_LS/∂v_k at this sample for the LS model (its α, its logits): total = cePart + lsExtra. */
  grad: { total: number[]; cePart: number[]; lsExtra: number[] };
}

export interface WorkedExampleData {
  n: number;
  k: number;
  alpha: number;
  classNames: string[];
  samples: [WorkedSample, WorkedSample];
  /** A chosen pair was out of range, so the defaults are shown. */
  fallback: boolean;
}

export interface WorkedExampleInput {
  pair: PairView;
  /** The samples the user picked; null = the defaults (workedExampleChoice.ts). */
  chosen: WorkedPair | null;
}

/** Why there is nothing to draw, in words for the page; null when there is. */
export function workedExampleEmpty(pair: PairView): string | null {
  const { ce, ls } = pair;
  if (!ce || !ls)
    return 'The worked example needs a CE and an LS model of the same data: train or load a pair.';
  if (ce.samples || ls.samples)
    return (
      'The worked example needs each model’s logits, and a loaded file keeps only per-sample scores ' +
      '(the logits never reach the page), so there is nothing to show for this pair.'
    );
  if (!pairScores(pair)) return 'The worked example needs both models’ test logits for the same samples.';
  return null;
}

/** Class name or index. */
export function className(data: { classNames: string[] }, c: number): string {
  return data.classNames[c] ?? String(c);
}

function side(model: ModelView, scores: ModelScores, i: number): WorkedSide {
  const k = model.numClasses;
  const off = i * k;
  const logits = Array.from(model.testLogits.subarray(off, off + k), Number);
  const piArr = new Float64Array(k);
  softmaxRowInto(model.testLogits, i, k, piArr, 0);
  const pred = argmaxRow(model.testLogits, off, k);
  const mean = logits.reduce((a, b) => a + b, 0) / k;
  const rankMsp = rankOf(scores.logMsp, i);
  return {
    role: model.role,
    alpha: model.alpha,
    name: shortName(model),
    logits,
    pi: Array.from(piArr),
    pred,
    correct: pred === model.testLabels[i],
    vMax: logits[pred],
    uMax: logits[pred] - mean,
    piMax: piArr[pred],
    rankMsp,
    rankPNorm: scores.pNorm ? rankOf(scores.pNorm, i) : null,
    p: model.p,
    centred: model.centred,
    inTopMsp: inTopFraction(rankMsp, scores.n, TOP_FRACTION),
  };
}

function sample(pair: PairView, s: NonNullable<ReturnType<typeof pairScores>>, slot: 0 | 1, i: number) {
  const ce = pair.ce as ModelView;
  const ls = pair.ls as ModelView;
  const k = ls.numClasses;
  const parts = lsGradientParts(
    ls.testLogits.subarray(i * k, (i + 1) * k),
    [ls.testLabels[i]],
    1,
    k,
    ls.alpha,
  );
  return {
    slot,
    index: i,
    label: ls.testLabels[i],
    ce: side(ce, s.ce, i),
    ls: side(ls, s.ls, i),
    grad: {
      total: Array.from(parts.total),
      cePart: Array.from(parts.cePart),
      lsExtra: Array.from(parts.lsTerm),
    },
  };
}

/** The worked example's numbers for the chosen (or default) pair of samples; null without logits. */
export function workedExampleData(input: WorkedExampleInput): WorkedExampleData | null {
  const { pair } = input;
  if (workedExampleEmpty(pair)) return null;
  const s = pairScores(pair);
  const resolved = resolveWorkedPair(pair, input.chosen);
  if (!s || !resolved) return null;
  const [a, b] = resolved.samples;
  const k = s.ce.k;
  return {
    n: s.ce.n,
    k,
    alpha: (pair.ls as ModelView).alpha,
    classNames: Array.from({ length: k }, (_, c) => pair.classNames[c] ?? String(c)),
    samples: [sample(pair, s, 0, a), sample(pair, s, 1, b)],
    fallback: resolved.fallback,
  };
}

/** One row per sample and class: both models' logits and π, the LS gradient and its two parts. */
export function workedExampleTable(data: WorkedExampleData): ExportTable {
  const rows: ExportTable['rows'] = [];
  for (const smp of data.samples) {
    for (let c = 0; c < data.k; c++) {
      rows.push([
        smp.slot === 0 ? 'a' : 'b',
        smp.index,
        c,
        className(data, c),
        c === smp.label,
        smp.ce.logits[c],
        smp.ls.logits[c],
        smp.ce.pi[c],
        smp.ls.pi[c],
        data.alpha,
        smp.grad.total[c],
        smp.grad.cePart[c],
        smp.grad.lsExtra[c],
      ]);
    }
  }
  return {
    columns: [
      'slot',
      'test_index',
      'class',
      'class_name',
      'is_true_class',
      'logit_ce',
      'logit_ls',
      'pi_ce',
      'pi_ls',
      'alpha_ls',
      'grad_ls_total',
      'grad_ce_part',
      'grad_ls_extra',
    ],
    rows,
  };
}

export const workedExampleSpec: ChartSpec<WorkedExampleInput, null, WorkedExampleData> = {
  id: 'worked-example',
  initial: () => null,
  build: (input) => workedExampleData(input),
  table: (data) => workedExampleTable(data),
};
