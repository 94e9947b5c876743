/**
 * "Compare confidence scores" (science.md §3, other confidence scores; §4): the eight scores
 * researchers put side by side, each one's selective-classification metrics for the CE and the LS
 * model, their risk–coverage curves, and the calibration contrast (reliability bins and ECE of π_max).
 * Pure: testable in Node. Computed once per ModelView (viewCache).
 *
 * Models loaded from a file keep only per-sample scores (model/views.ts `samples`), not their logits:
 * for them MSP, MaxLogit and MaxLogit-pNorm are available and the other five scores are marked as
 * needing the logits.
 */
import {
  argsortDescendingStable,
  ece,
  maxLogit,
  negEntropy,
  reliabilityBins,
  riskCoverageFromOrder,
  selectiveMetricsFromErrors,
  type ReliabilityBins,
  type RiskCoverageCurve,
  type SelectiveMetrics,
} from '../analysis';
import {
  energyScore,
  fitTemperature,
  logitMargin,
  pNormalisedLogits,
  PNORM_SOFTMAX_T_RANGE,
  scaledMspLog,
  type TemperatureFit,
} from '../analysis/confidenceScores';
import { cachedFor } from '../model/viewCache';
import { shortName } from '../model/format';
import type { ModelRole, ModelView, PairView } from '../model/views';
import { modelScores } from './modelScores';
import { drawIndices } from './riskCoverage';
import type { ChartSpec } from './chartSpec';
import type { ExportTable } from './table';

export type ConfidenceScoreId =
  'msp' | 'maxLogit' | 'margin' | 'negEntropy' | 'energy' | 'tempMsp' | 'pNorm' | 'pNormSoftmax';

export interface ScoreDef {
  id: ConfidenceScoreId;
  /** Column/legend name. */
  label: string;
  /** The definition, for the hover title and the explanation. */
  formula: string;
  /** Stroke dash of its risk–coverage curves (the model is the colour, as everywhere on the page). */
  dash: string | undefined;
}

/** The eight scores, in the order of the table. Higher = more confident for every one. */
export const SCORE_DEFS: readonly ScoreDef[] = [
  {
    id: 'msp',
    label: 'MSP',
    formula: 'MSP: π_max = max_k softmax(v)_k, ranked by log π_max = −log Σ_k exp(v_k − v_max) in float64',
    dash: undefined,
  },
  { id: 'maxLogit', label: 'MaxLogit', formula: 'MaxLogit: v_max = max_k v_k', dash: '1 3' },
  {
    id: 'margin',
    label: 'Logit margin',
    formula: 'Logit margin: v_(1) − v_(2), the gap between the two largest logits',
    dash: '8 3 2 3',
  },
  {
    id: 'negEntropy',
    label: 'Neg. entropy',
    formula: 'Negative entropy: Σ_k π_k log π_k (higher = more peaked softmax)',
    dash: '4 2',
  },
  {
    id: 'energy',
    label: 'Energy',
    formula: 'Energy score: log Σ_k exp v_k (the negative free energy at T = 1)',
    dash: '10 4',
  },
  {
    id: 'tempMsp',
    label: 'MSP (T-scaled)',
    formula:
      'Temperature-scaled MSP: max_k softmax(v / T)_k, T fitted by minimising the NLL on the validation split',
    dash: '2 2',
  },
  {
    id: 'pNorm',
    label: 'MaxLogit-pNorm',
    formula:
      'MaxLogit-pNorm: max_k u_k / ‖u‖_p, u = v − mean_k v, p chosen on the validation split (MSP when no p beats it)',
    dash: '6 4',
  },
  {
    id: 'pNormSoftmax',
    label: 'pNormSoftmax',
    formula:
      'pNormSoftmax (Cattelan & Silva): max_k softmax(u / (‖u‖_p · T))_k, the model’s p, T fitted by NLL on the validation split',
    dash: '12 3 3 3',
  },
];

export const SCORE_IDS: readonly ConfidenceScoreId[] = SCORE_DEFS.map((d) => d.id);

export function scoreDef(id: ConfidenceScoreId): ScoreDef {
  return SCORE_DEFS.find((d) => d.id === id)!;
}

export interface ScoreEntry {
  id: ConfidenceScoreId;
  /** Per-sample score on the test split (higher = more confident); null when unavailable. */
  values: Float64Array | null;
  metrics: SelectiveMetrics | null;
  /** What this score used, e.g. "T = 1.42" or "p = 2"; null when nothing to say. */
  note: string | null;
  /** Why the score is missing (a loaded model without logits). */
  unavailable: string | null;
  /** The same ranking as another score (MaxLogit-pNorm on its MSP fallback is MSP). */
  sameAs?: ConfidenceScoreId;
}

export interface ModelScoreSet {
  role: ModelRole;
  alpha: number;
  name: string;
  n: number;
  error: number;
  errors: Uint8Array;
  scores: ScoreEntry[];
  /** The validation temperature fits (null: no logits, or no validation split). */
  tempFit: TemperatureFit | null;
  pNormSoftmaxFit: TemperatureFit | null;
  /** p used by pNormSoftmax (the model's p, or 2 when its search fell back to MSP). */
  softmaxP: number;
  /** Reliability diagram of π_max (15 equal-width bins) and its ECE. */
  reliability: ReliabilityBins;
  ece: number;
}

export interface ScoreCompareData {
  models: ModelScoreSet[];
}

export const RELIABILITY_BINS = 15;
export const NEEDS_LOGITS = 'needs the logits; a loaded file keeps only per-sample scores';

/** Whether the test split has logits (a trained model) rather than per-sample scores only (a loaded file). */
function hasLogits(model: ModelView): boolean {
  return !model.samples;
}

function hasValidation(model: ModelView): boolean {
  const n = model.valLabels.length;
  return hasLogits(model) && n > 0 && model.valLogits.length === n * model.numClasses;
}

/** T of temperature-scaled MSP, fitted on the validation split (cached per view). */
function tempFitOf(model: ModelView): TemperatureFit | null {
  return cachedFor(model, 'compare-scores:t-fit', () =>
    hasValidation(model)
      ? fitTemperature(model.valLogits, model.valLabels, model.valLabels.length, model.numClasses)
      : null,
  );
}

/** T of pNormSoftmax, fitted on the validation split's p-normalised logits (cached per view). */
function softmaxFitOf(model: ModelView): TemperatureFit | null {
  return cachedFor(model, 'compare-scores:pnorm-softmax-fit', () => {
    if (!hasValidation(model)) return null;
    const n = model.valLabels.length;
    const z = pNormalisedLogits(model.valLogits, n, model.numClasses, model.p ?? 2, model.centred);
    return fitTemperature(z, model.valLabels, n, model.numClasses, PNORM_SOFTMAX_T_RANGE);
  });
}

/** One score's per-sample values on the test split; null when the model has no logits for it. */
function valuesOf(model: ModelView, id: ConfidenceScoreId): Float64Array | null {
  return cachedFor(model, `compare-scores:values:${id}`, () => {
    const base = modelScores(model);
    if (!base) return null;
    const { n, k, logMsp } = base;
    if (id === 'msp') return logMsp;
    if (id === 'pNorm') return base.pNorm ?? logMsp;
    const samples = model.samples?.test;
    if (samples) return id === 'maxLogit' ? samples.vMax : null;
    const v = model.testLogits;
    switch (id) {
      case 'maxLogit':
        return maxLogit(v, n, k);
      case 'margin':
        return logitMargin(v, n, k);
      case 'negEntropy':
        return negEntropy(v, n, k);
      case 'energy':
        return energyScore(v, n, k);
      case 'tempMsp':
        return scaledMspLog(v, n, k, tempFitOf(model)?.t ?? 1);
      case 'pNormSoftmax':
        return scaledMspLog(
          pNormalisedLogits(v, n, k, model.p ?? 2, model.centred),
          n,
          k,
          softmaxFitOf(model)?.t ?? 1,
        );
    }
  });
}

/** One score's metrics (cached per view and score). */
function metricsOf(model: ModelView, id: ConfidenceScoreId): SelectiveMetrics | null {
  return cachedFor(model, `compare-scores:metrics:${id}`, () => {
    const base = modelScores(model);
    const values = valuesOf(model, id);
    return base && values ? selectiveMetricsFromErrors(values, base.errors) : null;
  });
}

function fitNote(fit: TemperatureFit | null, extra = ''): string {
  if (!fit) return `T = 1 (no validation split to fit it on)${extra}`;
  const bound = fit.atBound ? ' (at the end of the search range)' : '';
  return `T = ${fit.t.toPrecision(3)}${bound}${extra}`;
}

function noteOf(model: ModelView, id: ConfidenceScoreId): string | null {
  if (!hasLogits(model) && id !== 'pNorm') return null;
  switch (id) {
    case 'tempMsp':
      return fitNote(tempFitOf(model));
    case 'pNorm':
      if (model.p === null) return 'MSP fallback (no p beat MSP on validation)';
      // A loaded file without a validation split: p was chosen on half of these very samples.
      return model.samples?.pNormOn
        ? `p = ${model.p}, chosen on a held-out half of these samples (the metrics table evaluates it on the other half)`
        : `p = ${model.p}`;
    case 'pNormSoftmax':
      return fitNote(
        softmaxFitOf(model),
        model.p === null ? ', p = 2 (the model fell back to MSP)' : `, p = ${model.p}`,
      );
    default:
      return null;
  }
}

function computeSet(model: ModelView): ModelScoreSet | null {
  const base = modelScores(model);
  if (!base) return null;
  const { n, errors, logMsp } = base;
  const conf = new Float64Array(n);
  for (let i = 0; i < n; i++) conf[i] = Math.exp(logMsp[i]);
  const scores = SCORE_IDS.map((id): ScoreEntry => {
    const values = valuesOf(model, id);
    const e: ScoreEntry = {
      id,
      values,
      metrics: metricsOf(model, id),
      note: noteOf(model, id),
      unavailable: values ? null : NEEDS_LOGITS,
    };
    return id === 'pNorm' && model.p === null ? { ...e, sameAs: 'msp' } : e;
  });
  return {
    role: model.role,
    alpha: model.alpha,
    name: shortName(model),
    n,
    error: base.error,
    errors,
    softmaxP: model.p ?? 2,
    reliability: reliabilityBins(conf, errors, RELIABILITY_BINS),
    ece: ece(conf, errors, RELIABILITY_BINS),
    scores,
    tempFit: hasLogits(model) ? tempFitOf(model) : null,
    pNormSoftmaxFit: hasLogits(model) ? softmaxFitOf(model) : null,
  };
}

const ready = new WeakSet<ModelView>();

/** The eight scores of one model (cached per view); null without test data. */
export function modelScoreSet(model: ModelView | null): ModelScoreSet | null {
  if (!model) return null;
  const set = cachedFor(model, 'compare-scores', () => computeSet(model));
  ready.add(model);
  return set;
}

/** Whether `modelScoreSet(model)` is cached, so that it returns at once (no model counts as ready). */
export function scoreSetReady(model: ModelView | null): boolean {
  return model === null || ready.has(model);
}

/**
 * The work of `modelScoreSet` in pieces of one score (or one temperature fit) each, for idle
 * callbacks (state/prewarm.ts through specs.ts, and the charts' own scheduler): each piece fills a
 * cache entry, and the last assembles the set from them. A few tens of milliseconds each at N = 5,000.
 */
export function scoreSetPieces(model: ModelView | null): (() => void)[] {
  if (!model || scoreSetReady(model)) return [];
  return [
    () => modelScores(model),
    () => tempFitOf(model),
    () => softmaxFitOf(model),
    ...SCORE_IDS.map((id) => () => metricsOf(model, id)),
    () => modelScoreSet(model),
  ];
}

/** Both models' score sets (CE first); null when neither has test data. */
export function buildScoreCompare(pair: PairView): ScoreCompareData | null {
  const models: ModelScoreSet[] = [];
  for (const m of [pair.ce, pair.ls]) {
    const s = modelScoreSet(m);
    if (s) models.push(s);
  }
  return models.length ? { models } : null;
}

export function scoreEntry(set: ModelScoreSet, id: ConfidenceScoreId): ScoreEntry {
  return set.scores.find((s) => s.id === id)!;
}

export interface ScoreCompareOptions {
  /** The scores whose risk–coverage curves are drawn. */
  shown: Record<ConfidenceScoreId, boolean>;
  maxPoints: number;
}

export const DEFAULT_SHOWN: Record<ConfidenceScoreId, boolean> = {
  msp: true,
  maxLogit: false,
  margin: false,
  negEntropy: false,
  energy: false,
  tempMsp: false,
  pNorm: true,
  pNormSoftmax: false,
};

export interface ScoreCurve {
  id: string;
  role: ModelRole;
  score: ConfidenceScoreId;
  name: string;
  aurc: number;
  curve: RiskCoverageCurve;
  indices: Int32Array;
}

/** The risk–coverage curve of one model's score (full, N + 1 points; cached per view and score). */
function curveOf(model: ModelView, set: ModelScoreSet, e: ScoreEntry): RiskCoverageCurve {
  return cachedFor(model, `compare-scores-rc:${e.id}`, () => {
    const order = argsortDescendingStable(e.values!);
    return riskCoverageFromOrder(order, set.errors, e.values!);
  });
}

/** The curves the chart draws for the ticked scores, and the y extent (percent). */
export function scoreCurves(
  pair: PairView,
  data: ScoreCompareData,
  o: ScoreCompareOptions,
): { curves: ScoreCurve[]; yMax: number } {
  const curves: ScoreCurve[] = [];
  let hi = 0;
  for (const set of data.models) {
    const model = set.role === 'ce' ? pair.ce : pair.ls;
    if (!model) continue;
    for (const e of set.scores) {
      if (!o.shown[e.id] || !e.values || !e.metrics) continue;
      const curve = curveOf(model, set, e);
      for (let i = 1; i < curve.coverage.length; i++) {
        if (curve.coverage[i] >= 0.05 && curve.risk[i] > hi) hi = curve.risk[i];
      }
      curves.push({
        id: `${set.role}-${e.id}`,
        role: set.role,
        score: e.id,
        name: `${set.name} · ${scoreDef(e.id).label}`,
        aurc: e.metrics.aurc,
        curve,
        indices: drawIndices(curve.coverage.length - 1, o.maxPoints),
      });
    }
  }
  return { curves, yMax: Math.max(0.5, hi * 100 * 1.05) };
}

/** The metrics table as CSV: one row per model and score (fractions; empty cells when unavailable). */
export function scoreCompareTable(data: ScoreCompareData): ExportTable {
  const rows: ExportTable['rows'] = [];
  for (const m of data.models) {
    for (const e of m.scores) {
      const x = e.metrics;
      rows.push([
        m.role,
        m.alpha,
        e.id,
        e.note ?? e.unavailable ?? '',
        m.n,
        m.error,
        x ? x.aurc : null,
        x ? x.eAurc : null,
        x ? x.augrc : null,
        x ? x.riskAt80 : null,
        x ? x.covAt5 : null,
        x ? x.auroc : null,
        m.ece,
      ]);
    }
  }
  return {
    columns: [
      'model',
      'alpha',
      'score',
      'note',
      'n',
      'error',
      'aurc',
      'e_aurc',
      'augrc',
      'risk_at_80_cov',
      'cov_at_5_risk',
      'auroc',
      'ece_msp',
    ],
    rows,
  };
}

/** Compare confidence scores: the table of every score and the RC curves of the ticked ones. */
export const scoreCompareSpec: ChartSpec<PairView, ScoreCompareOptions, ScoreCompareData> = {
  id: 'compare-scores',
  initial: () => ({ shown: { ...DEFAULT_SHOWN }, maxPoints: 600 }),
  build: (pair) => buildScoreCompare(pair),
  table: (data) => scoreCompareTable(data),
};

/** The reliability diagram as CSV: one row per model and bin. */
export function reliabilityTable(data: ScoreCompareData): ExportTable {
  const rows: ExportTable['rows'] = [];
  for (const m of data.models) {
    const r = m.reliability;
    for (let b = 0; b < r.count.length; b++) {
      const empty = r.count[b] === 0;
      rows.push([
        m.role,
        m.alpha,
        r.edges[b],
        r.edges[b + 1],
        r.count[b],
        empty ? null : r.accuracy[b],
        empty ? null : r.meanConfidence[b],
        m.ece,
      ]);
    }
  }
  return {
    columns: ['model', 'alpha', 'bin_lo', 'bin_hi', 'count', 'accuracy', 'mean_confidence', 'ece'],
    rows,
  };
}

/** Reliability diagram of π_max for each model (15 bins) and its ECE. */
export const reliabilitySpec: ChartSpec<PairView, null, ScoreCompareData> = {
  id: 'reliability',
  initial: () => null,
  build: (pair) => buildScoreCompare(pair),
  table: (data) => reliabilityTable(data),
};
