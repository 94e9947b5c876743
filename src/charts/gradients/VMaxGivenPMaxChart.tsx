import { useMemo } from 'react';
import { AxisBottom, AxisLeft, Legend, type LegendItem } from '../kit/axes';
import { ChartFrame } from '../kit/ChartFrame';
import { PlotSvg, useChartFrame } from '../kit/frame';
import { r3, splitRange, xScaleOf, type FrameSpec, type XYScales } from '../kit/layout';
import { COLORS } from '../../chartData/palette';
import { longName } from '../../model/format';
import type { PairView } from '../../model/views';
import {
  MIN_BAND_COUNT,
  vMaxSpec,
  type Split,
  type VMaxPanel,
  type VMaxSeries,
} from '../../chartData/gradients';
import { bandPath, linePath, paddedYScale } from './paths';
import { vMaxNotes } from '../../chartData/theoryNotes';
import '../gradients.css';

export interface VMaxGivenPMaxChartProps {
  pair: PairView;
  /** Split to read (default: test, as the official code's plot). */
  split?: Split;
}

/** Two panels side by side, GAP apart, sharing their axes; the legend below. */
const FRAME: FrameSpec = { width: 720, height: 360, margin: { top: 34, right: 12, bottom: 76, left: 56 } };
const GAP = 28;

interface PanelProps extends XYScales {
  panel: VMaxPanel;
}

function Series({
  s,
  group,
  x,
  y,
}: XYScales & {
  s: VMaxSeries;
  group: 'correct' | 'incorrect';
}) {
  const color = group === 'correct' ? COLORS.correct : COLORS.incorrect;
  const lo = s.mean.map((m, j) => m - s.std[j]);
  const hi = s.mean.map((m, j) => m + s.std[j]);
  return (
    <>
      <path
        data-series={`vmax-band-${group}`}
        d={bandPath(s.centres, lo, hi, x, y, s.hasBand)}
        fill={color}
        fillOpacity={0.18}
        stroke="none"
      />
      <path
        data-series={`vmax-mean-${group}`}
        d={linePath(s.centres, s.mean, x, y, s.hasMean)}
        fill="none"
        stroke={color}
        strokeWidth={2.5}
        strokeDasharray={group === 'correct' ? undefined : '6 3'}
      />
    </>
  );
}

function Panel({ panel: { role, model, data }, x, y }: PanelProps) {
  const [x0, x1] = x.range();
  const [y0, y1] = y.range();
  return (
    <g className="vmax-panel">
      <text className="panel-title" x={r3(x0)} y={y1 - 12} fill={role === 'ce' ? COLORS.ce : COLORS.ls}>
        {model ? longName(model) : role === 'ce' ? 'CE' : 'LS'}
        {data ? <tspan className="panel-sub">{`  ${data.nCorrect} ✓ · ${data.nIncorrect} ✗`}</tspan> : null}
      </text>
      <AxisBottom scale={x} at={y0} grid={y0 - y1} label="max softmax probability π_max" ticks={5} />
      <AxisLeft scale={y} at={x0} grid={x1 - x0} label={role === 'ce' ? 'max logit v_max' : ''} />
      {data ? (
        <>
          <Series s={data.correct} group="correct" x={x} y={y} />
          <Series s={data.incorrect} group="incorrect" x={x} y={y} />
        </>
      ) : (
        <text className="grad-note" x={r3((x0 + x1) / 2)} y={r3((y0 + y1) / 2)} textAnchor="middle">
          {`No ${role === 'ce' ? 'CE' : 'LS'} model yet`}
        </text>
      )}
    </g>
  );
}

export function VMaxGivenPMaxChart({ pair, split }: VMaxGivenPMaxChartProps) {
  const options = useMemo(() => ({ split: split ?? vMaxSpec.initial(pair).split }), [pair, split]);
  const data = useMemo(() => vMaxSpec.build(pair, options), [pair, options]);
  const frame = useChartFrame(FRAME);

  const scales = useMemo(() => {
    if (!data) return null;
    const exts = [data.ce.data?.extent, data.ls.data?.extent].filter((e): e is [number, number] => !!e);
    const ext: [number, number] = [Math.min(...exts.map((e) => e[0])), Math.max(...exts.map((e) => e[1]))];
    // π_max ≥ 1/K always: start the shared x axis at the tenth below 1/K.
    const xMin = Math.floor((1 / data.k) * 10) / 10;
    const columns = splitRange(frame.x0, frame.x1, [1, 1], GAP);
    const xs = columns.map(([x0, x1]) => xScaleOf({ x0, x1 }, [xMin, 1]));
    const y = paddedYScale(ext, [frame.y0, frame.y1]);
    return { xs, y };
  }, [data, frame]);

  const legend: LegendItem[] = [
    { label: 'correct ✓: mean v_max', color: COLORS.correct },
    { label: 'incorrect ✗: mean v_max', color: COLORS.incorrect, dash: '6 3' },
    { label: `± 1 std (windows with ≥ ${MIN_BAND_COUNT} samples)`, color: COLORS.oracle, kind: 'box' },
  ];
  const splitName = options.split === 'val' ? 'validation' : 'test';
  const notes = data ? vMaxNotes(data) : null;
  const explanation = (
    <>
      <p>
        Each panel shows one model&apos;s {splitName} samples: x is the confidence π_max (the largest softmax
        probability), y the largest raw logit v_max. The lines follow the mean v_max in a sliding π_max window
        (width 0.05, step 0.005) for correct ✓ (green) and wrong ✗ (vermillion, dashed) predictions; the band
        is ± one standard deviation, drawn only where a window holds at least {MIN_BAND_COUNT} samples. The
        panels share their axes.
      </p>
      {notes ? (
        <p data-testid="vmax-notes">
          {notes.level} {notes.ce} {notes.ls} {notes.meaning}
        </p>
      ) : null}
    </>
  );

  return (
    <ChartFrame
      title="Max logit v_max given confidence π_max, CE vs LS"
      name="max logit given confidence"
      chartId={vMaxSpec.id}
      frame={frame}
      exportAlpha={pair.ls?.alpha ?? null}
      exportTable={data ? () => vMaxSpec.table(data, options) : undefined}
      explanation={explanation}
      empty={data ? null : 'Train a CE/LS pair to see v_max against π_max.'}
    >
      {data && scales ? (
        <PlotSvg
          frame={frame}
          role="img"
          aria-label="Max logit against max softmax probability, CE and LS panels"
        >
          <Panel panel={data.ce} x={scales.xs[0]} y={scales.y} />
          <Panel panel={data.ls} x={scales.xs[1]} y={scales.y} />
          <Legend items={legend} x={frame.x0} y={frame.height - 26} width={frame.innerWidth} />
        </PlotSvg>
      ) : null}
    </ChartFrame>
  );
}
