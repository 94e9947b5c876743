import { useMemo } from 'react';
import { scaleLinear } from 'd3';
import { AxisBottom, AxisLeft, Legend, r3, type LegendItem, type Margin } from '../common/axes';
import { ChartFrame } from '../common/ChartFrame';
import { COLORS } from '../../chartData/palette';
import { formatAlpha } from '../../model/format';
import type { PairView } from '../../model/views';
import { finiteExtent, lsTermHistory, lsTermHistoryTable } from '../../chartData/gradients';
import { countDrawn, linePath, paddedYScale, plotArea } from './paths';
import '../gradients.css';

export interface LsTermOverTrainingChartProps {
  pair: PairView;
}

const W = 560;
const H = 340;
const M: Margin = { top: 16, right: 92, bottom: 80, left: 60 };

const SERIES = [
  { key: 'correct', label: 'currently correct ✓', color: COLORS.correct, dash: undefined },
  { key: 'incorrect', label: 'currently wrong ✗', color: COLORS.incorrect, dash: '6 3' },
  { key: 'overall', label: 'all samples (mean)', color: COLORS.ls, dash: '2 3' },
] as const;

export function LsTermOverTrainingChart({ pair }: LsTermOverTrainingChartProps) {
  const ls = pair.ls;
  const hist = useMemo(() => (ls && ls.history.length > 0 ? lsTermHistory(ls.history) : null), [ls]);

  const chart = useMemo(() => {
    if (!hist || !ls) return null;
    const ext = finiteExtent(hist.correct, hist.incorrect, hist.overall, [0]);
    if (!ext) return null;
    const a = plotArea(W, H, M);
    const lastStep = hist.step[hist.step.length - 1];
    const x = scaleLinear()
      .domain([0, Math.max(1, ls.totalSteps, lastStep)])
      .range([a.x0, a.x1]);
    const y = paddedYScale(ext, [a.y0, a.y1]);
    // End-of-line value labels, nudged apart so that close values stay readable.
    const i = hist.step.length - 1;
    const labelY = dodge(
      SERIES.map((s) => y(hist[s.key][i])),
      13,
    );
    return { a, x, y, labelY };
  }, [hist, ls]);

  const empty = !ls
    ? 'Train a label-smoothing model to see its LS term over training.'
    : !chart
      ? 'Waiting for the first checkpoint…'
      : null;
  const k = ls?.numClasses ?? 2;
  const alpha = ls?.alpha ?? 0;
  const legend: LegendItem[] = SERIES.map((s) => ({ label: s.label, color: s.color, dash: s.dash }));
  const last = hist ? hist.step.length - 1 : -1;

  const explanation = (
    <p>
      The x axis is the training step of the LS model (α = {formatAlpha(alpha)}). The y axis is the expected
      extra push label smoothing gives the largest logit, α((K−1)/K − P<sub>e</sub>), where P<sub>e</sub> is
      estimated by the error rate of the sample&apos;s confidence bin; averaged over the validation samples
      that are currently right (green) and wrong (vermillion). Positive means v<sub>max</sub> is pushed down.
      It can be at most α(K−1)/K = {r3((alpha * (k - 1)) / k)}. Watch the gap: as training goes on, the right
      (and confident) predictions get a larger push down than the wrong ones — exactly the ranking damage of
      chart 1. The dotted line is the mean over all samples.
    </p>
  );

  return (
    <ChartFrame
      title="LS term on the max logit over training: correct vs wrong"
      name="LS term over training"
      chartId="ls-term-training"
      exportAlpha={ls?.alpha ?? null}
      exportTable={hist ? () => lsTermHistoryTable(hist, alpha) : undefined}
      explanation={explanation}
      empty={empty}
    >
      {hist && chart ? (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="LS term on the max logit over training steps">
          <AxisBottom scale={chart.x} at={chart.a.y0} grid={chart.a.y0 - chart.a.y1} label="training step" />
          <AxisLeft
            scale={chart.y}
            at={chart.a.x0}
            grid={chart.a.x1 - chart.a.x0}
            label="mean expected LS term"
          />
          <line
            className="grad-zero"
            x1={chart.a.x0}
            x2={chart.a.x1}
            y1={r3(chart.y(0))}
            y2={r3(chart.y(0))}
          />
          {SERIES.map((s, si) => {
            const ys = hist[s.key];
            const v = ys[last];
            return (
              <g key={s.key}>
                <path
                  data-series={`ls-term-${s.key}`}
                  data-model="ls"
                  data-points={countDrawn(ys)}
                  data-last={Number.isFinite(v) ? r3(v) : undefined}
                  d={linePath(hist.step, ys, chart.x, chart.y)}
                  fill="none"
                  stroke={s.color}
                  strokeWidth={s.key === 'overall' ? 2 : 2.5}
                  strokeDasharray={s.dash}
                />
                {Number.isFinite(v) ? (
                  <>
                    <circle cx={r3(chart.x(hist.step[last]))} cy={r3(chart.y(v))} r={3.5} fill={s.color} />
                    <text
                      className="grad-note"
                      x={chart.a.x1 + 8}
                      y={r3(chart.labelY[si])}
                      dy="0.32em"
                      fill={s.color}
                    >
                      {r3(v)}
                    </text>
                  </>
                ) : null}
              </g>
            );
          })}
          <Legend items={legend} x={chart.a.x0} y={H - 30} width={chart.a.x1 - chart.a.x0} />
        </svg>
      ) : null}
    </ChartFrame>
  );
}

/** Spreads label positions so that neighbours are at least `gap` apart (NaN stays NaN). */
function dodge(ys: number[], gap: number): number[] {
  const order = ys
    .map((_, i) => i)
    .filter((i) => Number.isFinite(ys[i]))
    .sort((a, b) => ys[a] - ys[b]);
  const out = ys.slice();
  for (let t = 1; t < order.length; t++) {
    const prev = out[order[t - 1]];
    if (out[order[t]] - prev < gap) out[order[t]] = prev + gap;
  }
  return out;
}
