/**
 * "Compare confidence scores" (science.md §3): every metric of the eight scores for the CE and the LS
 * model in one table, each row's tick box drawing that score's risk–coverage curves (both models; the
 * model is the colour, the score the dash), and sentences computed from the numbers.
 */
import { useMemo, useState } from 'react';
import { line } from 'd3';
import { ChartFrame } from '../kit/ChartFrame';
import { clipUrl, PlotSvg, useChartFrame } from '../kit/frame';
import type { FrameSpec } from '../kit/layout';
import { AxisBottom, AxisLeft, Legend, type LegendItem } from '../kit/axes';
import { Prose } from '../kit/Prose';
import { COLORS } from '../../chartData/palette';
import {
  SCORE_DEFS,
  scoreCompareSpec,
  scoreCurves,
  scoreDef,
  scoreEntry,
  type ConfidenceScoreId,
  type ModelScoreSet,
  type ScoreCompareData,
} from '../../chartData/confidenceScores';
import { scoreCompareWords } from '../../chartData/words/scoresWords';
import { pct } from '../../model/format';
import type { PairView } from '../../model/views';
import { useScoreCompare } from './useScoreCompare';
import type { Interval, ScoreSetIntervals } from '../../analysis/bootstrap';
import './scores.css';

/** "[4.21, 5.05]" (percent) or, for a difference, "[+0.12, +0.80]". */
function ciText(i: Interval, signed = false): string {
  const f = signed ? signedPct : (x: number) => pct(x, 2);
  return `[${f(i.lo)}, ${f(i.hi)}]`;
}

/** A signed difference in percentage points: "+0.42", "−0.10", "0.00". */
export function signedPct(x: number): string {
  const v = (100 * x).toFixed(2);
  return Number(v) === 0 ? '0.00' : x > 0 ? `+${v}` : v.replace('-', '−');
}

/** The interval under an AURC cell: computed, being computed, or nothing (no interval for this pair). */
function IntervalLine({ iv, state }: { iv: Interval | undefined; state: IntervalState }) {
  if (iv) return <span className="sc-interval">{ciText(iv)}</span>;
  if (state === 'pending')
    return (
      <span className="sc-interval" title="Paired-bootstrap 95% interval, computing in the background">
        […]
      </span>
    );
  return null;
}

const METRIC_COLUMNS = [
  { key: 'aurc', label: 'AURC', title: 'Area under the risk–coverage curve, %; lower is better' },
  { key: 'eAurc', label: 'E-AURC', title: 'AURC minus the oracle AURC (perfect ranking), %' },
  { key: 'augrc', label: 'AUGRC', title: 'Area under the generalised risk–coverage curve (Traub et al.), %' },
  { key: 'riskAt80', label: 'Risk@80%', title: 'Selective risk at 80% coverage, %' },
  { key: 'covAt5', label: 'Cov@5%', title: 'Largest coverage with selective risk ≤ 5%, %' },
  { key: 'auroc', label: 'AUROC', title: 'AUROC of correct against wrong predictions; higher is better' },
] as const;

function metricCell(m: ModelScoreSet, id: ConfidenceScoreId, key: (typeof METRIC_COLUMNS)[number]['key']) {
  const e = scoreEntry(m, id);
  if (!e.metrics) return '—';
  const v = e.metrics[key];
  if (key === 'auroc') return Number.isFinite(v) ? (v as number).toFixed(3) : '—';
  return pct(v as number | null, 2);
}

function ScoreTable({
  data,
  shown,
  onToggle,
  intervals,
  state,
}: {
  data: ScoreCompareData;
  shown: Record<ConfidenceScoreId, boolean>;
  onToggle: (id: ConfidenceScoreId, on: boolean) => void;
  intervals: ScoreSetIntervals | null;
  state: IntervalState;
}) {
  const span = data.models.length;
  const paired = span === 2;
  const [refName, cmpName] = data.models.map((m) => m.name);
  return (
    <div className="table-scroll">
      <table className="metrics score-compare" data-testid="score-compare-table">
        <caption className="sc-caption">
          {`Test split, ${data.models.map((m) => `${m.name}: ${m.n.toLocaleString('en')} samples, error ${pct(m.error, 1)}%`).join('; ')}. Metrics in %, AUROC as a fraction. `}
          <span data-testid="score-intervals-note">{intervalNote(data, intervals, state)}</span>
        </caption>
        <thead>
          <tr>
            <th scope="col" title="Tick a score to draw its risk–coverage curves">
              Score
            </th>
            <th scope="col">Model</th>
            {METRIC_COLUMNS.map((c) => (
              <th key={c.key} scope="col" title={c.title}>
                {c.label}
              </th>
            ))}
            {paired ? (
              <th
                scope="col"
                data-metric="aurcDiff"
                title={`AURC of ${cmpName} minus that of ${refName} with the same score, percentage points, and its paired-bootstrap 95% interval`}
              >
                Δ AURC
              </th>
            ) : null}
          </tr>
        </thead>
        {SCORE_DEFS.map((d) => {
          const available = data.models.some((m) => scoreEntry(m, d.id).metrics);
          return (
            <tbody key={d.id} data-score={d.id}>
              {data.models.map((m, i) => {
                const e = scoreEntry(m, d.id);
                const note = e.note ?? (e.unavailable ? 'needs the logits' : null);
                return (
                  <tr key={m.role} data-model={m.role}>
                    {i === 0 ? (
                      <th scope="rowgroup" rowSpan={span} title={d.formula}>
                        <label>
                          <input
                            type="checkbox"
                            aria-label={`Draw the risk–coverage curves of ${d.label}`}
                            checked={shown[d.id] && available}
                            disabled={!available}
                            onChange={(ev) => onToggle(d.id, ev.target.checked)}
                          />
                          {d.label}
                        </label>
                      </th>
                    ) : null}
                    <th scope="row" className="sc-model">
                      {m.name}
                      {note ? <span className="sc-note">{note}</span> : null}
                    </th>
                    {METRIC_COLUMNS.map((c) => {
                      const has = c.key === 'aurc' && !!e.metrics;
                      return (
                        <td key={c.key} data-model={m.role} data-metric={c.key}>
                          {metricCell(m, d.id, c.key)}
                          {has ? <IntervalLine iv={intervals?.models[i]?.[d.id]} state={state} /> : null}
                        </td>
                      );
                    })}
                    {paired && i === 0 ? (
                      <DiffCell
                        span={span}
                        diff={intervals?.difference[d.id]}
                        state={
                          available && data.models.every((x) => scoreEntry(x, d.id).metrics) ? state : 'none'
                        }
                      />
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}

/** compared − reference for one score, over both model rows: the difference, its interval, "within noise". */
function DiffCell({ span, diff, state }: { span: number; diff: Interval | undefined; state: IntervalState }) {
  return (
    <td rowSpan={span} data-metric="aurcDiff" className="sc-diff">
      {diff ? (
        <>
          {signedPct(diff.value)}
          <span className="sc-interval">{ciText(diff, true)}</span>
          {diff.lo <= 0 && diff.hi >= 0 ? <span className="sc-interval">within noise</span> : null}
        </>
      ) : state === 'pending' ? (
        <span className="sc-interval">[…]</span>
      ) : (
        '—'
      )}
    </td>
  );
}

/** What the intervals under the AURCs are, or why there are none. */
function intervalNote(data: ScoreCompareData, iv: ScoreSetIntervals | null, state: IntervalState): string {
  const [a, b] = data.models;
  const what = b ? `each AURC and of each difference (Δ = ${b.name} − ${a.name})` : 'each AURC';
  if (iv)
    return `Under the AURCs: paired-bootstrap 95% intervals of ${what}, ${iv.resamples.toLocaleString('en')} resamples of the ${iv.n.toLocaleString('en')} test samples (seed ${iv.seed}), tie-aware.`;
  if (state === 'pending') return `Paired-bootstrap 95% intervals of ${what}: computing in the background…`;
  if (state === 'failed') return 'The bootstrap intervals could not be computed.';
  return data.models.length === 2
    ? 'No bootstrap intervals: the two models are not on the same test samples (or one is a live preview).'
    : 'No bootstrap intervals for a live preview.';
}

const frameSpec = (legendRows: number): FrameSpec => ({
  width: 640,
  height: 330 + legendRows * 18,
  margin: { top: 16, right: 16, bottom: 56 + legendRows * 18, left: 58 },
});

/** Where the bootstrap intervals stand: computing, in, not computed for this pair, or failed. */
export type IntervalState = 'pending' | 'ready' | 'none' | 'failed';

/**
 * `intervals`: the paired bootstrap of every score (analysis/bootstrap.ts scoreSetBootstrap, the
 * models in the table's order), computed by the caller (state/intervals/useScoreIntervals);
 * `intervalState` says whether they are still being computed.
 */
export function ScoreCompareChart({
  pair,
  intervals = null,
  intervalState,
}: {
  pair: PairView;
  intervals?: ScoreSetIntervals | null;
  intervalState?: IntervalState;
}) {
  const { data, pending } = useScoreCompare(pair);
  const state: IntervalState = intervals ? 'ready' : (intervalState ?? 'none');
  const [shown, setShown] = useState(() => scoreCompareSpec.initial(pair).shown);
  const options = useMemo(() => ({ shown, maxPoints: 600 }), [shown]);
  const plotted = useMemo(() => (data ? scoreCurves(pair, data, options) : null), [pair, data, options]);
  const nCurves = plotted?.curves.length ?? 0;
  const frame = useChartFrame(frameSpec(Math.max(1, Math.ceil(nCurves / 2))));
  const scales = useMemo(
    () => (plotted ? { x: frame.x([0, 100]), y: frame.y([0, plotted.yMax]) } : null),
    [frame, plotted],
  );
  const words = useMemo(() => (data ? scoreCompareWords(data, intervals) : []), [data, intervals]);
  const legend: LegendItem[] = (plotted?.curves ?? []).map((c) => ({
    label: `${c.name} (${pct(c.aurc, 2)})`,
    color: COLORS[c.role],
    dash: scoreDef(c.score).dash,
  }));
  const explanation = (
    <>
      <p>
        Selective classification only needs a ranking of the samples, and many scores give one. The table
        lists, for each model, every metric of the risk–coverage curve when the samples are ranked by each
        score (higher score = kept first); the tick box draws that score&apos;s curves, the model being the
        colour and the score the dash. Hover a score for its definition:
      </p>
      <ul className="sc-defs">
        {SCORE_DEFS.map((d) => (
          <li key={d.id}>{d.formula}.</li>
        ))}
      </ul>
      <p>
        The two temperatures are fitted on the validation split, never the test split. Dividing all logits by
        one T &gt; 0 keeps the predictions; it changes the MSP ranking only through the softmax&apos;s
        nonlinearity, so T-scaled MSP often ranks almost like MSP.
      </p>
      <Prose name="compare-scores" paragraphs={words} />
    </>
  );
  const controls = data ? (
    <ScoreTable
      data={data}
      shown={shown}
      onToggle={(id, on) => setShown((s) => ({ ...s, [id]: on }))}
      intervals={intervals}
      state={state}
    />
  ) : null;
  return (
    <ChartFrame
      title="Compare confidence scores: eight ways to rank the same predictions"
      name="confidence scores"
      chartId={scoreCompareSpec.id}
      frame={frame}
      exportAlpha={pair.ls?.alpha ?? null}
      exportTable={data ? () => scoreCompareSpec.table(data, options) : undefined}
      explanation={explanation}
      controls={controls}
      empty={
        data && scales
          ? null
          : pending
            ? 'Computing the eight scores…'
            : 'Train a CE/LS pair (or load a model) to compare confidence scores.'
      }
    >
      {plotted && scales ? (
        <PlotSvg
          frame={frame}
          clipArea
          role="img"
          aria-label="Risk–coverage curves of the ticked confidence scores"
        >
          <AxisBottom scale={scales.x} at={frame.y0} grid={frame.innerHeight} label="Coverage (%)" />
          <AxisLeft scale={scales.y} at={frame.x0} grid={frame.innerWidth} label="Selective risk (%)" />
          <g clipPath={clipUrl(frame.clipId)} fill="none">
            {plotted.curves.map((c) => {
              const d =
                line<number>()
                  .x((i) => scales.x(c.curve.coverage[i] * 100))
                  .y((i) => scales.y(c.curve.risk[i] * 100))
                  .digits(2)(Array.from(c.indices)) ?? '';
              return (
                <path
                  key={c.id}
                  d={d}
                  data-series={c.id}
                  stroke={COLORS[c.role]}
                  strokeWidth={2}
                  strokeDasharray={scoreDef(c.score).dash}
                />
              );
            })}
          </g>
          {plotted.curves.length === 0 ? (
            <text x={(frame.x0 + frame.x1) / 2} y={(frame.y0 + frame.y1) / 2} textAnchor="middle">
              Tick a score in the table to draw its curves.
            </text>
          ) : null}
          <Legend items={legend} x={frame.x0} y={frame.y0 + 52} width={frame.innerWidth} />
        </PlotSvg>
      ) : null}
    </ChartFrame>
  );
}
