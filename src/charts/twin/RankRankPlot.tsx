import { useEffect, useRef } from 'react';
import { AxisBottom, AxisLeft, Legend, type LegendItem } from '../kit/axes';
import { PlotSvg, type ChartFrameHandle } from '../kit/frame';
import { canvasBoxStyle, plotAreaStyle, r3, type FrameSpec } from '../kit/layout';
import { COLORS, DASH } from '../../chartData/palette';
import { paletteColour, useThemeStamp } from '../kit/themeColours';
import type { SwapSelection } from '../../model/selection';
import type { RankRankData } from '../../chartData/twinSwap';

/** A square plot, no wider than the reference (two screens of dots help nobody). */
export const RANK_FRAME: FrameSpec = {
  width: 500,
  height: 540,
  margin: { top: 12, right: 16, bottom: 94, left: 60 },
  minWidth: 320,
  maxWidth: 500,
};
const M = RANK_FRAME.margin;
/** Canvas backing store: 2 device pixels per unit of the reference plot area; CSS sizes it. */
const CANVAS_W = (RANK_FRAME.width - M.left - M.right) * 2;
/** Its height follows the plot area's shape (a fitted plot is not square), so dots stay round. */
const canvasHeight = (frame: { innerWidth: number; innerHeight: number }): number =>
  Math.max(1, Math.round((CANVAS_W * frame.innerHeight) / Math.max(1, frame.innerWidth)));

/** One dot per test sample: (CE rank, LS rank) as fractions of N; LS's mistakes drawn last, larger. */
function drawDots(canvas: HTMLCanvasElement, d: RankRankData): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width: w, height: h } = canvas;
  ctx.clearRect(0, 0, w, h);
  const at = (i: number): [number, number] => [
    ((d.ceRank[i] + 0.5) / d.n) * w,
    (1 - (d.lsRank[i] + 0.5) / d.n) * h,
  ];
  ctx.globalAlpha = 0.45;
  ctx.fillStyle = paletteColour(COLORS.correct);
  for (let i = 0; i < d.n; i++) {
    if (d.lsErrors[i]) continue;
    const [x, y] = at(i);
    ctx.fillRect(x - 1.5, y - 1.5, 3, 3);
  }
  ctx.globalAlpha = 0.9;
  ctx.fillStyle = paletteColour(COLORS.incorrect);
  for (let i = 0; i < d.n; i++) {
    if (!d.lsErrors[i]) continue;
    const [x, y] = at(i);
    ctx.beginPath();
    ctx.arc(x, y, 3, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}

interface Quadrant {
  id: 'both' | 'admitted' | 'pushed-out' | 'neither';
  label: string;
  /** Data box [x0, x1] × [y0, y1] in rank fractions. */
  box: [number, number, number, number];
  group?: SwapSelection['group'];
}

/**
 * Where a quadrant's label goes: along the cut lines, on the quadrant's side, so that it stays
 * readable however small the quadrant is (it may run over the next one).
 */
/** A quadrant label's width with its padding, estimated (11 px bold: about 6.6 px a character). */
const labelWidth = (label: string): number => label.length * 6.6 + 8;

function labelSpot(
  id: Quadrant['id'],
  c: number,
  x: (v: number) => number,
  y: (v: number) => number,
  frame: ChartFrameHandle,
  bothWidth: number,
): { x: number; y: number; anchor: 'start' | 'end' } {
  // Room to the right of the vertical cut, clear of the "kept by both" label when on its line.
  const admittedY = Math.min(frame.y0 - 12, y(c) + 14);
  const sameLine = frame.y0 - 12 - admittedY < 18;
  const right = c <= 0.5 && (!sameLine || x(c) + 8 >= frame.x0 + 6 + bothWidth + 6);
  switch (id) {
    case 'both':
      return { x: frame.x0 + 6, y: frame.y0 - 12, anchor: 'start' };
    case 'admitted':
      return right
        ? { x: x(c) + 8, y: admittedY, anchor: 'start' }
        : { x: frame.x1 - 6, y: admittedY, anchor: 'end' };
    case 'pushed-out':
      return { x: frame.x0 + 6, y: Math.max(frame.y1 + 12, y(c) - 14), anchor: 'start' };
    case 'neither':
      return { x: frame.x1 - 6, y: frame.y1 + 12, anchor: 'end' };
  }
}

export function RankRankPlot({
  data: d,
  frame,
  onSelect,
}: {
  data: RankRankData;
  frame: ChartFrameHandle;
  onSelect?: (group: SwapSelection['group']) => void;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const canvasH = canvasHeight(frame);
  const theme = useThemeStamp();
  // Canvas drawing needs a browser; it is redrawn when the data or the theme changes.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    drawDots(canvas, d);
  }, [d, canvasH, theme]);

  const x = frame.x([0, 1]);
  const y = frame.y([0, 1], { nice: false });
  const c = d.swap.kept / d.n;
  const w = d.swap;
  const wrong = (e: number) => (e ? ` · ${e.toLocaleString('en-US')} ✗` : '');
  const quadrants: Quadrant[] = [
    {
      id: 'both',
      label: `kept by both: ${w.both.indices.length.toLocaleString('en-US')}${wrong(w.both.lsErrors)}`,
      box: [0, c, 0, c],
    },
    {
      id: 'admitted',
      label: `admitted: ${w.admitted.indices.length.toLocaleString('en-US')}${wrong(w.admitted.lsErrors)}`,
      box: [c, 1, 0, c],
      group: 'admitted',
    },
    {
      id: 'pushed-out',
      label: `pushed out: ${w.pushedOut.indices.length.toLocaleString('en-US')}${wrong(w.pushedOut.lsErrors)}`,
      box: [0, c, c, 1],
      group: 'pushedOut',
    },
    { id: 'neither', label: 'kept by neither', box: [c, 1, c, 1] },
  ];
  const legend: LegendItem[] = [
    { label: `${d.lsName} correct ✓`, color: COLORS.correct, kind: 'box' },
    { label: `${d.lsName} wrong ✗`, color: COLORS.incorrect, kind: 'box' },
    { label: `cut: top ${r3(c * 100)} %`, color: 'currentColor' },
    { label: 'same rank under both', color: COLORS.oracle, dash: DASH.oracle },
  ];
  const lsBy = d.lsScore === 'msp' ? 'MSP' : 'normalised score';
  return (
    <div
      className="twin-rr-box"
      style={canvasBoxStyle(frame, {
        width: `${frame.width}px`,
        aspectRatio: `${frame.width} / ${frame.height}`,
      })}
    >
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={`Each test sample's rank under CE's MSP against its rank under LS's ${lsBy}; mistakes of LS in vermillion`}
        width={CANVAS_W}
        height={canvasH}
        style={plotAreaStyle(frame)}
      />
      <PlotSvg frame={frame} aria-hidden="true" data-ls-score={d.lsScore}>
        <AxisBottom scale={x} at={frame.y0} label="rank under CE · MSP (0 = most confident)" ticks={5} />
        <AxisLeft scale={y} at={frame.x0} label={`rank under LS · ${lsBy}`} ticks={5} />
        <line
          data-series="same-rank"
          x1={r3(x(0))}
          y1={r3(y(0))}
          x2={r3(x(1))}
          y2={r3(y(1))}
          stroke={COLORS.oracle}
          strokeDasharray={DASH.oracle}
        />
        <g data-series="cut" stroke="currentColor" strokeWidth={1.5}>
          <line x1={r3(x(c))} x2={r3(x(c))} y1={frame.y0} y2={frame.y1} />
          <line x1={frame.x0} x2={frame.x1} y1={r3(y(c))} y2={r3(y(c))} />
        </g>
        {quadrants.map((q) => {
          const [a, b, lo, hi] = q.box;
          const select = q.group && onSelect ? () => onSelect(q.group!) : undefined;
          const spot = labelSpot(q.id, c, x, y, frame, labelWidth(quadrants[0].label));
          const tw = labelWidth(q.label);
          return (
            <g
              key={q.id}
              data-quadrant={q.id}
              className={select ? 'twin-quadrant' : undefined}
              onClick={select}
            >
              <rect
                x={r3(x(a))}
                y={r3(y(hi))}
                width={r3(x(b) - x(a))}
                height={r3(y(lo) - y(hi))}
                fill="transparent"
              />
              {b > a && hi > lo ? (
                <>
                  <rect
                    x={r3(spot.anchor === 'start' ? spot.x - 4 : spot.x - tw + 4)}
                    y={r3(spot.y - 9)}
                    width={r3(tw)}
                    height={18}
                    rx={4}
                    fill="var(--panel, #ffffff)"
                    fillOpacity={0.85}
                  />
                  <text
                    x={r3(spot.x)}
                    y={r3(spot.y)}
                    dy="0.32em"
                    textAnchor={spot.anchor}
                    className="twin-quad-label"
                  >
                    {q.label}
                  </text>
                </>
              ) : null}
            </g>
          );
        })}
        <Legend items={legend} x={frame.x0 - 50} y={frame.height - 36} width={frame.width - 20} />
      </PlotSvg>
    </div>
  );
}
