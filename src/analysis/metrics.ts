/**
 * Selective-classification metrics, science.md §3. This module is the entry point: it re-exports the
 * risk–coverage metrics and ECE, and bundles them per score (`selectiveMetrics`, one sort) and per
 * model (`evaluateModel`, MSP vs MaxLogit-pNorm, as the runner and the UI show them).
 */
import { ece } from './calibration';
import {
  aurcFromOrder,
  aurocFromOrder,
  augrcFromOrder,
  coverageAtRiskFromOrder,
  errorRate,
  errorsOf,
  oracleAurc,
  riskAtCoverageFromOrder,
} from './riskCoverage';
import { maxLogitPNorm, mspLog, predictions } from './scores';
import { tieAware } from './ties';
import {
  checkLabels,
  checkLogitShape,
  checkSameLength,
  type ErrorFlags,
  type LabelArray,
  type LogitArray,
} from './types';

export * from './riskCoverage';
export { ece, reliabilityBins, type ReliabilityBins } from './calibration';
export { argsortDescendingStable } from './sort';
export * from './ties';

/** Metrics of one confidence score on one set of predictions; fractions, not percentages. */
export interface SelectiveMetrics {
  n: number;
  /** R_N, the error rate (independent of the score). */
  error: number;
  aurc: number;
  oracleAurc: number;
  /** AURC − oracle AURC. */
  eAurc: number;
  augrc: number;
  /** Selective risk at 80% coverage. */
  riskAt80: number;
  /** Largest coverage with selective risk ≤ 5%; null when none (shown as "—"). */
  covAt5: number | null;
  /** AUROC of correct-vs-error detection (ties count ½); NaN when all correct or all wrong. */
  auroc: number;
  /** Samples in the largest block of tied scores (equal to 12 significant digits); 1 = no ties. */
  largestTie: number;
}

/**
 * All metrics of one score from precomputed error flags, with one sort. Tie-aware (science.md §3,
 * ties.ts): every metric read from the RC curve is the expectation over orders within tied blocks.
 */
export function selectiveMetricsFromErrors(score: ArrayLike<number>, errors: ErrorFlags): SelectiveMetrics {
  checkSameLength(score, errors, 'selectiveMetrics');
  const t = tieAware(score, errors);
  const id = t.identity;
  const n = errors.length;
  const a = aurcFromOrder(id, t.errors);
  const o = oracleAurc(errors);
  return {
    n,
    error: errorRate(errors),
    aurc: a,
    oracleAurc: o,
    eAurc: a - o,
    augrc: augrcFromOrder(id, t.errors),
    riskAt80: n === 0 ? NaN : riskAtCoverageFromOrder(id, t.errors, 0.8),
    covAt5: coverageAtRiskFromOrder(id, t.errors, 0.05),
    auroc: aurocFromOrder(t.ranking.order, errors, score),
    largestTie: t.ranking.largest,
  };
}

/** All metrics of `score` for the argmax predictions of `logits` against `labels`. */
export function selectiveMetrics(
  logits: LogitArray,
  labels: LabelArray,
  n: number,
  k: number,
  score: ArrayLike<number>,
): SelectiveMetrics {
  checkLogitShape(logits, n, k);
  checkLabels(labels, n, k);
  return selectiveMetricsFromErrors(score, errorsOf(predictions(logits, n, k), labels));
}

export interface EvaluateOptions {
  /** p of MaxLogit-pNorm; null means the MSP fallback fired (pSearch), and pNorm then equals msp. */
  p: number | null;
  /** Centre logits before normalising (default true, science.md §4). */
  centred?: boolean;
}

export interface ModelEvaluation {
  n: number;
  error: number;
  /** Ranked by log π_max (float64). */
  msp: SelectiveMetrics;
  /** Ranked by MaxLogit-pNorm with opts.p (or by MSP when opts.p is null). */
  pNorm: SelectiveMetrics;
  /** ECE of π_max, 15 bins. */
  ece: number;
  p: number | null;
  centred: boolean;
}

/** One model on one split: MSP vs MaxLogit-pNorm metrics and the calibration contrast. */
export function evaluateModel(
  logits: LogitArray,
  labels: LabelArray,
  n: number,
  k: number,
  opts: EvaluateOptions,
): ModelEvaluation {
  checkLogitShape(logits, n, k);
  checkLabels(labels, n, k);
  const centred = opts.centred ?? true;
  const errors = errorsOf(predictions(logits, n, k), labels);
  const pNorm = opts.p === null ? null : maxLogitPNorm(logits, n, k, opts.p, centred);
  return evaluateFromScores(errors, mspLog(logits, n, k), pNorm, { p: opts.p, centred });
}

/**
 * `evaluateModel` from per-sample scores (error flags, log π_max, and MaxLogit-pNorm with opts.p, or
 * null when opts.p is null), for models whose logits are not kept (sampleScores.ts).
 */
export function evaluateFromScores(
  errors: ErrorFlags,
  logMsp: ArrayLike<number>,
  pNorm: ArrayLike<number> | null,
  opts: EvaluateOptions,
): ModelEvaluation {
  const n = errors.length;
  checkSameLength(logMsp, errors, 'evaluateFromScores');
  const mspMetrics = selectiveMetricsFromErrors(logMsp, errors);
  const pNormMetrics =
    opts.p === null || pNorm === null ? { ...mspMetrics } : selectiveMetricsFromErrors(pNorm, errors);
  const conf = new Float64Array(n);
  for (let i = 0; i < n; i++) conf[i] = Math.exp(logMsp[i]);
  return {
    n,
    error: mspMetrics.error,
    msp: mspMetrics,
    pNorm: pNormMetrics,
    ece: ece(conf, errors, 15),
    p: opts.p,
    centred: opts.centred ?? true,
  };
}
