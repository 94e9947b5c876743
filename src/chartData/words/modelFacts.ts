/**
 * What the words say about one model, from the same cached evaluation the metrics table shows
 * (model/metricsRows.ts evaluateView) and the same risk–coverage curves the chart draws
 * (chartData/riskCoverage.ts). Cached per ModelView (model/viewCache.ts).
 */
import { evaluateView } from '../../model/metricsRows';
import { cachedFor } from '../../model/viewCache';
import { longName, shortName } from '../../model/format';
import type { ModelRole, ModelView } from '../../model/views';
import { maxLogit } from '../../analysis/scores';
import { modelScores } from '../modelScores';
import { buildRiskCoverage } from '../riskCoverage';
import type { RiskCoverageCurve } from '../../analysis';

/** The low-coverage band the words average over: the 5% to 30% most confident predictions. */
export const LOW_BAND = { from: 0.05, to: 0.3 } as const;

export interface ScoreFacts {
  aurc: number;
  auroc: number;
  /** Mean selective risk over coverage LOW_BAND. */
  lowRisk: number;
  curve: RiskCoverageCurve;
}

export interface ModelFacts {
  role: ModelRole;
  /** "LS α=0.2", "CE" or a loaded file's name; `long`: "LS (α = 0.2)". */
  name: string;
  long: string;
  alpha: number;
  seed: number;
  /** Test samples evaluated. */
  n: number;
  nErrors: number;
  error: number;
  msp: ScoreFacts;
  /** The normalised score; the MSP's numbers when p is null (the MSP fallback). */
  norm: ScoreFacts;
  p: number | null;
  pAuto: boolean;
  fallback: boolean;
  step: number;
  totalSteps: number;
  /** A 500-sample live preview of a model still training. */
  preview: boolean;
  /** Trained here and not yet at its last step. */
  early: boolean;
  loaded: boolean;
  /** Mean v_max (the raw max logit) of the model's correct and wrong test predictions; null if none. */
  vMax: { correct: number; wrong: number } | null;
}

/** Mean risk R_m over the curve points with coverage m/N in [from, to] (at least one point). */
export function bandRisk(curve: RiskCoverageCurve, from: number, to: number): number {
  const n = curve.coverage.length - 1;
  if (n < 1) return NaN;
  const lo = Math.max(1, Math.ceil(from * n - 1e-9));
  const hi = Math.max(lo, Math.min(n, Math.floor(to * n + 1e-9)));
  let s = 0;
  for (let m = lo; m <= hi; m++) s += curve.risk[m];
  return s / (hi - lo + 1);
}

function vMaxMeans(model: ModelView, errors: Uint8Array): ModelFacts['vMax'] {
  const n = errors.length;
  const v =
    model.samples?.test.vMax ??
    (model.testLogits.length === n * model.numClasses
      ? maxLogit(model.testLogits, n, model.numClasses)
      : null);
  if (!v || v.length !== n) return null;
  let sc = 0;
  let nc = 0;
  let sw = 0;
  let nw = 0;
  for (let i = 0; i < n; i++) {
    if (errors[i]) {
      sw += v[i];
      nw++;
    } else {
      sc += v[i];
      nc++;
    }
  }
  return nc && nw ? { correct: sc / nc, wrong: sw / nw } : null;
}

/** The facts of one model, or null when it has no test sample to evaluate. */
export function modelFacts(model: ModelView | null): ModelFacts | null {
  if (!model) return null;
  return cachedFor(model, 'words:model', () => computeModelFacts(model));
}

function computeModelFacts(model: ModelView): ModelFacts | null {
  const scores = modelScores(model);
  if (!scores) return null;
  const ev = evaluateView(model);
  const alone = { normalise: true, classNames: [] };
  const rc = buildRiskCoverage(
    model.role === 'ce' ? { ...alone, ce: model, ls: null } : { ...alone, ce: null, ls: model },
  );
  const series = (score: 'msp' | 'pNorm') =>
    rc?.series.find((s) => s.role === model.role && s.score === score);
  const msp = series('msp');
  const norm = series('pNorm');
  if (!msp || !norm) return null;
  const facts = (s: typeof msp, m: typeof ev.msp): ScoreFacts => ({
    aurc: m.aurc,
    auroc: m.auroc,
    lowRisk: bandRisk(s.curve, LOW_BAND.from, LOW_BAND.to),
    curve: s.curve,
  });
  let nErrors = 0;
  for (let i = 0; i < scores.n; i++) nErrors += scores.errors[i];
  return {
    role: model.role,
    name: shortName(model),
    long: longName(model),
    alpha: model.alpha,
    seed: model.seed,
    n: scores.n,
    nErrors,
    error: ev.error,
    msp: facts(msp, ev.msp),
    norm: facts(norm, ev.pNorm),
    p: model.p,
    pAuto: model.pAuto,
    fallback: model.p === null,
    step: model.step,
    totalSteps: model.totalSteps,
    preview: model.preview === true,
    early: !model.samples && model.totalSteps > 0 && model.step < model.totalSteps,
    loaded: model.samples !== undefined,
    vMax: vMaxMeans(model, scores.errors),
  };
}
