/**
 * The per-model test-split quantities several charts need (risk–coverage curves, confidence
 * histograms): error flags, log π_max and MaxLogit-pNorm with the model's own p and centring. Cached
 * per ModelView object (state/viewCache.ts), so two charts of the same pair compute them once.
 */
import { errorRate, errorsOf, maxLogitPNorm, mspLog, pNormOf, predictions, sampleErrors } from '../analysis';
import type { ModelView } from '../model/views';
import { cachedFor } from '../model/viewCache';

export interface ModelScores {
  n: number;
  k: number;
  /** e_i = 1[ŷ_i ≠ y_i] on the test split (science.md §3). */
  errors: Uint8Array;
  /** log π_max in float64, the ranking form of MSP (never float32 probabilities, science.md §3). */
  logMsp: Float64Array;
  /** MaxLogit-pNorm (science.md §4) with the model's p and centring; null when p is null (MSP fallback). */
  pNorm: Float64Array | null;
  /** R_N as a fraction. */
  error: number;
}

/** Scores of a model's test split; null when it has no test sample yet or its arrays disagree in shape. */
export function modelScores(model: ModelView | null): ModelScores | null {
  if (!model) return null;
  return cachedFor(model, 'scores', () => computeScores(model));
}

function computeScores(model: ModelView): ModelScores | null {
  const n = model.testLabels.length;
  const k = model.numClasses;
  let out: ModelScores | null = null;
  const samples = model.samples?.test;
  if (samples) {
    // A loaded model: the scores were computed from its logits by the import worker.
    const errors = sampleErrors(samples);
    out =
      samples.n > 0
        ? {
            n: samples.n,
            k: samples.k,
            errors,
            logMsp: samples.logMsp,
            pNorm: model.p === null ? null : pNormOf(samples, model.p, model.centred),
            error: errorRate(errors),
          }
        : null;
  } else if (n > 0 && k >= 1 && model.testLogits.length === n * k) {
    const errors = errorsOf(predictions(model.testLogits, n, k), model.testLabels);
    out = {
      n,
      k,
      errors,
      logMsp: mspLog(model.testLogits, n, k),
      pNorm: model.p === null ? null : maxLogitPNorm(model.testLogits, n, k, model.p, model.centred),
      error: errorRate(errors),
    };
  }
  return out;
}
