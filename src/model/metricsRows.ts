/**
 * The metrics table's content (science.md §3): column definitions, and the rows of a model view —
 * the same cached evaluation the page, prewarm and export read — with, where several seeds of a
 * model are trained, a row of mean ± sample sd over them (metricsSpread.ts).
 */
import { cachedFor } from './viewCache';
import { evaluateFromScores, evaluateModel, type ModelEvaluation } from '../analysis/metrics';
import { spreadRowsFor, type SeedViews } from './metricsSpread';
import { pNormOf, sampleErrors } from '../analysis/sampleScores';
import { longName, pChoiceLabel, pct } from './format';
import type { ModelView, PairView } from './views';

/** Column definitions: what a user sees one hover away (science.md §3). */
export const METRIC_COLUMNS = [
  { id: 'error', label: '%error', title: 'Test error rate: the risk at 100% coverage (lower is better).' },
  {
    id: 'aurc',
    label: '%AURC',
    title:
      'Area under the risk–coverage curve (trapezoid rule, from (0, 0)): the average risk over all coverages when abstaining on the least confident samples first. Lower is better.',
  },
  {
    id: 'eaurc',
    label: '%E-AURC',
    title: 'Excess AURC: AURC minus the AURC of a perfect ranking (all correct first).',
  },
  {
    id: 'augrc',
    label: '%AUGRC',
    title:
      'Area under the generalised risk (errors accepted / all samples) against coverage (Traub et al. 2024).',
  },
  {
    id: 'risk80',
    label: '%Risk@80%Cov',
    title: 'Selective risk when the 80% most confident samples are accepted.',
  },
  {
    id: 'cov5',
    label: '%Cov@5%Risk',
    title: 'Largest coverage whose selective risk is at most 5% ("—" if none).',
  },
  {
    id: 'auroc',
    label: '%AUROC',
    title:
      'How well the score separates correct predictions (positives) from errors: 50 is chance, 100 perfect.',
  },
  {
    id: 'ece',
    label: '%ECE',
    title:
      'Expected calibration error of the softmax confidence (15 equal-width bins): a different property from ranking. Only for MSP.',
  },
  { id: 'p', label: 'p', title: 'The p of MaxLogit-pNorm: chosen on the validation split, or set by hand.' },
] as const;

/** Percent with two decimals, "—" when undefined (e.g. Cov@5%Risk when no coverage reaches it). */
const pct2 = (v: number | null): string => pct(v, 2);

export interface MetricsRow {
  id: string;
  label: string;
  cells: string[];
  /** 'spread': mean ± sd over seeds, under the row of the seed shown (the row id + "-seeds"). */
  kind?: 'model' | 'spread';
  /** Hover text of the row's label. */
  title?: string;
  /** Samples in the largest block of tied scores, as text (model rows; the max over seeds for spread rows). */
  tie?: string;
  /** Which score the row ranks by (its interval in the paired bootstrap). */
  score?: 'msp' | 'pNorm';
  role?: 'ce' | 'ls';
  /** A loaded model's row on the evaluation half (p chosen on the other half), not on every sample. */
  half?: boolean;
}

/** Columns the table adds to METRIC_COLUMNS: the AURC's 95% interval and the largest tie. */
export const EXTRA_COLUMNS = {
  aurcCi: {
    id: 'aurcCi',
    label: '95% interval',
    title:
      'Paired-bootstrap 95% interval of the AURC: 1,000 resamples of the test samples (seeded), both models scored on each; percentiles 2.5 and 97.5. Row "LS − CE": the difference, on the same resamples.',
  },
  tie: {
    id: 'tie',
    label: 'largest tie',
    title:
      'Samples in the largest block of tied scores (equal to 12 significant digits). Metrics average over the orders within each tied block (science.md §3); 1 = no ties.',
  },
} as const;

export function rowsFor(m: ModelView, ev: ModelEvaluation): MetricsRow[] {
  const name = longName(m);
  const pLabel = pChoiceLabel(m);
  const cells = (s: ModelEvaluation['msp'], ece: string, p: string): string[] => [
    pct2(ev.error),
    pct2(s.aurc),
    pct2(s.eAurc),
    pct2(s.augrc),
    pct2(s.riskAt80),
    pct2(s.covAt5),
    pct2(s.auroc),
    ece,
    p,
  ];
  return [
    {
      id: `${m.role}-msp`,
      label: `${name} · MSP`,
      cells: cells(ev.msp, pct2(ev.ece), '—'),
      tie: tieText(ev.msp.largestTie),
      score: 'msp',
      role: m.role,
    },
    {
      id: `${m.role}-pnorm`,
      label: `${name} · MaxLogit-pNorm`,
      cells: cells(ev.pNorm, '—', pLabel),
      tie: tieText(ev.pNorm.largestTie),
      score: 'pNorm',
      role: m.role,
    },
  ];
}

/** "1" (no ties) or the size of the largest tied block, with thousands separators. */
function tieText(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : '—';
}

export function evaluateView(m: ModelView): ModelEvaluation {
  return cachedFor(m, 'evaluation', () => computeEvaluation(m));
}

function computeEvaluation(m: ModelView): ModelEvaluation {
  const s = m.samples?.test;
  if (s) {
    const pNorm = m.p === null ? null : pNormOf(s, m.p, m.centred);
    return evaluateFromScores(sampleErrors(s), s.logMsp, pNorm, { p: m.p, centred: m.centred });
  }
  return evaluateModel(m.testLogits, m.testLabels, m.testLabels.length, m.numClasses, {
    p: m.p,
    centred: m.centred,
  });
}

/**
 * The metrics rows of a pair: CE then LS, each with MSP and MaxLogit-pNorm; with `seeds` (every
 * seed trained for the pair's two models), each followed by its mean ± sd row over those seeds
 * when there are at least two.
 */
export function metricsRows(pair: Pick<PairView, 'ce' | 'ls'>, seeds?: SeedViews): MetricsRow[] {
  const out: MetricsRow[] = [];
  for (const m of [pair.ce, pair.ls]) {
    if (!m) continue;
    const [msp, pNorm] = rowsFor(m, evaluateView(m));
    const spread = seeds ? spreadRowsFor(m.role, seeds[m.role], evaluateView) : null;
    const maxTie = (pick: (e: ModelEvaluation) => number): string =>
      seeds ? `max ${tieText(Math.max(...seeds[m.role].map((v) => pick(evaluateView(v)))))}` : '';
    const sm: MetricsRow[] = spread ? [{ ...spread.msp, tie: maxTie((e) => e.msp.largestTie) }] : [];
    const sp: MetricsRow[] = spread ? [{ ...spread.pNorm, tie: maxTie((e) => e.pNorm.largestTie) }] : [];
    out.push(msp, ...sm, pNorm, ...sp);
  }
  return out;
}
