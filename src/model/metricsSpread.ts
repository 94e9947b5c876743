/**
 * The metrics table's spread over seeds: for a model of the pair (CE, or LS at the chosen α) trained
 * with several seeds, a row of mean ± sample standard deviation (n − 1) of each column over those
 * seeds, under the row of the seed on screen. Pure; the evaluation is passed in (metricsRows.ts).
 */
import { seedStats } from '../analysis/seedStats';
import type { ModelEvaluation } from '../analysis/metrics';
import { pct } from './format';
import type { ModelRole, ModelView } from './views';

/** Every seed trained to the end of the pair's two models (same configuration), by role. */
export interface SeedViews {
  ce: ModelView[];
  ls: ModelView[];
}

export interface SpreadRow {
  id: string;
  label: string;
  cells: string[];
  kind: 'spread';
  title: string;
}

/**
 * "4.40 ± 0.35": percent, two decimals, over the defined values; "(2 of 3)" is added when some
 * seeds have no value (Cov@5%Risk when no coverage reaches 5% risk); "—" when none has one.
 */
export function meanSdCell(values: readonly (number | null)[]): string {
  const ok = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!ok.length) return '—';
  const st = seedStats(ok);
  const text = st.sd === null ? pct(st.mean, 2) : `${pct(st.mean, 2)} ± ${pct(st.sd, 2)}`;
  return ok.length < values.length ? `${text} (${ok.length} of ${values.length})` : text;
}

/** The seeds, as "0, 1, 2". */
const seedList = (views: readonly ModelView[]): string => views.map((v) => v.seed).join(', ');

/**
 * The MSP and MaxLogit-pNorm spread rows of one model over its seeds, null with fewer than two.
 * Row ids are the model rows' ids + "-seeds" ("ls-msp-seeds").
 */
export function spreadRowsFor(
  role: ModelRole,
  views: readonly ModelView[],
  evaluate: (m: ModelView) => ModelEvaluation,
): { msp: SpreadRow; pNorm: SpreadRow } | null {
  if (views.length < 2) return null;
  const sorted = [...views].sort((a, b) => a.seed - b.seed);
  const evs = sorted.map(evaluate);
  const n = sorted.length;
  const label = `${n} seeds: mean ± sd`;
  const title = `Mean ± sample standard deviation (n − 1) of each column over the ${n} seeds trained for this model (seeds ${seedList(sorted)}); the p column lists each seed’s p.`;
  const cells = (pick: (e: ModelEvaluation) => ModelEvaluation['msp'], ece: string, p: string): string[] => [
    meanSdCell(evs.map((e) => e.error)),
    meanSdCell(evs.map((e) => pick(e).aurc)),
    meanSdCell(evs.map((e) => pick(e).eAurc)),
    meanSdCell(evs.map((e) => pick(e).augrc)),
    meanSdCell(evs.map((e) => pick(e).riskAt80)),
    meanSdCell(evs.map((e) => pick(e).covAt5)),
    meanSdCell(evs.map((e) => pick(e).auroc)),
    ece,
    p,
  ];
  const ps = sorted.map((v) => (v.p === null ? 'MSP' : String(v.p))).join(', ');
  return {
    msp: {
      id: `${role}-msp-seeds`,
      label,
      title,
      kind: 'spread',
      cells: cells((e) => e.msp, meanSdCell(evs.map((e) => e.ece)), '—'),
    },
    pNorm: { id: `${role}-pnorm-seeds`, label, title, kind: 'spread', cells: cells((e) => e.pNorm, '—', ps) },
  };
}
