import { useMemo } from 'react';
import { AxisBottom, AxisLeft, Legend, type LegendItem } from '../kit/axes';
import { ChartFrame } from '../kit/ChartFrame';
import { PlotSvg, useChartFrame } from '../kit/frame';
import { r3, type FrameSpec } from '../kit/layout';
import { COLORS } from '../../chartData/palette';
import { formatAlpha } from '../../model/format';
import type { PairView } from '../../model/views';
import { finiteExtent, lsTermSpec } from '../../chartData/gradients';
import { linePath, paddedYScale } from './paths';
import { lsTermGap, lsTermGapText } from '../../chartData/theoryNotes';
import '../gradients.css';

export interface LsTermOverTrainingChartProps {
  pair: PairView;
}

/** The right margin holds the end-of-line values, the bottom one the legend. */
const FRAME: FrameSpec = { width: 560, height: 340, margin: { top: 16, right: 92, bottom: 80, left: 60 } };

const SERIES = [
  { key: 'correct', label: 'currently correct ✓', color: COLORS.correct, dash: undefined },
  { key: 'incorrect', label: 'currently wrong ✗', color: COLORS.incorrect, dash: '6 3' },
  { key: 'overall', label: 'all samples (mean)', color: COLORS.ls, dash: '2 3' },
] as const;

export function LsTermOverTrainingChart({ pair }: LsTermOverTrainingChartProps) {
  const ls = pair.ls;
  const data = useMemo(() => lsTermSpec.build(pair, lsTermSpec.initial(pair)), [pair]);
  const hist = data?.history ?? null;
  const frame = useChartFrame(FRAME);

  const chart = useMemo(() => {
    if (!data) return null;
    const h = data.history;
    const ext = finiteExtent(h.correct, h.incorrect, h.overall, [0]);
    if (!ext) return null;
    const lastStep = h.step[h.step.length - 1];
    const x = frame.x([0, Math.max(1, data.totalSteps, lastStep)]);
    const y = paddedYScale(ext, [frame.y0, frame.y1]);
    // End-of-line value labels, nudged apart so that close values stay readable.
    const i = h.step.length - 1;
    const labelY = dodge(
      SERIES.map((s) => y(h[s.key][i])),
      13,
    );
    return { x, y, labelY };
  }, [data, frame]);

  const empty = !ls
    ? 'Train a label-smoothing model to see its LS term over training.'
    : !chart
      ? 'Waiting for the first checkpoint…'
      : null;
  const k = ls?.numClasses ?? 2;
  const alpha = ls?.alpha ?? 0;
  const legend: LegendItem[] = SERIES.map((s) => ({ label: s.label, color: s.color, dash: s.dash }));
  const last = hist ? hist.step.length - 1 : -1;

  const gap = hist ? lsTermGap(hist) : null;
  const explanation = (
    <>
      <p>
        The x axis is the training step of the LS model (α = {formatAlpha(alpha)}). At each checkpoint its
        validation samples are binned by confidence π_max, each bin&apos;s error rate stands in for P
        <sub>e</sub>, and the formula α((K−1)/K − P<sub>e</sub>) is averaged over the samples currently right
        (green) and wrong (vermillion); the dotted line is the mean over all. Positive means v<sub>max</sub>{' '}
        is pushed down; it can be at most α(K−1)/K = {r3((alpha * (k - 1)) / k)}.
      </p>
      <p>
        This is the formula applied to bins, an illustration rather than a measurement: right predictions sit
        mostly in confident bins with low error rates, so their average comes out larger whenever confidence
        tracks correctness at all — the gap between the two lines is built into the estimate.{' '}
        <span data-testid="ls-term-gap">{lsTermGapText(gap)}</span>
      </p>
    </>
  );

  return (
    <ChartFrame
      title="The LS-term formula on validation bins over training: an illustration, not a measurement"
      name="LS term over training"
      chartId={lsTermSpec.id}
      frame={frame}
      exportAlpha={ls?.alpha ?? null}
      exportTable={data ? () => lsTermSpec.table(data, null) : undefined}
      explanation={explanation}
      empty={empty}
    >
      {hist && chart ? (
        <PlotSvg frame={frame} role="img" aria-label="LS term on the max logit over training steps">
          <AxisBottom scale={chart.x} at={frame.y0} grid={frame.y0 - frame.y1} label="training step" />
          <AxisLeft
            scale={chart.y}
            at={frame.x0}
            grid={frame.x1 - frame.x0}
            label="mean LS term (bin estimate)"
          />
          <line className="grad-zero" x1={frame.x0} x2={frame.x1} y1={r3(chart.y(0))} y2={r3(chart.y(0))} />
          {SERIES.map((s, si) => {
            const ys = hist[s.key];
            const v = ys[last];
            return (
              <g key={s.key}>
                <path
                  data-series={`ls-term-${s.key}`}
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
                      x={frame.x1 + 8}
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
          <Legend items={legend} x={frame.x0} y={frame.height - 30} width={frame.x1 - frame.x0} />
        </PlotSvg>
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
