import { line, scaleLinear } from 'd3';
import { useId, useMemo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { PairView } from '../../model/views';
import { AxisBottom, AxisLeft, Legend, r3, type LegendItem } from '../common/axes';
import { ChartFrame } from '../common/ChartFrame';
import { COLORS, DASH } from '../../chartData/palette';
import {
  buildRiskCoverage,
  drawIndices,
  lastIndexFor,
  readoutAt,
  riskCoverageTable,
  riskExtent,
  type RcSeriesId,
} from '../../chartData/riskCoverage';
import { Readout } from './Readout';

const W = 600;
const H = 400;
const M = { top: 74, right: 16, bottom: 44, left: 56 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;
const ZOOM_MAX = 0.3;

type ToggleId = RcSeriesId | 'oracle';
const TOGGLES: { id: ToggleId; label: string }[] = [
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
}

const explanation = (
  <p>
    Each curve sorts the model’s test predictions from most to least confident and keeps only the top
    fraction: the x axis is that fraction (<em>coverage</em>), the y axis the percentage of mistakes among the
    kept predictions (<em>selective risk</em>). Lower is better; the legend gives (%error, %AURC), AURC being
    the area under the curve, and the dotted grey <em>oracle</em> is the best possible ranking. Look at low
    coverage: ranked by MSP (solid), the label-smoothed model (orange) makes more mistakes among its most
    confident predictions than the CE model (blue), even when its overall error is as low. The dashed curves
    rank by the normalised logits (MaxLogit-pNorm), which largely undoes that damage for LS. Hover or use the
    arrow keys to read values.
  </p>
);

/** Risk–coverage curves of the CE/LS pair, MSP and normalised score (science.md §3–4). */
export function RiskCoverageChart({
  pair,
  defaultZoom = false,
  defaultOracle = true,
  maxPoints = 600,
  zoom: zoomProp,
  onZoomChange,
}: RiskCoverageChartProps) {
  const data = useMemo(() => buildRiskCoverage(pair), [pair]);
  const [override, setOverride] = useState<Partial<Record<ToggleId, boolean>>>({});
  const [zoomState, setZoomState] = useState(defaultZoom);
  const zoom = zoomProp ?? zoomState;
  const setZoom = (z: boolean): void => (onZoomChange ? onZoomChange(z) : setZoomState(z));
  const [hover, setHover] = useState<number | null>(null);
  const clipId = `rc-clip-${useId().replace(/[^\w-]/g, '')}`;

  // Until the user flips a toggle, the normalised curves follow pair.normalise.
  const isOn = (id: ToggleId) =>
    override[id] ?? (id === 'oracle' ? defaultOracle : id.endsWith('pnorm') ? pair.normalise : true);
  const shownKey = TOGGLES.map((t) => (isOn(t.id) ? '1' : '0')).join('');
  const xMax = zoom ? ZOOM_MAX : 1;

  const plot = useMemo(() => {
    if (!data) return null;
    const shown = (id: ToggleId) => shownKey[TOGGLES.findIndex((t) => t.id === id)] === '1';
    const series = data.series.filter((s) => shown(s.id));
    const oracles = shown('oracle') ? data.oracles : [];
    const curves = [...series.map((s) => s.curve), ...oracles];
    const yMax = Math.max(0.5, riskExtent(curves, xMax) * 100 * 1.05);
    const x = scaleLinear()
      .domain([0, xMax * 100])
      .range([M.left, W - M.right]);
    const y = scaleLinear()
      .domain([0, yMax])
      .nice()
      .range([H - M.bottom, M.top]);
    const pathOf = (c: { coverage: Float64Array; risk: Float64Array }, n: number) => {
      const idx = drawIndices(lastIndexFor(n, xMax), maxPoints);
      const d = line<number>()
        .x((i) => x(c.coverage[i] * 100))
        .y((i) => y(c.risk[i] * 100))
        .digits(2)(Array.from(idx));
      return { d: d ?? '', points: idx.length };
    };
    const items: LegendItem[] = [
      ...series.map((s) => ({ label: s.legend, color: s.color, dash: s.dash })),
      ...oracles.map((o) => ({ label: o.legend, color: COLORS.oracle, dash: DASH.oracle })),
    ];
    return {
      x,
      y,
      items,
      series,
      oracles,
      seriesPaths: series.map((s) => ({ s, ...pathOf(s.curve, s.n) })),
      oraclePaths: oracles.map((o) => ({ o, ...pathOf(o, o.n) })),
    };
  }, [data, shownKey, xMax, maxPoints]);

  const empty = !data || !plot ? 'Train the CE and LS models to see their risk–coverage curves.' : null;
  const n = data?.series[0]?.n ?? 1;
  const hoverCov = hover === null ? null : Math.round(Math.min(hover, xMax) * n) / n;
  const rows = plot && hoverCov !== null ? readoutAt(plot.series, plot.oracles, hoverCov) : [];

  const onPointerMove = (e: PointerEvent<SVGRectElement>) => {
    const svg = e.currentTarget.ownerSVGElement;
    if (!svg || !plot) return;
    const r = svg.getBoundingClientRect();
    const px = ((e.clientX - r.left) / r.width) * W;
    setHover(Math.min(xMax, Math.max(0, plot.x.invert(px) / 100)));
  };
  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>) => {
    const step = (e.shiftKey ? 0.1 : 0.01) * xMax;
    const keys: Record<string, (h: number) => number | null> = {
      ArrowRight: (h) => Math.min(xMax, h + step),
      ArrowLeft: (h) => Math.max(0, h - step),
      Home: () => 0,
      End: () => xMax,
      Escape: () => null,
    };
    const f = keys[e.key];
    if (!f) return;
    e.preventDefault();
    setHover((h) => f(h ?? 0));
  };

  // Loaded models go by their file names; trained ones by their role.
  const who = { ce: pair.ce?.name ?? 'CE', ls: pair.ls?.name ?? 'LS' };
  const toggleLabel = (id: ToggleId, label: string) =>
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
      chartId="risk-coverage"
      exportAlpha={pair.ls?.alpha ?? null}
      exportTable={data ? () => riskCoverageTable(data, isOn) : undefined}
      explanation={explanation}
      controls={controls}
      empty={empty}
    >
      {plot ? (
        <>
          <svg
            viewBox={`0 0 ${W} ${H}`}
            className="rc-plot"
            data-zoom={zoom ? 'low-coverage' : 'full'}
            tabIndex={0}
            role="group"
            aria-label="Risk–coverage plot. Left and right arrow keys move the read-out."
            onKeyDown={onKeyDown}
          >
            <defs>
              <clipPath id={clipId}>
                <rect x={M.left} y={M.top} width={PW} height={PH} />
              </clipPath>
            </defs>
            <Legend items={plot.items} x={8} y={12} width={W - 16} />
            <AxisBottom scale={plot.x} at={H - M.bottom} grid={PH} label="Coverage (%)" />
            <AxisLeft scale={plot.y} at={M.left} grid={PW} label="Selective risk (%)" />
            <g clipPath={`url(#${clipId})`} fill="none">
              {plot.oraclePaths.map(({ o, d, points }) => (
                <path
                  key={o.id}
                  d={d}
                  data-series={o.id}
                  data-points={points}
                  data-n={o.n}
                  data-aurc={o.aurc}
                  stroke={COLORS.oracle}
                  strokeWidth={1.5}
                  strokeDasharray={DASH.oracle}
                />
              ))}
              {plot.seriesPaths.map(({ s, d, points }) => (
                <path
                  key={s.id}
                  d={d}
                  data-series={s.id}
                  data-points={points}
                  data-n={s.n}
                  data-aurc={s.aurc}
                  data-error={s.error}
                  data-fallback={s.fallback ? 'true' : undefined}
                  stroke={s.color}
                  strokeWidth={2.25}
                  strokeDasharray={s.dash}
                />
              ))}
            </g>
            {hoverCov !== null ? (
              <line
                className="rc-guide"
                data-export="skip"
                data-guide={hoverCov}
                x1={r3(plot.x(hoverCov * 100))}
                x2={r3(plot.x(hoverCov * 100))}
                y1={M.top}
                y2={H - M.bottom}
              />
            ) : null}
            <rect
              className="rc-overlay"
              data-export="skip"
              x={M.left}
              y={M.top}
              width={PW}
              height={PH}
              fill="transparent"
              onPointerMove={onPointerMove}
              onPointerLeave={() => setHover(null)}
            />
          </svg>
          <Readout coverage={hoverCov} n={n} rows={rows} />
        </>
      ) : null}
    </ChartFrame>
  );
}
