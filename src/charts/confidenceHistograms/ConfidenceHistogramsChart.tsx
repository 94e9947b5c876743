import { scaleLinear, type ScaleLinear } from 'd3';
import { useMemo, useState, type ReactElement } from 'react';
import { HISTOGRAM_DEFAULTS } from '../../chartData/specs';
import type { PairView } from '../../model/views';
import { AxisBottom, AxisLeft, Legend, r3 } from '../common/axes';
import { ChartFrame } from '../common/ChartFrame';
import { COLORS } from '../../chartData/palette';
import { shortName } from '../../model/format';
import {
  buildConfidenceHistograms,
  confidenceHistogramsTable,
  logConfidenceTicks,
  pMaxFromLogConfidence,
  type HistPanel,
  type HistRowData,
} from '../../chartData/confidenceHistograms';

const W = 600;
const TOP = 30;
const LEFT = 56;
const GAP = 40;
const RIGHT = 24;
const PANEL_W = (W - LEFT - GAP - RIGHT) / 2;
const TITLE_H = 22;
const PLOT_H = 120;
const AXIS_H = 42;
const ROW_H = TITLE_H + PLOT_H + AXIS_H;

export interface ConfidenceHistogramsChartProps {
  pair: PairView;
  /** Start with π_max on the −log(1 − π_max) scale (default true: it resolves the pile-up at 1). */
  defaultLogScale?: boolean;
  /** Bins per row, shared by CE and LS (default 30). */
  bins?: number;
}

const explanation = (
  <p>
    Each panel sorts one model’s test predictions by confidence score (x axis) into bins, with correct
    predictions in green and mistakes in vermillion; bar height is the percentage of <em>all</em> that model’s
    test predictions, so a panel’s bars add up to 100% (each panel has its own y scale). A score is good for
    rejecting mistakes when the vermillion bars sit to the left of the green ones with little overlap. CE and
    LS in the same row share the same bins: look at how label smoothing squeezes the confidence of its correct
    predictions down onto its mistakes (more overlap), while the normalised score (second row, when shown)
    pulls them apart again. In plain π_max most CE predictions land in the last bin at 1.0, so by default the
    axis is stretched as −log(1 − π_max), labelled in π_max (0.9, 0.99, 0.999 …).
  </p>
);

function rowTitle(row: HistRowData, p: HistPanel): string {
  const who = shortName(p);
  if (row.row === 'msp') return `${who} · MSP (π_max)`;
  return p.fallback ? `${who} · pNorm: MSP fallback` : `${who} · pNorm p=${p.p}`;
}

function Bars({
  panel,
  x,
  y,
  edges,
  toScore,
}: {
  panel: HistPanel;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  edges: Float64Array;
  /** Axis units → the score itself (π_max or the pNorm score), for data-lo/data-hi ("look closer"). */
  toScore: (t: number) => number;
}) {
  const out: ReactElement[] = [];
  for (let b = 0; b < edges.length - 1; b++) {
    const x0 = x(edges[b]);
    const half = (x(edges[b + 1]) - x0) / 2;
    for (const [series, v, dx] of [
      ['correct', panel.correct[b], 0],
      ['incorrect', panel.incorrect[b], half],
    ] as const) {
      if (v <= 0) continue;
      out.push(
        <rect
          key={`${series}${b}`}
          data-series={series}
          data-bin={b}
          data-fraction={v}
          data-lo={toScore(edges[b])}
          data-hi={toScore(edges[b + 1])}
          className="hist-bar"
          x={r3(x0 + dx + 0.25)}
          width={r3(Math.max(0.5, half - 0.5))}
          y={r3(y(v * 100))}
          height={r3(y(0) - y(v * 100))}
          fill={COLORS[series]}
          fillOpacity={0.85}
        >
          <title>{`${series === 'correct' ? 'Correct' : 'Incorrect'}: ${(v * 100).toFixed(2)}% of samples`}</title>
        </rect>,
      );
    }
  }
  return <>{out}</>;
}

function Row({ row, top }: { row: HistRowData; top: number }) {
  const [e0, e1] = [row.edges[0], row.edges[row.edges.length - 1]];
  const ticks = row.logScale ? logConfidenceTicks(e0, e1, 5) : null;
  const xLabel =
    row.row === 'pnorm'
      ? 'MaxLogit-pNorm score'
      : row.logScale
        ? 'π_max (stretched: −log(1 − π_max))'
        : 'π_max';
  return (
    <g data-row={row.row} data-log-scale={row.logScale ? 'true' : 'false'}>
      {row.panels.map((p, j) => {
        const left = LEFT + j * (PANEL_W + GAP);
        const x = scaleLinear()
          .domain([e0, e1])
          .range([left, left + PANEL_W]);
        // Each panel has its own y scale: CE's pile-up would otherwise flatten the LS panel.
        const y = scaleLinear()
          .domain([0, Math.max(p.yMax * 100, 1)])
          .nice()
          .range([top + TITLE_H + PLOT_H, top + TITLE_H]);
        const sum = p.correct.reduce((a, v) => a + v, 0) + p.incorrect.reduce((a, v) => a + v, 0);
        return (
          <g
            key={p.role}
            data-panel={`${p.role}-${row.row}`}
            data-role={p.role}
            data-bins={row.edges.length - 1}
            data-sum={p.fallback ? undefined : sum.toFixed(6)}
            data-fallback={p.fallback ? 'true' : undefined}
          >
            <text className="hist-panel-title" x={left} y={top + 14}>
              {rowTitle(row, p)}
            </text>
            {p.fallback ? null : (
              <AxisLeft
                scale={y}
                at={left}
                grid={PANEL_W}
                ticks={4}
                label={j === 0 ? '% of test samples' : ''}
              />
            )}
            <AxisBottom
              scale={x}
              at={top + TITLE_H + PLOT_H}
              ticks={5}
              label={xLabel}
              tickValues={ticks?.map((t) => t.t)}
              format={ticks ? (v) => ticks.find((t) => t.t === v)?.label ?? '' : undefined}
            />
            {p.fallback ? (
              <text
                x={left + PANEL_W / 2}
                y={top + TITLE_H + PLOT_H / 2 - 8}
                textAnchor="middle"
                className="muted"
              >
                <tspan x={left + PANEL_W / 2}>MSP fallback: no p beat MSP</tspan>
                <tspan x={left + PANEL_W / 2} dy="1.3em">
                  on validation (see the MSP row)
                </tspan>
              </text>
            ) : (
              <Bars
                panel={p}
                x={x}
                y={y}
                edges={row.edges}
                toScore={row.logScale ? pMaxFromLogConfidence : (t) => t}
              />
            )}
          </g>
        );
      })}
    </g>
  );
}

/** Correct vs incorrect confidence, CE vs LS, MSP and normalised score on shared bins. */
export function ConfidenceHistogramsChart({
  pair,
  defaultLogScale = HISTOGRAM_DEFAULTS.logScale,
  bins = HISTOGRAM_DEFAULTS.bins,
}: ConfidenceHistogramsChartProps) {
  const [logScale, setLogScale] = useState(defaultLogScale);
  const [normOverride, setNormOverride] = useState<boolean | null>(null);
  const showNormalised = normOverride ?? pair.normalise;
  const data = useMemo(
    () => buildConfidenceHistograms(pair, { showNormalised, mspScale: logScale ? 'log' : 'linear', bins }),
    [pair, showNormalised, logScale, bins],
  );
  const h = data ? TOP + data.rows.length * ROW_H : 0;
  const controls = data ? (
    <div className="chart-toggles" role="group" aria-label="Histogram options">
      <label>
        <input type="checkbox" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} />
        Log scale confidence
      </label>
      <label>
        <input type="checkbox" checked={showNormalised} onChange={(e) => setNormOverride(e.target.checked)} />
        Show normalised score
      </label>
    </div>
  ) : null;
  return (
    <ChartFrame
      title="Confidence of correct vs incorrect predictions"
      name="confidence histograms"
      chartId="confidence-histograms"
      exportAlpha={pair.ls?.alpha ?? null}
      exportTable={data ? () => confidenceHistogramsTable(data) : undefined}
      explanation={explanation}
      controls={controls}
      empty={
        data ? null : 'Train the CE and LS models to see how confident they are when right and when wrong.'
      }
    >
      {data ? (
        <svg viewBox={`0 0 ${W} ${h}`} className="hist-plot" role="img" aria-label="Confidence histograms">
          <Legend
            items={[
              { label: 'Correct', color: COLORS.correct, kind: 'box' },
              { label: 'Incorrect', color: COLORS.incorrect, kind: 'box' },
            ]}
            x={LEFT}
            y={12}
            width={260}
          />
          {data.rows.map((row, i) => (
            <Row key={row.row} row={row} top={TOP + i * ROW_H} />
          ))}
        </svg>
      ) : null}
    </ChartFrame>
  );
}
