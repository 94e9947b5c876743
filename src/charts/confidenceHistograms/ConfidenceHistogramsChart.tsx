import { useMemo, useState, type ReactElement } from 'react';
import type { PairView } from '../../model/views';
import type { BinSelection } from '../../model/selection';
import { AxisBottom, AxisLeft, Legend } from '../kit/axes';
import { ChartFrame } from '../kit/ChartFrame';
import { PlotSvg, useChartFrame, type ChartFrameHandle } from '../kit/frame';
import { r3, splitRange, xScaleOf, yScaleOf, type FrameSpec, type XYScales } from '../kit/layout';
import { COLORS } from '../../chartData/palette';
import { shortName } from '../../model/format';
import {
  confidenceHistogramsSpec,
  logConfidenceTicks,
  pMaxFromLogConfidence,
  STRETCHED_LABEL,
  type HistChartOptions,
  type HistPanel,
  type HistRowData,
} from '../../chartData/confidenceHistograms';
import { Prose } from '../kit/Prose';
import { pairFacts } from '../../chartData/words/pairFacts';
import { histogramWords } from '../../chartData/words/histogramWords';

/** Legend band on top; then per row a panel title, the plot and the x axis. */
const TOP = 30;
const GAP = 40;
const TITLE_H = 22;
const PLOT_H = 120;
const AXIS_H = 42;
const ROW_H = TITLE_H + PLOT_H + AXIS_H;
/** One frame per row count (1: MSP only, 2: with the normalised row). */
const FRAMES: FrameSpec[] = [1, 2].map((rows) => ({
  width: 600,
  height: TOP + rows * ROW_H,
  margin: { top: TOP, right: 24, bottom: 0, left: 56 },
}));

export interface ConfidenceHistogramsChartProps {
  pair: PairView;
  /** Start with π_max on the stretched −log(1 − π_max) axis (default: the spec's, a linear π_max axis). */
  defaultLogScale?: boolean;
  /** Bins per row, shared by CE and LS (default 30). */
  bins?: number;
  /** A click on a bar: that model's samples of that correctness within the bar's score range. */
  onSelect?: (selection: BinSelection) => void;
}

/** The explanation: how to read the panels, then how much right and wrong overlap for this pair. */
function Explanation({ pair }: { pair: PairView }) {
  const words = useMemo(() => histogramWords(pairFacts(pair)), [pair]);
  return <Prose name="confidence-histograms" paragraphs={words} />;
}

function rowTitle(row: HistRowData, p: HistPanel): string {
  const who = shortName(p);
  if (row.row === 'msp') return `${who} · MSP (π_max)`;
  return p.fallback ? `${who} · pNorm: MSP fallback` : `${who} · pNorm p=${p.p}`;
}

function Bars({
  row,
  panel,
  x,
  y,
  onSelect,
}: XYScales & {
  row: HistRowData;
  panel: HistPanel;
  onSelect?: (selection: BinSelection) => void;
}) {
  const { edges } = row;
  // Axis units → the score itself (π_max or the pNorm score): what a selection's range is in.
  const toScore = row.logScale ? pMaxFromLogConfidence : (t: number) => t;
  const out: ReactElement[] = [];
  for (let b = 0; b < edges.length - 1; b++) {
    const x0 = x(edges[b]);
    const half = (x(edges[b + 1]) - x0) / 2;
    const lo = toScore(edges[b]);
    const hi = toScore(edges[b + 1]);
    for (const [series, v, dx] of [
      ['correct', panel.correct[b], 0],
      ['incorrect', panel.incorrect[b], half],
    ] as const) {
      if (v <= 0) continue;
      out.push(
        <rect
          key={`${series}${b}`}
          data-series={series}
          data-lo={lo}
          data-hi={hi}
          className="hist-bar"
          x={r3(x0 + dx + 0.25)}
          width={r3(Math.max(0.5, half - 0.5))}
          y={r3(y(v * 100))}
          height={r3(y(0) - y(v * 100))}
          fill={COLORS[series]}
          fillOpacity={0.85}
          onClick={
            onSelect
              ? () => onSelect({ kind: 'bin', role: panel.role, row: row.row, series, lo, hi })
              : undefined
          }
        >
          <title>{`${series === 'correct' ? 'Correct' : 'Incorrect'}: ${(v * 100).toFixed(2)}% of samples`}</title>
        </rect>,
      );
    }
  }
  return <>{out}</>;
}

function Row({
  row,
  frame,
  top,
  bottom,
  onSelect,
}: {
  row: HistRowData;
  frame: ChartFrameHandle;
  top: number;
  bottom: number;
  onSelect?: (selection: BinSelection) => void;
}) {
  const [e0, e1] = [row.edges[0], row.edges[row.edges.length - 1]];
  const ticks = row.logScale ? logConfidenceTicks(e0, e1, 5) : null;
  const xLabel = row.row === 'pnorm' ? 'MaxLogit-pNorm score' : row.logScale ? STRETCHED_LABEL : 'π_max';
  const columns = splitRange(frame.x0, frame.x1, [1, 1], GAP);
  const plot = { y1: top + TITLE_H, y0: bottom - AXIS_H };
  return (
    <g>
      {row.panels.map((p, j) => {
        const [left, right] = columns[j];
        const panelW = right - left;
        const x = xScaleOf({ x0: left, x1: right }, [e0, e1]);
        // Each panel has its own y scale: CE's pile-up would otherwise flatten the LS panel.
        const y = yScaleOf(plot, [0, Math.max(p.yMax * 100, 1)]);
        const mid = (plot.y0 + plot.y1) / 2;
        return (
          <g key={p.role} data-panel={`${p.role}-${row.row}`}>
            <text className="hist-panel-title" x={r3(left)} y={top + 14}>
              {rowTitle(row, p)}
            </text>
            {p.fallback ? null : (
              <AxisLeft
                scale={y}
                at={left}
                grid={panelW}
                ticks={4}
                label={j === 0 ? '% of test samples' : ''}
              />
            )}
            <AxisBottom
              scale={x}
              at={plot.y0}
              ticks={5}
              label={xLabel}
              tickValues={ticks?.map((t) => t.t)}
              format={ticks ? (v) => ticks.find((t) => t.t === v)?.label ?? '' : undefined}
            />
            {p.fallback ? (
              <text x={r3(left + panelW / 2)} y={r3(mid - 8)} textAnchor="middle" className="muted">
                <tspan x={r3(left + panelW / 2)}>MSP fallback: no p beat MSP</tspan>
                <tspan x={r3(left + panelW / 2)} dy="1.3em">
                  on validation (see the MSP row)
                </tspan>
              </text>
            ) : (
              <Bars row={row} panel={p} x={x} y={y} onSelect={onSelect} />
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
  defaultLogScale,
  bins,
  onSelect,
}: ConfidenceHistogramsChartProps) {
  const initial = confidenceHistogramsSpec.initial(pair);
  const [logScale, setLogScale] = useState(defaultLogScale ?? initial.logScale);
  const [normOverride, setNormOverride] = useState<boolean | null>(null);
  const showNormalised = normOverride ?? initial.showNormalised;
  const nBins = bins ?? initial.bins;
  const options: HistChartOptions = useMemo(
    () => ({ logScale, bins: nBins, showNormalised }),
    [logScale, nBins, showNormalised],
  );
  const data = useMemo(() => confidenceHistogramsSpec.build(pair, options), [pair, options]);
  const nRows = data?.rows.length ?? 1;
  const frame = useChartFrame(FRAMES[Math.min(nRows, 2) - 1]);
  const rows = splitRange(frame.y1, frame.height, Array<number>(nRows).fill(1), 0);
  const controls = data ? (
    <div className="chart-toggles" role="group" aria-label="Histogram options">
      <label>
        <input type="checkbox" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} />
        Stretch π_max near 1 (−log(1 − π_max) axis)
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
      chartId={confidenceHistogramsSpec.id}
      frame={frame}
      exportAlpha={pair.ls?.alpha ?? null}
      exportTable={data ? () => confidenceHistogramsSpec.table(data, options) : undefined}
      explanation={<Explanation pair={pair} />}
      controls={controls}
      empty={
        data ? null : 'Train the CE and LS models to see how confident they are when right and when wrong.'
      }
    >
      {data ? (
        <PlotSvg frame={frame} className="hist-plot" role="img" aria-label="Confidence histograms">
          <Legend
            items={[
              { label: 'Correct', color: COLORS.correct, kind: 'box' },
              { label: 'Incorrect', color: COLORS.incorrect, kind: 'box' },
            ]}
            x={frame.x0}
            y={12}
            width={260}
          />
          {data.rows.map((row, i) => (
            <Row
              key={row.row}
              row={row}
              frame={frame}
              top={rows[i][0]}
              bottom={rows[i][1]}
              onSelect={onSelect}
            />
          ))}
        </PlotSvg>
      ) : null}
    </ChartFrame>
  );
}
