import { useId, useMemo } from 'react';
import { METRIC_COLUMNS, metricsRows } from '../model/metricsRows';
import type { PairView, SweepPoint } from '../model/views';
import { Prose } from '../charts/kit/Prose';
import { pairFacts } from '../chartData/words/pairFacts';
import { metricsWords } from '../chartData/words/metricsWords';

export interface MetricsTableProps {
  pair: PairView;
  /** The table's accessible name (default "Metrics"). */
  label?: string;
  title?: string;
  chartId?: string;
  empty?: string;
  /** Every finished model of the configuration, for the spread over seeds in the note. */
  sweep?: SweepPoint[];
}

/** The metrics table (accessible name "Metrics" by default): CE and LS rows, MSP and normalised. */
export function MetricsTable({
  pair,
  label = 'Metrics',
  title = 'Metrics on the test split',
  chartId = 'metrics',
  empty = 'Train to fill this table: every number is computed from the models’ test logits.',
  sweep,
}: MetricsTableProps) {
  const headingId = useId();
  const rows = useMemo(() => metricsRows(pair), [pair]);
  const note = useMemo(() => metricsWords(pairFacts(pair, { sweep })), [pair, sweep]);
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
      {rows.length && note.length ? (
        <div className="metrics-note small" data-testid={`${chartId}-note`}>
          <Prose name={chartId} paragraphs={note} />
        </div>
      ) : null}
      <p className="muted small">
        Hover a column name for its definition. Scores rank samples; ties keep the split order (stable sort).
        MSP is ranked by log π<sub>max</sub> in float64, so saturated softmax outputs create no ties.
      </p>
    </section>
  );
}
