import { useId, useMemo } from 'react';
import { METRIC_COLUMNS, metricsRows, type MetricsRow } from '../model/metricsRows';
import type { SeedViews } from '../model/metricsSpread';
import type { PairView, SweepPoint } from '../model/views';
import { Prose } from '../charts/kit/Prose';
import { pairFacts } from '../chartData/words/pairFacts';
import { metricsWords } from '../chartData/words/metricsWords';

export interface MetricsTableProps {
  pair: PairView;
  /** Every trained seed of the pair's models: adds a mean ± sd row under each model's rows. */
  seeds?: SeedViews;
  /** The table's accessible name (default "Metrics"). */
  label?: string;
  title?: string;
  chartId?: string;
  empty?: string;
  /** Every finished model of the configuration, for the spread over seeds in the note. */
  sweep?: SweepPoint[];
  /** Rows to show instead of metricsRows(pair, seeds) (the loaded models' own rows). */
  rows?: MetricsRow[];
  /** The pair the note's sentences describe, when not `pair` (default: pair). */
  factsPair?: PairView;
}

/** A column header that breaks, if it must, only before "@" ("%Risk" / "@80%Cov"). */
function HeaderLabel({ label }: { label: string }) {
  const parts = label.split('@');
  return (
    <>
      {parts.map((part, i) => (
        <span key={i} className="nowrap">
          {i > 0 ? '@' : ''}
          {part}
          {i < parts.length - 1 ? <wbr /> : null}
        </span>
      ))}
    </>
  );
}

/** A cell; a spread cell "4.40 ± 0.35" may break before its "±" only. */
function Cell({ text, spread }: { text: string; spread: boolean }) {
  const at = spread ? text.indexOf(' ± ') : -1;
  if (at < 0) return <>{text}</>;
  return (
    <>
      <span className="nowrap">{text.slice(0, at)}</span> <span className="nowrap">{text.slice(at + 1)}</span>
    </>
  );
}

/** A row label; a spread row's "3 seeds: mean ± sd" breaks after the colon only. */
function RowLabel({ label, spread }: { label: string; spread: boolean }) {
  const at = spread ? label.indexOf(': ') : -1;
  if (at < 0) return <>{label}</>;
  return (
    <>
      {label.slice(0, at + 1)} <span className="nowrap">{label.slice(at + 2)}</span>
    </>
  );
}

/** Which seed the model rows are, when spread rows over several seeds are shown. */
function seedNote(rows: MetricsRow[], pair: PairView): string | null {
  if (!rows.some((r) => r.kind === 'spread')) return null;
  const seed = pair.ce?.seed ?? pair.ls?.seed;
  return `Model rows: the seed on screen (seed ${seed}). Rows marked “mean ± sd”: mean ± sample standard deviation (n − 1) over every seed trained for that model, the seed on screen included when it has finished training.`;
}

/** The metrics table (accessible name "Metrics" by default): CE and LS rows, MSP and normalised. */
export function MetricsTable({
  pair,
  seeds,
  label = 'Metrics',
  title = 'Metrics on the test split',
  chartId = 'metrics',
  empty = 'Train to fill this table: every number is computed from the models’ test logits.',
  sweep,
  rows: givenRows,
  factsPair,
}: MetricsTableProps) {
  const headingId = useId();
  const rows = useMemo(() => givenRows ?? metricsRows(pair, seeds), [givenRows, pair, seeds]);
  const note = seedNote(rows, pair);
  const wordsPair = factsPair ?? pair;
  const words = useMemo(() => metricsWords(pairFacts(wordsPair, { sweep })), [wordsPair, sweep]);
  return (
    <section
      className="panel"
      aria-labelledby={headingId}
      data-chart={chartId}
      data-state={rows.length ? 'ready' : 'empty'}
    >
      <h2 id={headingId}>{title}</h2>
      {rows.length ? (
        // Focusable, so that keyboard users can scroll it sideways when it is wider than the page.
        <div className="table-scroll" tabIndex={0} role="region" aria-label={`${label} (scrolls sideways)`}>
          <table aria-label={label} className="metrics">
            <thead>
              <tr>
                <th scope="col">model · score</th>
                {METRIC_COLUMNS.map((c) => (
                  <th key={c.id} scope="col" title={c.title} data-col={c.id}>
                    <abbr title={c.title}>
                      <HeaderLabel label={c.label} />
                    </abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-row={r.id} className={r.kind === 'spread' ? 'spread-row' : undefined}>
                  <th scope="row" title={r.title}>
                    <RowLabel label={r.label} spread={r.kind === 'spread'} />
                  </th>
                  {r.cells.map((c, i) => (
                    <td key={METRIC_COLUMNS[i].id} data-col={METRIC_COLUMNS[i].id}>
                      <Cell text={c} spread={r.kind === 'spread'} />
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
      {rows.length && words.length ? (
        <div className="metrics-note small" data-testid={`${chartId}-note`}>
          <Prose name={chartId} paragraphs={words} />
        </div>
      ) : null}
      {note ? (
        <p className="muted small" data-testid="metrics-seed-note">
          {note}
        </p>
      ) : null}
      <p className="muted small">
        Hover a column name for its definition. Scores rank samples; ties keep the split order (stable sort).
        MSP is ranked by log π<sub>max</sub> in float64, so saturated softmax outputs create no ties.
      </p>
    </section>
  );
}
