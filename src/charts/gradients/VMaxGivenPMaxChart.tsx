import { useMemo } from 'react';
import { scaleLinear, type ScaleLinear } from 'd3';
import { AxisBottom, AxisLeft, Legend, r3, type LegendItem } from '../common/axes';
import { ChartFrame } from '../common/ChartFrame';
import { COLORS } from '../../chartData/palette';
import { longName } from '../../model/format';
import type { ModelRole } from '../../model/views';
import type { ModelView, PairView } from '../../model/views';
import {
  MIN_BAND_COUNT,
  vMaxPanelData,
  vMaxTable,
  type Split,
  type VMaxPanelData,
  type VMaxSeries,
} from '../../chartData/gradients';
import { bandPath, countDrawn, linePath, paddedYScale } from './paths';
import '../gradients.css';

export interface VMaxGivenPMaxChartProps {
  pair: PairView;
  /** Split to read (default: test, as the official code's plot). */
  split?: Split;
}

const W = 720;
const H = 360;
const TOP = 34;
const BOTTOM = 76;
const LEFT = 56;
const RIGHT = 12;
const GAP = 28;
const PANEL_W = (W - LEFT - RIGHT - GAP) / 2;

interface PanelProps {
  role: ModelRole;
  model: ModelView | null;
  data: VMaxPanelData | null;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  offset: number;
}

function Series({
  role,
  s,
  group,
  x,
  y,
}: {
  role: ModelRole;
  s: VMaxSeries;
  group: 'correct' | 'incorrect';
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
}) {
  const color = group === 'correct' ? COLORS.correct : COLORS.incorrect;
  const lo = s.mean.map((m, j) => m - s.std[j]);
  const hi = s.mean.map((m, j) => m + s.std[j]);
  return (
    <>
      <path
        data-series={`vmax-band-${group}`}
        data-model={role}
        data-points={countDrawn(s.mean, s.hasBand)}
        d={bandPath(s.centres, lo, hi, x, y, s.hasBand)}
        fill={color}
        fillOpacity={0.18}
        stroke="none"
      />
      <path
        data-series={`vmax-mean-${group}`}
        data-model={role}
        data-points={countDrawn(s.mean, s.hasMean)}
        d={linePath(s.centres, s.mean, x, y, s.hasMean)}
        fill="none"
        stroke={color}
        strokeWidth={2.5}
        strokeDasharray={group === 'correct' ? undefined : '6 3'}
      />
    </>
  );
}

function Panel({ role, model, data, x, y, offset }: PanelProps) {
  const [x0, x1] = x.range();
  const [y0, y1] = y.range();
  return (
    <g
      className="vmax-panel"
      data-model={role}
      data-state={data ? 'ready' : 'empty'}
      transform={`translate(${r3(offset)},0)`}
    >
      <text className="panel-title" x={x0} y={TOP - 12} fill={role === 'ce' ? COLORS.ce : COLORS.ls}>
        {model ? longName(model) : role === 'ce' ? 'CE' : 'LS'}
        {data ? <tspan className="panel-sub">{`  ${data.nCorrect} ✓ · ${data.nIncorrect} ✗`}</tspan> : null}
      </text>
      <AxisBottom scale={x} at={y0} grid={y0 - y1} label="max softmax probability π_max" ticks={5} />
      <AxisLeft scale={y} at={x0} grid={x1 - x0} label={role === 'ce' ? 'max logit v_max' : ''} />
      {data ? (
        <>
          <Series role={role} s={data.correct} group="correct" x={x} y={y} />
          <Series role={role} s={data.incorrect} group="incorrect" x={x} y={y} />
        </>
      ) : (
        <text className="grad-note" x={(x0 + x1) / 2} y={(y0 + y1) / 2} textAnchor="middle">
          {`No ${role === 'ce' ? 'CE' : 'LS'} model yet`}
        </text>
      )}
    </g>
  );
}

export function VMaxGivenPMaxChart({ pair, split = 'test' }: VMaxGivenPMaxChartProps) {
  const { ce, ls } = pair;
  const ceData = useMemo(() => (ce && hasRows(ce, split) ? vMaxPanelData(ce, split) : null), [ce, split]);
  const lsData = useMemo(() => (ls && hasRows(ls, split) ? vMaxPanelData(ls, split) : null), [ls, split]);
  const k = ls?.numClasses ?? ce?.numClasses ?? 2;

  const scales = useMemo(() => {
    const exts = [ceData?.extent, lsData?.extent].filter((e): e is [number, number] => !!e);
    if (exts.length === 0) return null;
    const ext: [number, number] = [Math.min(...exts.map((e) => e[0])), Math.max(...exts.map((e) => e[1]))];
    // π_max ≥ 1/K always: start the shared x axis at the tenth below 1/K.
    const xMin = Math.floor((1 / k) * 10) / 10;
    const x = scaleLinear().domain([xMin, 1]).range([0, PANEL_W]);
    const y = paddedYScale(ext, [H - BOTTOM, TOP]);
    return { x, y };
  }, [ceData, lsData, k]);

  const legend: LegendItem[] = [
    { label: 'correct ✓: mean v_max', color: COLORS.correct },
    { label: 'incorrect ✗: mean v_max', color: COLORS.incorrect, dash: '6 3' },
    { label: `± 1 std (windows with ≥ ${MIN_BAND_COUNT} samples)`, color: COLORS.oracle, kind: 'box' },
  ];
  const splitName = split === 'val' ? 'validation' : 'test';
  const explanation = (
    <p>
      Each panel shows one model&apos;s {splitName} samples: x is the confidence π_max (the largest softmax
      probability), y the largest raw logit v_max. The lines follow the mean v_max in a sliding π_max window
      (width 0.05, step 0.005) for correct ✓ (green) and wrong ✗ (vermillion, dashed) predictions; the band is
      ± one standard deviation, drawn only where a window holds at least {MIN_BAND_COUNT} samples. The panels
      share their axes: at the same confidence the LS model&apos;s v_max is much lower, because LS pushes
      v_max down during training, hardest on likely-correct samples. This confidence-dependent shrinking of
      the logits is what distorts the softmax ranking, and what logit normalisation (MaxLogit-pNorm) cancels.
    </p>
  );
  const empty = !ceData && !lsData ? 'Train a CE/LS pair to see v_max against π_max.' : null;

  return (
    <ChartFrame
      title="Max logit v_max given confidence π_max, CE vs LS"
      name="max logit given confidence"
      chartId="vmax-given-pmax"
      exportAlpha={ls?.alpha ?? null}
      exportTable={() =>
        vMaxTable([
          { role: 'ce', alpha: ce?.alpha ?? 0, data: ceData },
          { role: 'ls', alpha: ls?.alpha ?? 0, data: lsData },
        ])
      }
      explanation={explanation}
      empty={empty}
    >
      {scales ? (
        <svg
          viewBox={`0 0 ${W} ${H}`}
          role="img"
          aria-label="Max logit against max softmax probability, CE and LS panels"
        >
          <Panel role="ce" model={ce} data={ceData} x={scales.x} y={scales.y} offset={LEFT} />
          <Panel role="ls" model={ls} data={lsData} x={scales.x} y={scales.y} offset={LEFT + PANEL_W + GAP} />
          <Legend items={legend} x={LEFT} y={H - 26} width={W - LEFT - RIGHT} />
        </svg>
      ) : null}
    </ChartFrame>
  );
}

function hasRows(m: ModelView, split: Split): boolean {
  return (split === 'val' ? m.valLabels : m.testLabels).length > 0;
}
