/**
 * The results file: what `npm run experiment -- --out FILE` writes and what the app's "Download
 * results" saves, so any number on screen can be recomputed elsewhere. Fractions, not percent.
 */

import {
  aurcBootstrap,
  pairedAurcBootstrap,
  type BootstrapModel,
  type BootstrapOptions,
  type Interval,
} from '../analysis/bootstrap';
import { errorsOf, evaluateModel } from '../analysis/metrics';
import { searchP, type PSearchResult } from '../analysis/pSearch';
import { maxLogitPNorm, mspLog, predictions } from '../analysis/scores';
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
  /** Samples in the largest block of tied scores (12 significant digits), MSP and normalised. */
  largest_tie_msp?: number;
  largest_tie_pnorm?: number;
  /** Paired-bootstrap 95% intervals [2.5%, 97.5%] of the (tie-aware) AURCs, when computed. */
  aurc_msp_ci?: [number, number];
  aurc_pnorm_ci?: [number, number];
}

/** A difference with its 95% bootstrap interval. */
export interface DiffInterval {
  value: number;
  lo: number;
  hi: number;
}

/** This model's AURC minus its CE twin's (α = 0, same seed), paired bootstrap over test samples. */
export interface VsCe {
  reference_alpha: number;
  resamples: number;
  seed: number;
  aurc_msp_diff: DiffInterval;
  aurc_pnorm_diff: DiffInterval;
}

export interface RunResult {
  alpha: number;
  seed: number;
  metrics: RunMetrics;
  /** Seconds of training this run's share of its bank took (bank wall time / models in the bank). */
  train_seconds?: number;
  test?: { labels: number[]; logits: number[][] };
  /** Paired comparison with the CE model of the same seed (LS models, when bootstrapped). */
  vs_ce?: VsCe;
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
  /** Paired-bootstrap settings for the AURC intervals; none when absent. */
  bootstrap?: BootstrapOptions;
  /**
   * The validation p search of these logits and labels when the caller already has it (the app's
   * views cache one per checkpoint: model/modelView.ts); searched here when absent.
   */
  search?: PSearchResult;
}

/** Per-sample inputs of the bootstrap: error flags, log π_max and MaxLogit-pNorm at p (null: MSP). */
export function bootstrapModelOf(
  model: ModelCheckpoint,
  testLabels: ArrayLike<number>,
  k: number,
  p: number | null,
  centred: boolean,
): BootstrapModel {
  const n = testLabels.length;
  return {
    errors: errorsOf(predictions(model.testLogits, n, k), testLabels),
    msp: mspLog(model.testLogits, n, k),
    pNorm: p === null ? null : maxLogitPNorm(model.testLogits, n, k, p, centred),
  };
}

const pair = (i: Interval): [number, number] => [i.lo, i.hi];

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
  const search = opts.search ?? searchP(model.valLogits, labels.val, nVal, k, { centred: opts.centred });
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
      largest_tie_msp: ev.msp.largestTie,
      largest_tie_pnorm: ev.pNorm.largestTie,
    },
  };
  if (opts.bootstrap && !model.diverged) {
    const ci = aurcBootstrap(bootstrapModelOf(model, labels.test, k, search.p, opts.centred), opts.bootstrap);
    run.metrics.aurc_msp_ci = pair(ci.msp);
    run.metrics.aurc_pnorm_ci = pair(ci.pNorm);
  }
  if (opts.seconds !== undefined) run.train_seconds = opts.seconds;
  if (opts.saveLogits) {
    run.test = { labels: Array.from(labels.test), logits: logitsToRows(model.testLogits, nTest, k) };
  }
  return run;
}

/**
 * Adds `vs_ce` to every run of one bank (one seed) with α ≠ 0: the paired bootstrap of its AURCs
 * against the α = 0 model's on the same test samples, p fixed at each model's validation choice.
 */
export function addComparisonsVsCe(
  models: readonly ModelCheckpoint[],
  runs: RunResult[],
  testLabels: ArrayLike<number>,
  k: number,
  opts: { centred: boolean; bootstrap: BootstrapOptions },
): void {
  const refIdx = models.findIndex((m) => m.alpha === 0);
  if (refIdx < 0 || models[refIdx].diverged) return;
  const ref = bootstrapModelOf(models[refIdx], testLabels, k, runs[refIdx].metrics.p, opts.centred);
  models.forEach((m, i) => {
    if (i === refIdx || m.diverged) return;
    const cmp = bootstrapModelOf(m, testLabels, k, runs[i].metrics.p, opts.centred);
    const r = pairedAurcBootstrap(ref, cmp, opts.bootstrap);
    runs[i].vs_ce = {
      reference_alpha: 0,
      resamples: r.resamples,
      seed: r.seed,
      aurc_msp_diff: r.difference.msp,
      aurc_pnorm_diff: r.difference.pNorm,
    };
  });
}
