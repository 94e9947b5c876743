import { area, extent, line, type ScaleLinear } from 'd3';
import { useMemo } from 'react';
import type { SweepPoint } from '../../model/views';
import { LevelLine, type LegendItem } from '../kit/axes';
import { ChartFrame } from '../kit/ChartFrame';
import { useChartFrame } from '../kit/frame';
import { r3, splitRange, yScaleOf, type FrameSpec, type XYScales } from '../kit/layout';
import { StackedPlot, type StackedLabels } from '../kit/StackedPlot';
import { COLORS, DASH } from '../../chartData/palette';
import { formatAlpha } from '../../model/format';
import { alphaDomain, alphaSweepSpec, type SweepMetric, type SweepSeries } from '../../chartData/alphaSweep';
import { Prose } from '../kit/Prose';
import { sweepFacts, sweepWords } from '../../chartData/words/sweepWords';

const FRAME: FrameSpec = { width: 600, height: 380, margin: { top: 52, right: 16, bottom: 44, left: 56 } };
/** Heights of the error and AURC panels at the reference size, and the gap between them. */
const PANELS = [118, 148];
const PANEL_GAP = 18;
const LABELS: StackedLabels = {
  className: 'sweep-plot',
  ariaLabel: 'Error and AURC against alpha',
  xLabel: 'Label smoothing α',
  yLabels: ['% error', '% AURC'],
};

const STYLE: Record<SweepMetric, { id: string; label: string; color: string; dash: string | undefined }> = {
  error: { id: 'error', label: 'Test error', color: 'currentColor', dash: undefined },
  aurcMsp: { id: 'aurc-msp', label: 'AURC · MSP', color: 'currentColor', dash: DASH.msp },
  aurcPnorm: { id: 'aurc-pnorm', label: 'AURC · normalised (pNorm)', color: COLORS.pnorm, dash: DASH.pNorm },
};

export interface AlphaSweepChartProps {
  /** One entry per trained model (α, seed); fractions. */
  points: SweepPoint[];
  /** α of the pair shown in the other charts, marked by a vertical line; null for none. */
  selectedAlpha: number | null;
}

/** The explanation: how to read the sweep, then what its numbers show (trend, CE level, seeds). */
function Explanation({ points }: { points: SweepPoint[] }) {
  const words = useMemo(() => sweepWords(sweepFacts(points)), [points]);
  return <Prose name="alpha-sweep" paragraphs={words} />;
}

function MetricMarks({
  s,
  x,
  y,
  band,
}: XYScales & {
  s: SweepSeries;
  band: boolean;
}) {
  const st = STYLE[s.metric];
  const mean = line<(typeof s.stats)[number]>()
    .x((d) => x(d.alpha))
    .y((d) => y(d.mean * 100))
    .digits(2)(s.stats);
  const spread = area<(typeof s.stats)[number]>()
    .x((d) => x(d.alpha))
    .y0((d) => y(d.min * 100))
    .y1((d) => y(d.max * 100))
    .digits(2)(s.stats);
  return (
    <g>
      {band ? (
        <path data-series={`${st.id}-band`} d={spread ?? ''} fill={st.color} fillOpacity={0.15} />
      ) : null}
      <path
        data-series={`${st.id}-mean`}
        d={mean ?? ''}
        fill="none"
        stroke={st.color}
        strokeWidth={2}
        strokeDasharray={st.dash}
      />
      {s.points.map((p) => (
        <circle
          key={`${p.alpha}:${p.seed}`}
          data-series={st.id}
          cx={r3(x(p.alpha))}
          cy={r3(y(p.value * 100))}
          r={3.5}
          fill={p.fallback ? 'none' : st.color}
          fillOpacity={0.6}
          stroke={st.color}
        >
          <title>{`${st.label}, α = ${formatAlpha(p.alpha)}, seed ${p.seed}: ${(p.value * 100).toFixed(2)}%${p.fallback ? ' (MSP fallback)' : ''}`}</title>
        </circle>
      ))}
    </g>
  );
}

/** A y scale over the values (in %) padded by 10% of their spread, not below zero. */
function yScale(values: number[], [top, bottom]: [number, number]): ScaleLinear<number, number> {
  const [lo = 0, hi = 1] = extent(values.map((v) => v * 100));
  const pad = Math.max((hi - lo) * 0.1, 0.05 * Math.max(Math.abs(hi), 1));
  return yScaleOf({ y0: bottom, y1: top }, [Math.max(0, lo - pad), hi + pad]);
}

/** %error and %AURC (MSP, normalised) against α, over seeds (science.md §5). */
export function AlphaSweepChart({ points, selectedAlpha }: AlphaSweepChartProps) {
  const data = useMemo(() => alphaSweepSpec.build(points, alphaSweepSpec.initial(points)), [points]);
  const frame = useChartFrame(FRAME);
  const scales = useMemo(() => {
    if (!data) return null;
    const [errPanel, aurcPanel] = splitRange(frame.y1, frame.y0, PANELS, PANEL_GAP);
    const x = frame.x(alphaDomain(data.alphas, selectedAlpha));
    const yErr = yScale(
      data.series.error.points.map((p) => p.value),
      errPanel,
    );
    const aurcValues = [...data.series.aurcMsp.points, ...data.series.aurcPnorm.points].map((p) => p.value);
    const yAurc = yScale(aurcValues, aurcPanel);
    return { x, yErr, yAurc };
  }, [data, selectedAlpha, frame]);

  const items: LegendItem[] = [
    { label: 'MSP (error, AURC)', color: 'currentColor' },
    { label: 'Normalised score (AURC)', color: STYLE.aurcPnorm.color, dash: DASH.pNorm },
    { label: 'CE · MSP level (α = 0)', color: COLORS.oracle, dash: DASH.oracle },
  ];
  const band = (data?.maxSeeds ?? 0) >= 2;
  const sel = selectedAlpha !== null && Number.isFinite(selectedAlpha) ? selectedAlpha : null;

  return (
    <ChartFrame
      title="Error and AURC against label-smoothing strength α"
      name="α-sweep"
      chartId={alphaSweepSpec.id}
      frame={frame}
      exportAlpha={selectedAlpha}
      exportTable={data ? () => alphaSweepSpec.table(data, null) : undefined}
      explanation={<Explanation points={points} />}
      empty={
        data && scales ? null : 'Train several α values (an α sweep) to see how error and AURC change with α.'
      }
    >
      {data && scales ? (
        <StackedPlot
          frame={frame}
          labels={LABELS}
          x={scales.x}
          ys={[scales.yErr, scales.yAurc]}
          legend={items}
        >
          <MetricMarks s={data.series.error} x={scales.x} y={scales.yErr} band={band} />
          {data.ceMspLevel !== null ? (
            <LevelLine
              id="ce-msp-level"
              frame={frame}
              y={scales.yAurc(data.ceMspLevel * 100)}
              color={COLORS.oracle}
            />
          ) : null}
          <MetricMarks s={data.series.aurcMsp} x={scales.x} y={scales.yAurc} band={band} />
          <MetricMarks s={data.series.aurcPnorm} x={scales.x} y={scales.yAurc} band={band} />
          {sel !== null ? (
            <g className="sweep-selected">
              <line x1={r3(scales.x(sel))} x2={r3(scales.x(sel))} y1={frame.y1 - 6} y2={frame.y0} />
              <text x={r3(scales.x(sel)) + 4} y={frame.y1 + 4}>
                α = {formatAlpha(sel)}
              </text>
            </g>
          ) : null}
        </StackedPlot>
      ) : null}
    </ChartFrame>
  );
}
