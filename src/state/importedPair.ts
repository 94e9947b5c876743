/**
 * The pair of loaded models on screen as a PairView, so every chart and the metrics table work for
 * loaded models as for trained ones. The views carry per-sample scores instead of logits
 * (ModelView.samples). How p is chosen is stated per model (`notes`): on the file's validation
 * split, on a held-out random half of its samples (the other half is what is evaluated), or by hand.
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

export interface LoadedEvaluation {
  /** Samples every number and chart uses. */
  evaluated: SampleScores;
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
  return cachedFor(model, `p-search:${centred}`, () => {
    const on = searchSamples(model.test, model.val);
    return on ? searchOn(on, centred) : null;
  });
}

export function evaluateLoaded(
  model: LoadedModel,
  opts: { pMode: PMode; pHand: number; centred: boolean },
): LoadedEvaluation {
  if (opts.pMode === 'hand') {
    return {
      evaluated: model.test,
      validation: null,
      search: null,
      p: opts.pHand,
      note: `p = ${opts.pHand}, set by hand; all ${fmt(model.test.n)} samples evaluated.`,
    };
  }
  const search = searchFor(model, opts.centred);
  if (!search) {
    return {
      evaluated: model.test,
      validation: null,
      search: null,
      p: null,
      note: 'Too few samples to hold any out for a p search: MSP only.',
    };
  }
  if (model.val) {
    return {
      evaluated: model.test,
      validation: model.val,
      search,
      p: search.p,
      note: `${pText(search)} on the file’s validation split (${fmt(model.val.n)} samples); all ${fmt(model.test.n)} test samples evaluated.`,
    };
  }
  const evaluated = evaluatedHalf(model.test);
  return {
    evaluated,
    validation: null,
    search,
    p: search.p,
    note:
      `No validation split in the file, so ${pText(search)} on a random half of its samples ` +
      `(${fmt(model.test.n - evaluated.n)} of ${fmt(model.test.n)}, seed ${HOLDOUT_SEED}); every number and chart here uses the other ${fmt(evaluated.n)}.`,
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
    testLabels: ev.evaluated.labels,
    valLabels: ev.validation?.labels ?? new Int32Array(0),
    p: ev.p,
    pAuto: opts.pMode === 'search',
    centred: opts.centred,
    history: [],
    name: model.name,
    samples: { test: ev.evaluated, val: ev.validation },
  };
}

export interface ImportedPair {
  pair: PairView;
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
  const refEv = ref ? evaluateLoaded(ref, opts) : null;
  const cmpEv = cmp ? evaluateLoaded(cmp, opts) : null;
  const k = ref?.test.k ?? cmp?.test.k ?? 0;
  return {
    pair: {
      ce: ref && refEv ? viewOf(ref, 'ce', 0, refEv, opts) : null,
      ls: cmp && cmpEv ? viewOf(cmp, 'ls', s.alpha, cmpEv, opts) : null,
      normalise: s.normalise,
      classNames: Array.from({ length: k }, (_, i) => `class ${i}`),
    },
    reference: ref && refEv ? { model: ref, evaluation: refEv } : null,
    compared: cmp && cmpEv ? { model: cmp, evaluation: cmpEv } : null,
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
