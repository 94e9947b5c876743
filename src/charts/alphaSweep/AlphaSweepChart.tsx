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
/** With several seeds per α: one more line on top, the caption saying what line, band and dots are. */
const CAPTION_H = 18;
const FRAME_SEEDS: FrameSpec = {
  ...FRAME,
  height: FRAME.height + CAPTION_H,
  margin: { ...FRAME.margin, top: FRAME.margin.top + CAPTION_H },
};
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
  /** Several seeds: the min–max band is drawn and the single seeds' dots fade behind the mean. */
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
  const meanPath = (
    <path
      data-series={`${st.id}-mean`}
      d={mean ?? ''}
      fill="none"
      stroke={st.color}
      strokeWidth={2}
      strokeDasharray={st.dash}
    />
  );
  const dots = s.points.map((p) => (
    <circle
      key={`${p.alpha}:${p.seed}`}
      data-series={st.id}
      data-seed={p.seed}
      cx={r3(x(p.alpha))}
      cy={r3(y(p.value * 100))}
      r={band ? 2.5 : 3.5}
      fill={p.fallback ? 'none' : st.color}
      fillOpacity={band ? 0.3 : 0.6}
      stroke={st.color}
      strokeOpacity={band ? 0.45 : 1}
    >
      <title>{`${st.label}, α = ${formatAlpha(p.alpha)}, seed ${p.seed}: ${(p.value * 100).toFixed(2)}%${p.fallback ? ' (MSP fallback)' : ''}`}</title>
    </circle>
  ));
  // One seed: the dots are the data and go on top; several: the mean line goes over faint dots.
  return band ? (
    <g>
      <path data-series={`${st.id}-band`} d={spread ?? ''} fill={st.color} fillOpacity={0.15} />
      {dots}
      {meanPath}
    </g>
  ) : (
    <g>
      {meanPath}
      {dots}
    </g>
  );
}

/** "3 seeds", or "1–3 seeds" when α's have different numbers of seeds. */
export function seedCountLabel(minSeeds: number, maxSeeds: number): string {
  return minSeeds === maxSeeds
    ? `${maxSeeds} seed${maxSeeds === 1 ? '' : 's'}`
    : `${minSeeds}–${maxSeeds} seeds`;
}

/** The legend: with several seeds per α it adds the min–max band. */
function legendItems(minSeeds: number, maxSeeds: number): LegendItem[] {
  const items: LegendItem[] = [
    { label: 'MSP (error, AURC)', color: 'currentColor' },
    { label: 'Normalised score (AURC)', color: STYLE.aurcPnorm.color, dash: DASH.pNorm },
    { label: 'CE · MSP level (α = 0)', color: COLORS.oracle, dash: DASH.oracle },
  ];
  if (maxSeeds < 2) return items;
  return [
    ...items,
    { label: `band: min–max of ${seedCountLabel(minSeeds, maxSeeds)}`, color: 'currentColor', kind: 'band' },
  ];
}

/** The caption under the legend with several seeds per α: what the lines and dots are. */
export function seedCaption(minSeeds: number, maxSeeds: number): string {
  return `line: mean of ${seedCountLabel(minSeeds, maxSeeds)}; dots: single seeds`;
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
  const band = (data?.maxSeeds ?? 0) >= 2;
  const frame = useChartFrame(band ? FRAME_SEEDS : FRAME);
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

  const items = legendItems(data?.minSeeds ?? 1, data?.maxSeeds ?? 1);
  const labels: StackedLabels =
    data && band
      ? {
          ...LABELS,
          ariaLabel: `${LABELS.ariaLabel}: lines are means of ${seedCountLabel(data.minSeeds, data.maxSeeds)} per α, bands span min–max, dots are single seeds`,
        }
      : LABELS;
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
          labels={labels}
          x={scales.x}
          ys={[scales.yErr, scales.yAurc]}
          legend={items}
        >
          {band ? (
            <g className="legend sweep-caption">
              <text x={8} y={12 + 2 * 18} dy="0.32em">
                {seedCaption(data.minSeeds, data.maxSeeds)}
              </text>
            </g>
          ) : null}
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
