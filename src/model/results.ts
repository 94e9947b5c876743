/**
 * The results file: what `npm run experiment -- --out FILE` writes and what the app's "Download
 * results" saves, so any number on screen can be recomputed elsewhere. Fractions, not percent.
 */

import { evaluateModel } from '../analysis/metrics';
import { searchP } from '../analysis/pSearch';
import type { ModelCheckpoint } from './training';

export const RESULTS_FORMAT = 'ls-sc-explorer/results';
export const RESULTS_VERSION = 1;

export interface RunMetrics {
  error: number;
  aurc_msp: number;
  /** AURC of the score actually used after the p search: MaxLogit-pNorm, or MSP when the fallback fired. */
  aurc_pnorm: number;
  /** p chosen on the validation split; null when the MSP fallback fired. */
  p: number | null;
  centred: boolean;
  fallback_to_msp: boolean;
  eaurc_msp: number;
  eaurc_pnorm: number;
  aurc_oracle: number;
  augrc_msp: number;
  risk_at_80_msp: number;
  /** null when no coverage reaches 5% risk. */
  cov_at_5_msp: number | null;
  auroc_msp: number;
  auroc_pnorm: number;
  ece: number;
  train_loss: number;
  train_acc: number;
  diverged: boolean;
}

export interface RunResult {
  alpha: number;
  seed: number;
  metrics: RunMetrics;
  /** Seconds of training this run's share of its bank took (bank wall time / models in the bank). */
  train_seconds?: number;
  test?: { labels: number[]; logits: number[][] };
}

export interface ResultsFile {
  format: typeof RESULTS_FORMAT;
  version: typeof RESULTS_VERSION;
  config: Record<string, unknown>;
  runs: RunResult[];
}

/** Rows of a Float32Array of n × k logits, as plain numbers (float32 values written exactly). */
export function logitsToRows(logits: ArrayLike<number>, n: number, k: number): number[][] {
  const rows: number[][] = new Array<number[]>(n);
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(k);
    for (let j = 0; j < k; j++) row[j] = logits[i * k + j];
    rows[i] = row;
  }
  return rows;
}

export interface EvaluateRunOptions {
  centred: boolean;
  saveLogits: boolean;
  seconds?: number;
}

/**
 * One trained model → one results-file run: p searched on the validation split (science.md §4,
 * with the MSP fallback), every metric on the test split. The app and the runner share this, so the
 * numbers on screen and in the file are the same computation.
 */
export function runResultFromCheckpoint(
  model: ModelCheckpoint,
  labels: { val: ArrayLike<number>; test: ArrayLike<number> },
  k: number,
  opts: EvaluateRunOptions,
): RunResult {
  const nVal = labels.val.length;
  const nTest = labels.test.length;
  const search = searchP(model.valLogits, labels.val, nVal, k, { centred: opts.centred });
  const ev = evaluateModel(model.testLogits, labels.test, nTest, k, { p: search.p, centred: opts.centred });
  const run: RunResult = {
    alpha: model.alpha,
    seed: model.seed,
    metrics: {
      error: ev.error,
      aurc_msp: ev.msp.aurc,
      aurc_pnorm: ev.pNorm.aurc,
      p: search.p,
      centred: opts.centred,
      fallback_to_msp: search.usedFallback,
      eaurc_msp: ev.msp.eAurc,
      eaurc_pnorm: ev.pNorm.eAurc,
      aurc_oracle: ev.msp.oracleAurc,
      augrc_msp: ev.msp.augrc,
      risk_at_80_msp: ev.msp.riskAt80,
      cov_at_5_msp: ev.msp.covAt5,
      auroc_msp: ev.msp.auroc,
      auroc_pnorm: ev.pNorm.auroc,
      ece: ev.ece,
      train_loss: model.trainLoss,
      train_acc: model.trainAcc,
      diverged: model.diverged,
    },
  };
  if (opts.seconds !== undefined) run.train_seconds = opts.seconds;
  if (opts.saveLogits) {
    run.test = { labels: Array.from(labels.test), logits: logitsToRows(model.testLogits, nTest, k) };
  }
  return run;
}
