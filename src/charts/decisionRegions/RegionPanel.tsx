import { useEffect, useMemo, useRef } from 'react';
import { AxisBottom, AxisLeft } from '../kit/axes';
import { clipUrl, PlotSvg, type ChartFrameHandle } from '../kit/frame';
import { canvasBoxStyle, plotAreaStyle, r3, type FrameSpec } from '../kit/layout';
import { COLORS } from '../../chartData/palette';
import { roleLabel } from '../../model/format';
import type { DecisionGrid } from '../../model/views';
import type { PointSelection } from '../../model/selection';
import { classColor, regionImage, type RegionPanelData } from '../../chartData/decisionRegions';

/** Gap between the two panels (.dr-panels in gradients.css: 0.75rem). */
const PANELS_GAP = 12;

/** One square panel; two side by side share the chart's width. */
export const PANEL_FRAME: FrameSpec = {
  width: 340,
  height: 340,
  margin: { top: 28, right: 12, bottom: 44, left: 50 },
  share: (w) => (w - PANELS_GAP) / 2,
  keepAspect: true,
};
const M = PANEL_FRAME.margin;
/**
 * Canvas backing store: 2 device pixels per unit of the reference plot area (sharp on high-DPI
 * projectors). It does not follow the layout: CSS sizes the canvas onto the plot area, so a resize
 * never clears and redraws it.
 */
const CANVAS_W = (PANEL_FRAME.width - M.left - M.right) * 2;
const CANVAS_H = (PANEL_FRAME.height - M.top - M.bottom) * 2;

export interface RegionPanelProps {
  frame: ChartFrameHandle;
  grid: DecisionGrid;
  panel: RegionPanelData;
  classNames: string[];
  onSelect?: (selection: PointSelection) => void;
}

export function RegionPanel({
  frame,
  grid,
  panel: { role, alpha, logits, errors, nErrors },
  classNames,
  onSelect,
}: RegionPanelProps) {
  const { nx, ny, numClasses: k } = grid;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  // Points outside the grid's extent are clipped to the plot area, like the heatmap.
  const clipId = `${frame.clipId}-${role}`;
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

  const x = frame.x([grid.x0, grid.x1]);
  const y = frame.y([grid.y0, grid.y1], { nice: false });
  const name = (c: number) => classNames[c] ?? `class ${c}`;
  const label = roleLabel(role, alpha);
  const n = grid.labels.length;
  const px = (p: number) => r3(x(grid.points[2 * p]));
  const py = (p: number) => r3(y(grid.points[2 * p + 1]));
  const select = (index: number) => (onSelect ? () => onSelect({ kind: 'point', index }) : undefined);

  return (
    <div className="dr-panel" data-model={role}>
      <div
        className="dr-box"
        style={canvasBoxStyle(frame, { aspectRatio: `${frame.width} / ${frame.height}` })}
      >
        <canvas
          ref={canvasRef}
          className="dr-canvas"
          role="img"
          aria-label={`${label}: predicted class over the plane, faded where confidence is low`}
          data-model={role}
          width={CANVAS_W}
          height={CANVAS_H}
          style={plotAreaStyle(frame)}
        />
        <PlotSvg frame={frame} clipArea clipId={clipId} aria-hidden="true">
          <text
            className="panel-title"
            x={frame.x0}
            y={frame.y1 - 10}
            fill={role === 'ce' ? COLORS.ce : COLORS.ls}
          >
            {label}
            <tspan className="panel-sub">{`  ${nErrors.toLocaleString('en-US')} / ${n.toLocaleString('en-US')} wrong`}</tspan>
            <title>{`${label}: ${nErrors} of ${n} test points wrong`}</title>
          </text>
          <AxisBottom scale={x} at={frame.y0} label="x₁" ticks={5} />
          <AxisLeft scale={y} at={frame.x0} label="x₂" ticks={5} />
          <g clipPath={clipUrl(clipId)}>
            <g data-series="test-points" data-points={n}>
              {Array.from({ length: n }, (_, p) => (
                <circle
                  key={p}
                  className="dr-point"
                  onClick={select(p)}
                  cx={px(p)}
                  cy={py(p)}
                  r={2.6}
                  fill={classColor(grid.labels[p])}
                />
              ))}
            </g>
            <g data-series="confident-errors" data-errors-marked={errors.length}>
              {errors.map((e, rank) => (
                <g key={e.index} className="dr-error" data-index={e.index} onClick={select(e.index)}>
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
        </PlotSvg>
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
