import type { ScaleLinear } from 'd3';
import { r3 } from './layout';
import { DASH } from '../../chartData/palette';

interface AxisProps {
  scale: ScaleLinear<number, number>;
  /** Pixel position of the axis line (y for a bottom axis, x for a left axis). */
  at: number;
  /** Length of grid lines across the plot; 0 for none. */
  grid?: number;
  label: string;
  ticks?: number;
  format?: (v: number) => string;
  /** Explicit tick positions (instead of d3's `scale.ticks(ticks)`). */
  tickValues?: number[];
}

/** A bottom axis: d3 computes ticks, React renders them. */
export function AxisBottom({ scale, at, grid = 0, label, ticks = 6, format, tickValues }: AxisProps) {
  const fmt = format ?? scale.tickFormat(ticks);
  const [r0, r1] = scale.range();
  return (
    <g className="axis axis-x" transform={`translate(0,${r3(at)})`}>
      <line x1={r0} x2={r1} stroke="currentColor" />
      {(tickValues ?? scale.ticks(ticks)).map((t) => (
        <g key={t} transform={`translate(${r3(scale(t))},0)`}>
          {grid ? <line y1={-grid} y2={0} className="gridline" /> : null}
          <line y2={5} stroke="currentColor" />
          <text y={18} textAnchor="middle">
            {fmt(t)}
          </text>
        </g>
      ))}
      <text className="axis-label" x={(r0 + r1) / 2} y={36} textAnchor="middle">
        {label}
      </text>
    </g>
  );
}

/** A left axis: d3 computes ticks, React renders them. */
export function AxisLeft({ scale, at, grid = 0, label, ticks = 5, format, tickValues }: AxisProps) {
  const fmt = format ?? scale.tickFormat(ticks);
  const [r0, r1] = scale.range();
  return (
    <g className="axis axis-y" transform={`translate(${r3(at)},0)`}>
      <line y1={r0} y2={r1} stroke="currentColor" />
      {(tickValues ?? scale.ticks(ticks)).map((t) => (
        <g key={t} transform={`translate(0,${r3(scale(t))})`}>
          {grid ? <line x1={0} x2={grid} className="gridline" /> : null}
          <line x2={-5} stroke="currentColor" />
          <text x={-8} dy="0.32em" textAnchor="end">
            {fmt(t)}
          </text>
        </g>
      ))}
      <text
        className="axis-label"
        transform={`translate(-40,${(r0 + r1) / 2}) rotate(-90)`}
        textAnchor="middle"
      >
        {label}
      </text>
    </g>
  );
}

/** A dotted horizontal reference level across the plot (a baseline the curves are read against). */
export function LevelLine({
  id,
  frame,
  y,
  color,
}: {
  id: string;
  frame: { x0: number; x1: number };
  y: number;
  color: string;
}) {
  return (
    <line
      data-series={id}
      x1={frame.x0}
      x2={frame.x1}
      y1={r3(y)}
      y2={r3(y)}
      stroke={color}
      strokeDasharray={DASH.oracle}
      strokeWidth={1.5}
    />
  );
}

export interface LegendItem {
  label: string;
  color: string;
  dash?: string;
  /** 'line' (default), 'box' for bars, 'band' for a shaded spread with faint dots in it. */
  kind?: 'line' | 'box' | 'band';
}

/** A legend entry's width: its 28-unit key and its label (11 px text: about 6.2 units a character). */
const legendItemWidth = (label: string): number => 28 + 6.2 * label.length;

/**
 * Where each legend entry goes, in rows 18 units apart: two columns (each at least 120 wide) in
 * reading order; an entry too wide for its column starts a row of its own and takes all of it.
 */
export function legendSpots(labels: readonly string[], width: number): { x: number; y: number }[] {
  const itemWidth = Math.max(120, Math.floor(width / Math.max(1, Math.min(labels.length, 2))));
  const perRow = Math.max(1, Math.floor(width / itemWidth));
  const out: { x: number; y: number }[] = [];
  let row = 0;
  let col = 0;
  for (const label of labels) {
    const wide = perRow > 1 && legendItemWidth(label) > itemWidth;
    if (col >= perRow || (wide && col > 0)) {
      row++;
      col = 0;
    }
    out.push({ x: col * itemWidth, y: row * 18 });
    col += wide ? perRow : 1;
  }
  return out;
}

/** A legend as SVG (so it survives SVG/PNG export), laid out in rows. */
export function Legend({ items, x, y, width }: { items: LegendItem[]; x: number; y: number; width: number }) {
  const spots = legendSpots(
    items.map((it) => it.label),
    width,
  );
  return (
    <g className="legend" transform={`translate(${x},${y})`}>
      {items.map((it, i) => (
        <g key={it.label} transform={`translate(${spots[i].x},${spots[i].y})`}>
          {it.kind === 'box' ? (
            <rect width={14} height={10} y={-5} fill={it.color} fillOpacity={0.6} stroke={it.color} />
          ) : it.kind === 'band' ? (
            <g>
              <rect width={22} height={12} y={-6} fill={it.color} fillOpacity={0.15} />
              <circle
                cx={6}
                cy={-2}
                r={2.5}
                fill={it.color}
                fillOpacity={0.3}
                stroke={it.color}
                strokeOpacity={0.45}
              />
              <circle
                cx={15}
                cy={2}
                r={2.5}
                fill={it.color}
                fillOpacity={0.3}
                stroke={it.color}
                strokeOpacity={0.45}
              />
            </g>
          ) : (
            <line x2={22} stroke={it.color} strokeWidth={2.5} strokeDasharray={it.dash} />
          )}
          <text x={28} dy="0.32em">
            {it.label}
          </text>
        </g>
      ))}
    </g>
  );
}
