import { useId, useMemo } from 'react';
import { EXTRA_COLUMNS, METRIC_COLUMNS, metricsRows, type MetricsRow } from '../model/metricsRows';
import type { Interval, PairedAurcIntervals } from '../analysis/bootstrap';
import { usePairIntervals } from '../state/intervals/usePairIntervals';
import { pct } from '../model/format';
import './metricsTable.css';
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

/** The intervals table's columns: the AURC, its 95% interval, the largest tie. */
const AURC_COLUMN = METRIC_COLUMNS[1];
const IV_COLUMNS = [AURC_COLUMN, EXTRA_COLUMNS.aurcCi, EXTRA_COLUMNS.tie] as const;

const signedPct = (x: number): string => {
  const v = (100 * x).toFixed(2);
  return x > 0 ? `+${v}` : Number(v) === 0 ? '0.00' : v.replace('-', '−');
};

/** "[4.21, 5.05]" (AURC, percent) or "[+0.12, +0.80]" (a difference). */
function ciCell(i: Interval, signed: boolean): string {
  const f = signed ? signedPct : (x: number) => pct(x, 2);
  return `[${f(i.lo)}, ${f(i.hi)}]`;
}

/** A model row's interval cell: computed, being computed, or not available (one model, a preview). */
function intervalFor(r: MetricsRow, iv: PairedAurcIntervals | null, paired: boolean): string {
  if (r.kind === 'spread' || !r.role || !r.score) return '';
  if (!iv) return paired ? '…' : '—';
  const side = r.role === 'ce' ? iv.reference : iv.compared;
  return ciCell(side[r.score], false);
}

/** Rows "LS − CE" (paired Δ AURC and its interval), MSP and normalised, once the bootstrap is in. */
function diffRows(
  iv: PairedAurcIntervals | null,
): { id: string; label: string; d: Interval; noise: boolean }[] {
  if (!iv) return [];
  return (['msp', 'pNorm'] as const).map((s) => {
    const d = iv.difference[s];
    return {
      id: `diff-${s === 'msp' ? 'msp' : 'pnorm'}`,
      label: `Δ LS − CE · ${s === 'msp' ? 'MSP' : 'pNorm'}`,
      d,
      noise: d.lo <= 0 && d.hi >= 0,
    };
  });
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
  // A loaded model whose p was chosen on a held-out half: its half rows (and the sentences, which
  // compare MSP with pNorm like for like) are on the evaluation half, `factsPair`.
  const wordsPair = factsPair ?? pair;
  const intervals = usePairIntervals(pair);
  const halfIntervals = usePairIntervals(wordsPair);
  const paired = !!(pair.ce && pair.ls && !pair.ce.preview && !pair.ls.preview);
  const words = useMemo(
    () => metricsWords(pairFacts(wordsPair, { sweep, intervals: halfIntervals })),
    [wordsPair, sweep, halfIntervals],
  );
  const diffs = diffRows(halfIntervals);
  const modelRows = rows.filter((r) => r.kind !== 'spread');
  const cellOf = (r: MetricsRow, id: string): string => {
    if (id === 'aurcCi') return intervalFor(r, r.half ? halfIntervals : intervals, paired);
    if (id === 'tie') return r.tie ?? '';
    const i = METRIC_COLUMNS.findIndex((c) => c.id === id);
    return r.cells[i] ?? '';
  };
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
                  {METRIC_COLUMNS.map((c) => (
                    <td key={c.id} data-col={c.id}>
                      <Cell text={cellOf(r, c.id)} spread={r.kind === 'spread'} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <table aria-label={`${label}: intervals and ties`} className="metrics metrics-intervals">
            <caption className="small">
              Uncertainty and ties: paired-bootstrap 95% intervals of the AURC (
              {intervals
                ? `${intervals.resamples.toLocaleString('en-US')} resamples of the ${intervals.n.toLocaleString('en-US')} test samples`
                : paired
                  ? 'computing in the background…'
                  : 'needs both models on the same test samples'}
              ) and the largest block of tied scores.
            </caption>
            <thead>
              <tr>
                <th scope="col">model · score</th>
                {IV_COLUMNS.map((c) => (
                  <th key={c.id} scope="col" title={c.title} data-col={c.id}>
                    <abbr title={c.title}>{c.label}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {modelRows.map((r) => (
                <tr key={r.id} data-iv-row={r.id}>
                  <th scope="row">{r.label}</th>
                  {IV_COLUMNS.map((c) => (
                    <td key={c.id} data-col={c.id}>
                      {cellOf(r, c.id)}
                    </td>
                  ))}
                </tr>
              ))}
              {diffs.map((r) => (
                <tr
                  key={r.id}
                  data-iv-row={r.id}
                  className="diff-row"
                  title="LS model’s AURC minus CE model’s, on the same bootstrap resamples of the test samples"
                >
                  <th scope="row">{r.label}</th>
                  <td data-col="aurc">{signedPct(r.d.value)}</td>
                  <td data-col="aurcCi">
                    {ciCell(r.d, true)}
                    {r.noise ? ' within noise' : ''}
                  </td>
                  <td data-col="tie"></td>
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
        Hover a column name for its definition. Scores rank samples; scores equal to 12 significant digits are
        tied, and every metric averages over the orders within a tied block. MSP is ranked by log π
        <sub>max</sub> in float64, so saturated softmax outputs create no ties. Intervals: paired bootstrap
        over the test samples, computed in the background.
      </p>
    </section>
  );
}
