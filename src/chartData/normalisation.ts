/**
 * Data for the "why normalisation works" charts (science.md §4): what MaxLogit-pNorm does to the
 * LS model's ranking, held against its CE twin (rank agreement, AUROC, AURC), and what forcing each
 * p does to both models' test AURC. Trained models are read from their logits, loaded ones from
 * their per-sample scores (analysis/sampleScores.ts). Everything is cached per ModelView object.
 */
import { cachedFor } from '../model/viewCache';
import { aurocMisclassification, aurc as aurcOf } from '../analysis/riskCoverage';
import { maxLogitPNorm } from '../analysis/scores';
import { DEFAULT_P_CANDIDATES, searchPFromScores, type PSearchResult } from '../analysis/pSearch';
import { pSearchOfLogits } from '../model/modelView';
import { pNormOf, SAMPLE_P_MAX, sampleErrors } from '../analysis/sampleScores';
import { spearman } from '../analysis/rankAgreement';
import { aurcOverP } from '../analysis/scaleInvariance';
import { shortName } from '../model/format';
import type { ModelRole, ModelView, PairView } from '../model/views';
import { modelScores } from './modelScores';
import type { ChartSpec } from './chartSpec';
import type { ExportTable } from './table';

/** The p drawn when a model's validation search kept MSP (science.md §4 has no p then). */
export const FALLBACK_PICTURE_P = 2;

/** How the p a chart uses for a model came about. */
export type PSource = 'validation' | 'hand' | 'fallback';

export interface PChoice {
  /** The p used: the model's own, or FALLBACK_PICTURE_P when it ranks by MSP. */
  p: number;
  source: PSource;
}

/** The p the charts use for a model: its own (validation search or by hand), p = 2 for MSP fallback. */
export function pictureP(model: ModelView): PChoice {
  if (model.p === null) return { p: FALLBACK_PICTURE_P, source: 'fallback' };
  return { p: model.p, source: model.pAuto ? 'validation' : 'hand' };
}

/** Whether a loaded model has MaxLogit-pNorm precomputed for this p (integers 1..SAMPLE_P_MAX). */
export function precomputedP(p: number): boolean {
  return Number.isInteger(p) && p >= 1 && p <= SAMPLE_P_MAX;
}

/**
 * MaxLogit-pNorm of a model's test samples for p, centred as the model is; null when a loaded model
 * has no precomputed score for that p, or the model has no test samples.
 */
export function testPNorm(model: ModelView, p: number): Float64Array | null {
  return cachedFor(model, `norm-test-pnorm:${p}:${model.centred}`, () => {
    const s = model.samples?.test;
    if (s) return s.n > 0 && precomputedP(p) ? pNormOf(s, p, model.centred) : null;
    const n = model.testLabels.length;
    const k = model.numClasses;
    if (n === 0 || model.testLogits.length !== n * k) return null;
    return maxLogitPNorm(model.testLogits, n, k, p, model.centred);
  });
}

/** The validation p search of science.md §4 for the model's centring; null without validation samples. */
export function validationSearch(model: ModelView): PSearchResult | null {
  return cachedFor(model, `norm-val-search:${model.centred}`, () => {
    if (model.samples) {
      const v = model.samples.val;
      if (!v || v.n === 0) return null;
      return searchPFromScores(sampleErrors(v), v.logMsp, (p) => pNormOf(v, p, model.centred));
    }
    const n = model.valLabels.length;
    const k = model.numClasses;
    if (n === 0 || model.valLogits.length !== n * k) return null;
    // The same search the model's view ran (and cached) for its p.
    return pSearchOfLogits(model.valLogits, model.valLabels, k, model.centred);
  });
}

/** Whether two models scored the same test samples (same count and labels), so ranks compare. */
export function sameSamples(a: ModelView, b: ModelView): boolean {
  const la = a.samples?.test.labels ?? a.testLabels;
  const lb = b.samples?.test.labels ?? b.testLabels;
  if (la.length !== lb.length || la.length === 0) return false;
  for (let i = 0; i < la.length; i++) if (la[i] !== lb[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Rank agreement with the CE twin, AUROC and AURC, before and after normalisation.

export type ScoreRowId = 'ce-msp' | 'ls-msp' | 'ls-pnorm';

export interface ScoreRow {
  id: ScoreRowId;
  role: ModelRole;
  score: 'msp' | 'pnorm';
  /** e.g. "LS α=0.2 · pNorm (p = 1)". */
  label: string;
  /** Spearman's ρ with the CE model's MSP (1 for CE·MSP itself); null without a comparable CE twin. */
  spearman: number | null;
  /** AUROC of correct vs wrong predictions (science.md §3). */
  auroc: number;
  /** AURC as a fraction. */
  aurc: number;
}

export interface RankAgreementData {
  lsName: string;
  ceName: string | null;
  p: PChoice;
  rows: ScoreRow[];
  /** Why there is no rank agreement (no CE model, other samples); null when there is. */
  twinNote: string | null;
}

function rankAgreementOf(ls: ModelView, ce: ModelView | null): RankAgreementData | null {
  const lsScores = modelScores(ls);
  const choice = pictureP(ls);
  const lsPNorm = testPNorm(ls, choice.p);
  if (!lsScores || !lsPNorm) return null;
  const ceScores = modelScores(ce);
  let twinNote: string | null = null;
  if (!ce || !ceScores) twinNote = 'There is no CE model to compare with.';
  else if (!sameSamples(ls, ce))
    twinNote = 'The CE model was evaluated on other samples: ranks do not compare.';
  const ceMsp = twinNote === null && ceScores ? ceScores.logMsp : null;
  const rho = (s: Float64Array) => (ceMsp ? spearman(s, ceMsp) : null);
  const rows: ScoreRow[] = [];
  if (ce && ceScores) {
    rows.push({
      id: 'ce-msp',
      role: 'ce',
      score: 'msp',
      label: `${shortName(ce)} · MSP`,
      spearman: ceMsp ? 1 : null,
      auroc: aurocOf(ceScores.logMsp, ceScores.errors),
      aurc: aurcOf(ceScores.logMsp, ceScores.errors),
    });
  }
  rows.push(
    {
      id: 'ls-msp',
      role: 'ls',
      score: 'msp',
      label: `${shortName(ls)} · MSP`,
      spearman: rho(lsScores.logMsp),
      auroc: aurocOf(lsScores.logMsp, lsScores.errors),
      aurc: aurcOf(lsScores.logMsp, lsScores.errors),
    },
    {
      id: 'ls-pnorm',
      role: 'ls',
      score: 'pnorm',
      label: `${shortName(ls)} · pNorm (p = ${choice.p})`,
      spearman: rho(lsPNorm),
      auroc: aurocOf(lsPNorm, lsScores.errors),
      aurc: aurcOf(lsPNorm, lsScores.errors),
    },
  );
  return { lsName: shortName(ls), ceName: ce ? shortName(ce) : null, p: choice, rows, twinNote };
}

function aurocOf(scores: Float64Array, errors: Uint8Array): number {
  return aurocMisclassification(scores, errors);
}

/** Both models of the pair, cached on the LS view per CE view (a new CE view is a new entry). */
export function rankAgreement(pair: PairView): RankAgreementData | null {
  const { ls, ce } = pair;
  if (!ls) return null;
  const byCe = cachedFor(ls, 'norm-rank-agreement', () => new WeakMap<object, RankAgreementData | null>());
  const key = ce ?? byCe;
  if (!byCe.has(key)) byCe.set(key, rankAgreementOf(ls, ce));
  return byCe.get(key) ?? null;
}

export function rankAgreementTable(d: RankAgreementData): ExportTable {
  return {
    columns: ['row', 'model', 'score', 'p', 'p_source', 'spearman_vs_ce_msp', 'auroc', 'aurc'],
    rows: d.rows.map((r) => [
      r.id,
      r.role,
      r.score,
      r.score === 'pnorm' ? d.p.p : null,
      r.score === 'pnorm' ? d.p.source : null,
      r.spearman,
      r.auroc,
      r.aurc,
    ]),
  };
}

export const rankAgreementSpec: ChartSpec<PairView, null, RankAgreementData> = {
  id: 'rank-agreement',
  initial: () => null,
  build: (pair) => rankAgreement(pair),
  table: (d) => rankAgreementTable(d),
};

// ---------------------------------------------------------------------------------------------
// What each forced p does to the test AURC of both models.

/** What chose the p a model uses now. */
export type PChosen =
  | { kind: 'validation'; p: number }
  | { kind: 'fallback' }
  | {
      kind: 'hand';
      p: number;
      /** What the validation search would choose (null = MSP), if it can run. */ search:
        number | null | undefined;
    };

export interface PEffectSeries {
  role: ModelRole;
  name: string;
  centred: boolean;
  /** Test AURC for ps[i] (fractions). */
  aurc: Float64Array;
  /** Test AURC of MSP (the level line). */
  mspAurc: number;
  /** Validation AURC per p and of MSP, when the model has a validation split. */
  valAurc: Float64Array | null;
  valMspAurc: number | null;
  chosen: PChosen;
}

export interface PEffectData {
  ps: readonly number[];
  series: PEffectSeries[];
}

function pEffectSeries(model: ModelView): PEffectSeries | null {
  return cachedFor(model, `norm-p-effect:${model.centred}`, () => {
    const scores = modelScores(model);
    if (!scores) return null;
    const ps = DEFAULT_P_CANDIDATES;
    if (ps.some((p) => testPNorm(model, p) === null)) return null;
    const search = validationSearch(model);
    const chosen: PChosen = model.pAuto
      ? model.p === null
        ? { kind: 'fallback' }
        : { kind: 'validation', p: model.p }
      : { kind: 'hand', p: model.p ?? FALLBACK_PICTURE_P, search: search ? search.p : undefined };
    const valAurc = search
      ? Float64Array.from(ps, (p) => search.aurcByP.find((a) => a.p === p)?.aurc ?? NaN)
      : null;
    return {
      role: model.role,
      name: shortName(model),
      centred: model.centred,
      aurc: aurcOverP(scores.errors, ps, (p) => testPNorm(model, p)!),
      mspAurc: aurcOf(scores.logMsp, scores.errors),
      valAurc,
      valMspAurc: search ? search.mspAurc : null,
      chosen,
    };
  });
}

export function pEffect(pair: PairView): PEffectData | null {
  const series = [pair.ce, pair.ls]
    .map((m) => (m ? pEffectSeries(m) : null))
    .filter((s): s is PEffectSeries => s !== null);
  return series.length > 0 ? { ps: DEFAULT_P_CANDIDATES, series } : null;
}

/** The p a series marks (chosen or set by hand); null for the MSP fallback. */
export function markedP(c: PChosen): number | null {
  return c.kind === 'fallback' ? null : c.p;
}

export function pEffectTable(d: PEffectData): ExportTable {
  const rows: ExportTable['rows'] = [];
  for (const s of d.series) {
    const chosenP = markedP(s.chosen);
    d.ps.forEach((p, i) =>
      rows.push([
        s.role,
        s.name,
        s.centred,
        'pnorm',
        p,
        s.aurc[i],
        s.valAurc ? s.valAurc[i] : null,
        p === chosenP,
        s.chosen.kind,
      ]),
    );
    rows.push([
      s.role,
      s.name,
      s.centred,
      'msp',
      null,
      s.mspAurc,
      s.valMspAurc,
      s.chosen.kind === 'fallback',
      s.chosen.kind,
    ]);
  }
  return {
    columns: ['model', 'name', 'centred', 'score', 'p', 'test_aurc', 'val_aurc', 'in_use', 'p_choice'],
    rows,
  };
}

export const pEffectSpec: ChartSpec<PairView, null, PEffectData> = {
  id: 'p-effect',
  initial: () => null,
  build: (pair) => pEffect(pair),
  table: (d) => pEffectTable(d),
};
