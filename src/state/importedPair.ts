/**
 * The pair of loaded models on screen as a PairView, so every chart and the metrics table work for
 * loaded models as for trained ones. The views carry per-sample scores instead of logits
 * (ModelView.samples): every test sample, so %error, MSP and every p-free number match what the user
 * computes at home. How p is chosen is stated per model (`note`): on the file's validation split, on
 * a held-out random half of its samples, or by hand. Only in the held-out case is the MaxLogit-pNorm
 * row evaluated on the other half, beside an MSP row on that same half (loadedRows).
 */
import { useDeferredValue, useMemo } from 'react';
import type { PSearchResult } from '../analysis/pSearch';
import { subsetSamples, type SampleScores } from '../analysis/sampleScores';
import { holdoutSplit, HOLDOUT_SEED } from '../import/holdout';
import { searchOn, searchSamples } from '../import/pChoice';
import { useShallow } from 'zustand/react/shallow';
import { useImported, type ImportedState, type LoadedModel, type PMode } from './imported';
import type { ModelRole, ModelView, PairView } from '../model/views';
import { cachedFor } from '../model/viewCache';
import { evaluateView, rowsFor, type MetricsRow } from '../model/metricsRows';

export interface LoadedEvaluation {
  /** Every test sample: %error, every p-free score's metrics and every chart use these. */
  evaluated: SampleScores;
  /**
   * The samples the MaxLogit-pNorm row is evaluated on: the half not held out for the p search when
   * p was searched on a held-out half (`half`), else every test sample.
   */
  pNormOn: SampleScores;
  /** p was chosen on a held-out half of the test samples: pNormOn is the other half. */
  half: boolean;
  /** The file's validation split, when p was searched on it. */
  validation: SampleScores | null;
  search: PSearchResult | null;
  p: number | null;
  /** How p was chosen and on what, in words. */
  note: string;
}

const fmt = (n: number) => n.toLocaleString('en');

/** The half of the samples not held out for the p search (holdout.ts), cached per model. */
function evaluatedHalf(s: SampleScores): SampleScores {
  return cachedFor(s, 'evaluated-half', () => subsetSamples(s, holdoutSplit(s.n).evaluate));
}

/** The worker's p search for this centring (or, lacking it, the same search here), cached. */
function searchFor(model: LoadedModel, centred: boolean): PSearchResult | null {
  if (model.pSearch) return centred ? model.pSearch.centred : model.pSearch.raw;
  return cachedFor(model.test, `p-search:${centred}:${model.val ? 'val' : 'holdout'}`, () => {
    const on = searchSamples(model.test, model.val);
    return on ? searchOn(on, centred) : null;
  });
}

export function evaluateLoaded(
  model: LoadedModel,
  opts: { pMode: PMode; pHand: number; centred: boolean },
): LoadedEvaluation {
  const all = { evaluated: model.test, pNormOn: model.test, half: false, validation: null };
  if (opts.pMode === 'hand') {
    return {
      ...all,
      search: null,
      p: opts.pHand,
      note: `p = ${opts.pHand}, set by hand; all ${fmt(model.test.n)} samples evaluated.`,
    };
  }
  const search = searchFor(model, opts.centred);
  if (!search) {
    return {
      ...all,
      search: null,
      p: null,
      note: `Too few samples to hold any out for a p search: MSP only, on all ${fmt(model.test.n)} samples.`,
    };
  }
  if (model.val) {
    return {
      ...all,
      validation: model.val,
      search,
      p: search.p,
      note: `${pText(search)} on the file’s validation split (${fmt(model.val.n)} samples); all ${fmt(model.test.n)} test samples evaluated.`,
    };
  }
  const half = evaluatedHalf(model.test);
  return {
    evaluated: model.test,
    pNormOn: half,
    half: true,
    validation: null,
    search,
    p: search.p,
    note:
      `No validation split in the file, so ${pText(search)} on a random half of its samples ` +
      `(${fmt(model.test.n - half.n)} of ${fmt(model.test.n)}, seed ${HOLDOUT_SEED}). ` +
      `The MaxLogit-pNorm row is evaluated on the other ${fmt(half.n)}, beside MSP on the same ${fmt(half.n)}; ` +
      `%error, the other MSP row and the charts use all ${fmt(model.test.n)} samples, ` +
      `except the risk–coverage chart’s normalised curves, which are on the same ${fmt(half.n)} (labelled “evaluation half”).`,
  };
}

function pText(s: PSearchResult): string {
  return s.p === null ? 'no p beat MSP (MSP fallback)' : `p = ${s.p} was chosen`;
}

function viewOf(
  model: LoadedModel,
  role: ModelRole,
  alpha: number,
  ev: LoadedEvaluation,
  opts: { pMode: PMode; centred: boolean },
  test: SampleScores = ev.evaluated,
): ModelView {
  return {
    role,
    alpha,
    seed: 0,
    step: 0,
    totalSteps: 0,
    numClasses: model.test.k,
    testLogits: new Float32Array(0),
    valLogits: new Float32Array(0),
    testLabels: test.labels,
    valLabels: ev.validation?.labels ?? new Int32Array(0),
    p: ev.p,
    pAuto: opts.pMode === 'search',
    centred: opts.centred,
    history: [],
    name: model.name,
    // The full view of a model whose p was chosen on a held-out half: its normalised curves are on
    // the other half (chartData/riskCoverage.ts pNormView), as its MaxLogit-pNorm row is.
    samples:
      ev.half && test === ev.evaluated
        ? { test, val: ev.validation, pNormOn: ev.pNormOn }
        : { test, val: ev.validation },
  };
}

/**
 * The metrics rows of one loaded model (science.md §3): MSP on every test sample; then, when p was
 * chosen on a held-out half, MSP on the evaluation half beside MaxLogit-pNorm on it (like for like),
 * else MaxLogit-pNorm on every test sample. Row ids: `<role>-msp`, `<role>-msp-half`, `<role>-pnorm`.
 */
export function loadedRows(view: ModelView, halfView: ModelView | null): MetricsRow[] {
  const [msp, pNormAll] = rowsFor(view, evaluateView(view));
  if (!halfView) return [msp, pNormAll];
  const n = fmt(halfView.testLabels.length);
  const [mspHalf, pNorm] = rowsFor(halfView, evaluateView(halfView));
  return [
    { ...msp, label: `${msp.label} (all ${fmt(view.testLabels.length)} samples)` },
    {
      ...mspHalf,
      half: true,
      id: `${view.role}-msp-half`,
      label: `${mspHalf.label} (same half as pNorm, ${n} samples)`,
      title:
        'MSP on the samples the MaxLogit-pNorm row is evaluated on (not those p was chosen on), to compare like for like.',
    },
    {
      ...pNorm,
      half: true,
      // p was searched on the held-out half, not on a validation split: the p cell says so.
      cells: [
        ...pNorm.cells.slice(0, -1),
        halfView.p === null ? 'MSP fallback' : `${halfView.p} (held-out half)`,
      ],
      label: `${pNorm.label} (evaluation half, ${n} samples)`,
      title:
        'p was chosen on the other, held-out half of the samples; this row is evaluated on this half only.',
    },
  ];
}

export interface ImportedPair {
  /** Every test sample of each model: the charts. */
  pair: PairView;
  /**
   * The pair the MaxLogit-pNorm rows are evaluated on (a model whose p was chosen on a held-out half:
   * that model's evaluation half), for the table's sentences, which compare MSP with pNorm.
   */
  evalPair: PairView;
  /** The metrics table's rows (loadedRows). */
  rows: MetricsRow[];
  reference: { model: LoadedModel; evaluation: LoadedEvaluation } | null;
  compared: { model: LoadedModel; evaluation: LoadedEvaluation } | null;
}

/** The store's fields that choose and evaluate the pair. */
export type PairSettings = Pick<
  ImportedState,
  'referenceId' | 'comparedId' | 'pMode' | 'pHand' | 'centred' | 'normalise' | 'alpha'
>;

export function buildImportedPair(models: LoadedModel[], s: PairSettings): ImportedPair {
  const find = (id: string | null) => models.find((m) => m.id === id) ?? null;
  const ref = find(s.referenceId);
  const cmp = s.comparedId !== s.referenceId ? find(s.comparedId) : null;
  const opts = { pMode: s.pMode, pHand: s.pHand, centred: s.centred };
  const side = (m: LoadedModel | null, role: ModelRole, alpha: number) => {
    if (!m) return null;
    const evaluation = evaluateLoaded(m, opts);
    const view = viewOf(m, role, alpha, evaluation, opts);
    const halfView = evaluation.half ? viewOf(m, role, alpha, evaluation, opts, evaluation.pNormOn) : null;
    return { model: m, evaluation, view, halfView };
  };
  const r = side(ref, 'ce', 0);
  const c = side(cmp, 'ls', s.alpha);
  const k = ref?.test.k ?? cmp?.test.k ?? 0;
  const classNames = Array.from({ length: k }, (_, i) => `class ${i}`);
  return {
    pair: { ce: r?.view ?? null, ls: c?.view ?? null, normalise: s.normalise, classNames },
    evalPair: {
      ce: r ? (r.halfView ?? r.view) : null,
      ls: c ? (c.halfView ?? c.view) : null,
      normalise: s.normalise,
      classNames,
    },
    rows: [r, c].flatMap((x) => (x ? loadedRows(x.view, x.halfView) : [])),
    reference: r ? { model: r.model, evaluation: r.evaluation } : null,
    compared: c ? { model: c.model, evaluation: c.evaluation } : null,
  };
}

/**
 * The pair for the charts, one step behind the store: a new load or setting first re-renders with
 * the previous pair (instantly), then React computes the new one as a deferred, interruptible render,
 * yielding between charts — so a 50,000-sample analysis never blocks input in one long task.
 */
export function useImportedPair(): ImportedPair {
  // useShallow keeps the same object while every field is unchanged, so the deferred value (and the
  // memo below) only moves when an input does.
  const inputs = useImported(
    useShallow((s) => ({
      models: s.models,
      referenceId: s.referenceId,
      comparedId: s.comparedId,
      pMode: s.pMode,
      pHand: s.pHand,
      centred: s.centred,
      normalise: s.normalise,
      alpha: s.alpha,
    })),
  );
  const deferred = useDeferredValue(inputs);
  return useMemo(() => buildImportedPair(deferred.models, deferred), [deferred]);
}
