import { useId, useMemo } from 'react';
import { cachedFor } from '../state/viewCache';
import { evaluateFromScores, evaluateModel, type ModelEvaluation } from '../analysis/metrics';
import { pNormOf, sampleErrors } from '../analysis/sampleScores';
import { longName } from '../charts/common/palette';
import { pct } from '../charts/common/format';
import type { ModelView, PairView } from '../state/views';

/** Column definitions: what a user sees one hover away (SCIENCE.md §3). */
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

interface Row {
  id: string;
  label: string;
  cells: string[];
}

function rowsFor(m: ModelView, ev: ModelEvaluation): Row[] {
  const name = longName(m);
  const pLabel = m.p === null ? 'MSP fallback' : m.pAuto ? `${m.p} (validation)` : `${m.p} (by hand)`;
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
    { id: `${m.role}-msp`, label: `${name} · MSP`, cells: cells(ev.msp, pct2(ev.ece), '—') },
    { id: `${m.role}-pnorm`, label: `${name} · MaxLogit-pNorm`, cells: cells(ev.pNorm, '—', pLabel) },
  ];
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

export interface MetricsTableProps {
  pair: PairView;
  /** The table's accessible name (default "Metrics"). */
  label?: string;
  title?: string;
  chartId?: string;
  empty?: string;
}

/** The metrics table (accessible name "Metrics" by default): CE and LS rows, MSP and normalised. */
export function MetricsTable({
  pair,
  label = 'Metrics',
  title = 'Metrics on the test split',
  chartId = 'metrics',
  empty = 'Train to fill this table: every number is computed from the models’ test logits.',
}: MetricsTableProps) {
  const headingId = useId();
  const rows = useMemo(() => {
    const out: Row[] = [];
    for (const m of [pair.ce, pair.ls]) if (m) out.push(...rowsFor(m, evaluateView(m)));
    return out;
  }, [pair.ce, pair.ls]);
  return (
    <section
      className="panel"
      aria-labelledby={headingId}
      data-chart={chartId}
      data-state={rows.length ? 'ready' : 'empty'}
    >
      <h2 id={headingId}>{title}</h2>
      {rows.length ? (
        <div className="table-scroll">
          <table aria-label={label} className="metrics">
            <thead>
              <tr>
                <th scope="col">model · score</th>
                {METRIC_COLUMNS.map((c) => (
                  <th key={c.id} scope="col" title={c.title} data-col={c.id}>
                    <abbr title={c.title}>{c.label}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-row={r.id}>
                  <th scope="row">{r.label}</th>
                  {r.cells.map((c, i) => (
                    <td key={METRIC_COLUMNS[i].id} data-col={METRIC_COLUMNS[i].id}>
                      {c}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="chart-empty">{empty}</p>
      )}
      <p className="muted small">
        Hover a column name for its definition. Scores rank samples; ties keep the split order (stable sort).
        MSP is ranked by log π<sub>max</sub> in float64, so saturated softmax outputs create no ties.
      </p>
    </section>
  );
}
