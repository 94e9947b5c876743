/**
 * The results file: what `npm run experiment -- --out FILE` writes and what the app's "Download
 * results" saves, so any number on screen can be recomputed elsewhere. Fractions, not percent.
 */

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
