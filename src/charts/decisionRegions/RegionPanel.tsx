import { useEffect, useId, useMemo, useRef } from 'react';
import { scaleLinear } from 'd3';
import { AxisBottom, AxisLeft, r3, type Margin } from '../common/axes';
import { COLORS } from '../../chartData/palette';
import { roleLabel } from '../../model/format';
import type { ModelRole } from '../../model/views';
import type { DecisionGrid } from '../../model/views';
import {
  classColor,
  regionImage,
  type ConfidentError,
  type PointLogitSource,
} from '../../chartData/decisionRegions';

/** Logical size of one panel (SVG viewBox); the canvas sits exactly on its plot area. */
export const PANEL_W = 340;
export const PANEL_H = 340;
const M: Margin = { top: 28, right: 12, bottom: 44, left: 50 };
const PLOT_W = PANEL_W - M.left - M.right;
const PLOT_H = PANEL_H - M.top - M.bottom;
/** Canvas backing store: 2 device pixels per logical unit, sharp on high-DPI projectors. */
const CANVAS_SCALE = 2;

export interface RegionPanelProps {
  role: ModelRole;
  alpha: number;
  grid: DecisionGrid;
  logits: Float32Array;
  errors: ConfidentError[];
  nErrors: number;
  source: PointLogitSource;
  classNames: string[];
}

const pct = (v: number, of: number) => `${r3((100 * v) / of)}%`;

export function RegionPanel({
  role,
  alpha,
  grid,
  logits,
  errors,
  nErrors,
  source,
  classNames,
}: RegionPanelProps) {
  const { nx, ny, numClasses: k } = grid;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  // Points outside the grid's extent are clipped to the plot area, like the heatmap.
  const clipId = `dr-clip-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const rgba = useMemo(() => regionImage(logits, nx, ny, k), [logits, nx, ny, k]);

  // Canvas drawing needs a browser: nothing here runs in server rendering or Node tests.
  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const small = document.createElement('canvas');
    small.width = nx;
    small.height = ny;
    small.getContext('2d')?.putImageData(new ImageData(rgba, nx, ny), 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    // Smooth upscaling: class colours blend over one grid cell, which reads as a soft boundary.
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  }, [rgba, nx, ny]);

  const x = scaleLinear()
    .domain([grid.x0, grid.x1])
    .range([M.left, PANEL_W - M.right]);
  const y = scaleLinear()
    .domain([grid.y0, grid.y1])
    .range([PANEL_H - M.bottom, M.top]);
  const name = (c: number) => classNames[c] ?? `class ${c}`;
  const label = roleLabel(role, alpha);
  const n = grid.labels.length;
  const px = (p: number) => r3(x(grid.points[2 * p]));
  const py = (p: number) => r3(y(grid.points[2 * p + 1]));

  return (
    <div className="dr-panel" data-model={role}>
      <div className="dr-box" style={{ aspectRatio: `${PANEL_W} / ${PANEL_H}` }}>
        <canvas
          ref={canvasRef}
          className="dr-canvas"
          role="img"
          aria-label={`${label}: predicted class over the plane, faded where confidence is low`}
          data-model={role}
          data-grid={`${nx}x${ny}`}
          width={PLOT_W * CANVAS_SCALE}
          height={PLOT_H * CANVAS_SCALE}
          style={{
            left: pct(M.left, PANEL_W),
            top: pct(M.top, PANEL_H),
            width: pct(PLOT_W, PANEL_W),
            height: pct(PLOT_H, PANEL_H),
          }}
        />
        <svg viewBox={`0 0 ${PANEL_W} ${PANEL_H}`} aria-hidden="true">
          <text
            className="panel-title"
            x={M.left}
            y={M.top - 10}
            fill={role === 'ce' ? COLORS.ce : COLORS.ls}
          >
            {label}
            <tspan className="panel-sub">{`  ${nErrors} of ${n} test points wrong`}</tspan>
          </text>
          <clipPath id={clipId}>
            <rect x={M.left} y={M.top} width={PLOT_W} height={PLOT_H} />
          </clipPath>
          <AxisBottom scale={x} at={PANEL_H - M.bottom} label="x₁" ticks={5} />
          <AxisLeft scale={y} at={M.left} label="x₂" ticks={5} />
          <g clipPath={`url(#${clipId})`}>
            <g data-series="test-points" data-model={role} data-points={n} data-point-source={source}>
              {Array.from({ length: n }, (_, p) => (
                <circle
                  key={p}
                  className="dr-point"
                  data-index={p}
                  cx={px(p)}
                  cy={py(p)}
                  r={2.6}
                  fill={classColor(grid.labels[p])}
                />
              ))}
            </g>
            <g data-series="confident-errors" data-model={role} data-errors-marked={errors.length}>
              {errors.map((e, rank) => (
                <g
                  key={e.index}
                  className="dr-error"
                  data-index={e.index}
                  data-rank={rank + 1}
                  data-msp={r3(e.msp)}
                >
                  <title>
                    {`#${rank + 1} most confident error: test point ${e.index}, true ${name(e.label)}, ` +
                      `predicted ${name(e.pred)} with π_max = ${e.msp.toFixed(3)}`}
                  </title>
                  <circle cx={px(e.index)} cy={py(e.index)} r={7} fill="none" stroke="#fff" strokeWidth={4} />
                  <circle cx={px(e.index)} cy={py(e.index)} r={7} fill="none" stroke="#000" strokeWidth={2} />
                </g>
              ))}
            </g>
          </g>
        </svg>
      </div>
      {errors.length === 0 ? (
        <p className="dr-error-list">No test errors.</p>
      ) : (
        <details className="dr-error-list">
          <summary>{`${errors.length} most confident errors (${label})`}</summary>
          <ol>
            {errors.map((e) => (
              <li key={e.index}>
                {`point ${e.index}: true ${name(e.label)}, predicted ${name(e.pred)}, π_max = ${e.msp.toFixed(3)}`}
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
