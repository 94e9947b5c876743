/**
 * The scatter's dots on a canvas (thousands of samples: one SVG element each would make the page
 * and the export slow). It sits under the SVG overlay on the plot area; CSS sizes it there, its
 * backing store has 2 device pixels per layout pixel. Colours are the theme's CSS variables
 * (kit/themeColours.ts), drawn again when the theme changes. The SVG export embeds it as an image.
 */
import { useEffect, useRef } from 'react';
import { paletteColour, themeColour, useThemeStamp } from '../kit/themeColours';
import { COLORS } from '../../chartData/palette';
import type { ScaleLinear } from 'd3';
import type { Layout } from '../kit/layout';
import { plotAreaStyle } from '../kit/layout';
import type { ScatterReady } from '../../chartData/normalisationScatter';

const DPR = 2;

export function ScatterCanvas({
  data,
  frame,
  x,
  y,
  showMsp,
}: {
  data: ScatterReady;
  frame: Layout;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  showMsp: boolean;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const theme = useThemeStamp();
  const w = Math.max(1, Math.round(frame.innerWidth * DPR));
  const h = Math.max(1, Math.round(frame.innerHeight * DPR));

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const good = paletteColour(COLORS.correct);
    const bad = paletteColour(COLORS.incorrect);
    const ring = themeColour('--fg', '#1b1d21');
    ctx.setTransform(DPR, 0, 0, DPR, -frame.x0 * DPR, -frame.y1 * DPR);
    ctx.clearRect(frame.x0, frame.y1, frame.innerWidth, frame.innerHeight);
    const { norm, uMax, errors, n } = data;
    // Correct dots first, the (fewer) errors over them as crosses: shape, not only colour, tells them apart.
    ctx.globalAlpha = 0.5;
    ctx.fillStyle = good;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      if (errors[i] || norm[i] !== norm[i]) continue;
      const px = x(norm[i]);
      const py = y(uMax[i]);
      ctx.moveTo(px + 1.8, py);
      ctx.arc(px, py, 1.8, 0, 2 * Math.PI);
    }
    ctx.fill();
    ctx.globalAlpha = 0.9;
    ctx.strokeStyle = bad;
    ctx.lineWidth = 1.3;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      if (!errors[i] || norm[i] !== norm[i]) continue;
      const px = x(norm[i]);
      const py = y(uMax[i]);
      ctx.moveTo(px - 2.6, py - 2.6);
      ctx.lineTo(px + 2.6, py + 2.6);
      ctx.moveTo(px - 2.6, py + 2.6);
      ctx.lineTo(px + 2.6, py - 2.6);
    }
    ctx.stroke();
    if (showMsp) {
      ctx.globalAlpha = 0.45;
      ctx.strokeStyle = ring;
      ctx.lineWidth = 0.8;
      ctx.beginPath();
      const set = data.msp.inSet;
      for (let i = 0; i < n; i++) {
        if (!set[i] || norm[i] !== norm[i]) continue;
        const px = x(norm[i]);
        const py = y(uMax[i]);
        ctx.moveTo(px + 3.6, py);
        ctx.arc(px, py, 3.6, 0, 2 * Math.PI);
      }
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }, [data, frame, x, y, showMsp, theme, w, h]);

  return (
    <canvas
      ref={ref}
      className="ni-canvas"
      aria-hidden="true"
      data-model={data.role}
      width={w}
      height={h}
      style={plotAreaStyle(frame)}
    />
  );
}
