import { line } from 'd3';
import { useMemo, useState } from 'react';
import type { PairView } from '../../model/views';
import type { CoverageSelection } from '../../model/selection';
import { AxisBottom, AxisLeft, Legend, type LegendItem } from '../kit/axes';
import { ChartFrame } from '../kit/ChartFrame';
import { clipUrl, PlotSvg, PointerOverlay, useChartFrame, useReadout } from '../kit/frame';
import { r3, type FrameSpec } from '../kit/layout';
import { COLORS, DASH } from '../../chartData/palette';
import {
  readoutAt,
  riskCoveragePlot,
  riskCoverageSpec,
  tieMarks,
  tieNotes,
  tieTitle,
  type RcOptions,
  type RcToggleId,
} from '../../chartData/riskCoverage';
import { Readout } from './Readout';
import { Prose } from '../kit/Prose';
import { pairFacts, type WordsContext } from '../../chartData/words/pairFacts';
import { riskCoverageWords } from '../../chartData/words/riskCoverageWords';

const FRAME: FrameSpec = { width: 600, height: 400, margin: { top: 74, right: 16, bottom: 44, left: 56 } };

const TOGGLES: { id: RcToggleId; label: string }[] = [
  { id: 'ce-msp', label: 'CE · MSP' },
  { id: 'ls-msp', label: 'LS · MSP' },
  { id: 'ce-pnorm', label: 'CE · normalised' },
  { id: 'ls-pnorm', label: 'LS · normalised' },
  { id: 'oracle', label: 'Oracle' },
];

export interface RiskCoverageChartProps {
  pair: PairView;
  /** Start zoomed on low coverage (x in [0, 30%]). Default false. */
  defaultZoom?: boolean;
  /** Zoom controlled from outside (the guided story sets it); then onZoomChange reports the toggle. */
  zoom?: boolean;
  onZoomChange?: (zoom: boolean) => void;
  /** Show the oracle curves at first. Default true. */
  defaultOracle?: boolean;
  /** Most points drawn per curve (the legend's AURC always uses the full curve). Default 600. */
  maxPoints?: number;
  /** A click on the plot: the coverage the read-out shows. */
  onSelect?: (selection: CoverageSelection) => void;
  /** What the words need beyond the pair (the sweep's seeds, for the noise sentence). */
  wordsContext?: WordsContext;
  /**
   * The pair the sentences describe, when not `pair` (loaded files whose p was chosen on a held-out
   * half: their evaluation half, so that MSP and pNorm compare like for like), and a sentence saying so.
   */
  wordsPair?: PairView;
  wordsNote?: string;
}

/** Risk–coverage curves of the CE/LS pair, MSP and normalised score (science.md §3–4). */
export function RiskCoverageChart({
  pair,
  defaultZoom,
  defaultOracle,
  maxPoints,
  zoom: zoomProp,
  onZoomChange,
  onSelect,
  wordsContext,
  wordsPair,
  wordsNote,
}: RiskCoverageChartProps) {
  const initial = useMemo(() => riskCoverageSpec.initial(pair), [pair]);
  const data = useMemo(() => riskCoverageSpec.build(pair, initial), [pair, initial]);
  const words = useMemo(
    () => [
      ...(wordsNote ? [wordsNote] : []),
      ...riskCoverageWords(pairFacts(wordsPair ?? pair, wordsContext)),
      ...(data && pair.normalise ? tieNotes(data) : []),
    ],
    [pair, wordsPair, wordsNote, wordsContext, data],
  );
  // Until the user flips a toggle, the curves follow the spec's initial options (and the props).
  const [override, setOverride] = useState<Partial<Record<RcToggleId, boolean>>>({});
  const [zoomState, setZoomState] = useState(defaultZoom ?? initial.zoom);
  const zoom = zoomProp ?? zoomState;
  const setZoom = (z: boolean): void => (onZoomChange ? onZoomChange(z) : setZoomState(z));
  const options = useMemo<RcOptions>(
    () => ({
      shown: {
        ...initial.shown,
        ...(defaultOracle === undefined ? {} : { oracle: defaultOracle }),
        ...override,
      },
      zoom,
      maxPoints: maxPoints ?? initial.maxPoints,
    }),
    [initial, defaultOracle, override, zoom, maxPoints],
  );
  const isOn = (id: RcToggleId): boolean => options.shown[id];
  const frame = useChartFrame(FRAME);

  const plot = useMemo(() => {
    if (!data) return null;
    const model = riskCoveragePlot(data, options);
    const x = frame.x([0, model.xMax * 100]);
    const y = frame.y([0, model.yMax]);
    const pathOf = (c: { coverage: Float64Array; risk: Float64Array }, idx: Int32Array) =>
      line<number>()
        .x((i) => x(c.coverage[i] * 100))
        .y((i) => y(c.risk[i] * 100))
        .digits(2)(Array.from(idx)) ?? '';
    const items: LegendItem[] = [
      ...model.series.map(({ curve: s }) => ({ label: s.legend, color: s.color, dash: s.dash })),
      ...model.oracles.map(({ curve: o }) => ({ label: o.legend, color: COLORS.oracle, dash: DASH.oracle })),
    ];
    return {
      x,
      y,
      items,
      xMax: model.xMax,
      series: model.series.map((d) => d.curve),
      oracles: model.oracles.map((d) => d.curve),
      // Tied blocks: a thin band per curve along the x axis over each block's coverage span.
      ties: model.series.flatMap(({ curve }, k) =>
        tieMarks(curve).map((t) => ({
          key: `${curve.id}-${t.from}`,
          series: curve.id,
          x: x((t.from / curve.n) * 100),
          w: Math.max(1, x((t.to / curve.n) * 100) - x((t.from / curve.n) * 100)),
          y: frame.y0 - 4 * (k + 1),
          color: curve.color,
          title: tieTitle(curve, t),
        })),
      ),
      // Oracles first, so the models' curves are drawn over them.
      paths: [
        ...model.oracles.map(({ curve, indices }) => ({
          id: curve.id,
          d: pathOf(curve, indices),
          color: COLORS.oracle,
          width: 1.5,
          dash: DASH.oracle,
        })),
        ...model.series.map(({ curve, indices }) => ({
          id: curve.id,
          d: pathOf(curve.curve, indices),
          color: curve.color,
          width: 2.25,
          dash: curve.dash,
        })),
      ],
    };
  }, [data, options, frame]);

  const xMax = plot?.xMax ?? 1;
  const readout = useReadout(frame, plot?.x ?? null, 0, xMax * 100);
  const empty = !data || !plot ? 'Train the CE and LS models to see their risk–coverage curves.' : null;
  const n = data?.series[0]?.n ?? 1;
  const hoverCov = readout.value === null ? null : Math.round((readout.value / 100) * n) / n;
  const rows = plot && hoverCov !== null ? readoutAt(plot.series, plot.oracles, hoverCov) : [];

  // Loaded models go by their file names; trained ones by their role.
  const who = { ce: pair.ce?.name ?? 'CE', ls: pair.ls?.name ?? 'LS' };
  const toggleLabel = (id: RcToggleId, label: string) =>
    id === 'oracle' ? label : label.replace(/^(CE|LS)/, id.startsWith('ce') ? who.ce : who.ls);
  const controls = data ? (
    <div className="chart-toggles" role="group" aria-label="Curves shown">
      {TOGGLES.map(({ id, label }) => (
        <label key={id}>
          <input
            type="checkbox"
            checked={isOn(id)}
            disabled={id !== 'oracle' && !data.series.some((s) => s.id === id)}
            onChange={(e) => setOverride((o) => ({ ...o, [id]: e.target.checked }))}
          />
          {toggleLabel(id, label)}
        </label>
      ))}
      <label>
        <input type="checkbox" checked={zoom} onChange={(e) => setZoom(e.target.checked)} />
        Zoom on low coverage
      </label>
    </div>
  ) : null;

  return (
    <ChartFrame
      title="Risk–coverage: mistakes among the predictions you keep"
      name="risk–coverage"
      chartId={riskCoverageSpec.id}
      frame={frame}
      exportAlpha={pair.ls?.alpha ?? null}
      exportTable={data ? () => riskCoverageSpec.table(data, options) : undefined}
      explanation={<Prose name="risk-coverage" paragraphs={words} />}
      controls={controls}
      empty={empty}
    >
      {plot ? (
        <>
          <PlotSvg
            frame={frame}
            clipArea
            className="rc-plot"
            data-zoom={zoom ? 'low-coverage' : 'full'}
            role="group"
            aria-label="Risk–coverage plot. Left and right arrow keys move the read-out."
            {...readout.keyProps}
            onClick={() => {
              if (onSelect && hoverCov !== null && hoverCov > 0)
                onSelect({ kind: 'coverage', coverage: hoverCov });
            }}
          >
            <Legend items={plot.items} x={8} y={12} width={frame.width - 16} />
            <AxisBottom scale={plot.x} at={frame.y0} grid={frame.innerHeight} label="Coverage (%)" />
            <AxisLeft scale={plot.y} at={frame.x0} grid={frame.innerWidth} label="Selective risk (%)" />
            <g clipPath={clipUrl(frame.clipId)} fill="none">
              {plot.paths.map((p) => (
                <path
                  key={p.id}
                  d={p.d}
                  data-series={p.id}
                  stroke={p.color}
                  strokeWidth={p.width}
                  strokeDasharray={p.dash}
                />
              ))}
            </g>
            {plot.ties.length ? (
              <g clipPath={clipUrl(frame.clipId)} className="rc-ties">
                {plot.ties.map((t) => (
                  <rect
                    key={t.key}
                    data-tie={t.series}
                    x={r3(t.x)}
                    y={r3(t.y)}
                    width={r3(t.w)}
                    height={3}
                    fill={t.color}
                    opacity={0.75}
                  >
                    <title>{t.title}</title>
                  </rect>
                ))}
              </g>
            ) : null}
            {hoverCov !== null ? (
              <line
                className="rc-guide"
                data-export="skip"
                x1={r3(plot.x(hoverCov * 100))}
                x2={r3(plot.x(hoverCov * 100))}
                y1={frame.y1}
                y2={frame.y0}
              />
            ) : null}
            <PointerOverlay frame={frame} readout={readout} className="rc-overlay" />
          </PlotSvg>
          <Readout coverage={hoverCov} n={n} rows={rows} />
        </>
      ) : null}
    </ChartFrame>
  );
}
