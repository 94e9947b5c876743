/**
 * The geometry every chart shares, pure (no React, no DOM) so that it can be checked in Node: a
 * reference size and margins give the drawing's width and height for the container's width, its
 * plot area, and the scales that map data onto that area.
 */
import { scaleLinear, type ScaleLinear } from 'd3';

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface FrameSpec {
  /**
   * Reference width: the layout without a DOM (server rendering, Node tests, the first paint) and
   * the width at which `height` holds.
   */
  width: number;
  /** Height at the reference width; it follows the width at the same aspect ratio. */
  height: number;
  margin: Margin;
  /**
   * Narrowest and widest layouts. Outside them the drawing is laid out at the bound and the SVG's
   * viewBox scales it as a whole, so that panels never get too narrow nor text too far apart.
   * Default: 0.6 × and 1.5 × the reference width.
   */
  minWidth?: number;
  maxWidth?: number;
  /** The part of the container's width this drawing gets (side-by-side panels); default all. */
  share?: (containerWidth: number) => number;
  /**
   * Keep the reference aspect ratio when fitted to a box (fitLayout): scatter plots whose two axes
   * share a unit. Other drawings take the box's shape.
   */
  keepAspect?: boolean;
}

/** The plot area: x grows from x0 to x1, y from the bottom y0 up to the top y1 (SVG pixels). */
export interface PlotArea {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The x and y scales of one plot panel, as the marks drawn in it take them. */
export interface XYScales {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
}

export interface Layout extends PlotArea {
  width: number;
  height: number;
  margin: Margin;
  innerWidth: number;
  innerHeight: number;
  /** width / reference width: what a chart multiplies a reference length by to keep proportions. */
  scale: number;
  /**
   * Fitted to a box (presentation mode): the CSS pixels the drawing takes on screen, which a box
   * holding a canvas under the SVG takes as its size. Absent when the drawing follows the width.
   */
  display?: { width: number; height: number };
}

/**
 * Where a canvas layer under (or over) the SVG covers exactly the plot area, as CSS percentages of
 * the frame: it then scales with the responsive SVG.
 */
export function plotAreaStyle(
  frame: Pick<Layout, 'x0' | 'y1' | 'width' | 'height' | 'innerWidth' | 'innerHeight'>,
): {
  left: string;
  top: string;
  width: string;
  height: string;
} {
  const pct = (v: number, of: number) => `${r3((100 * v) / of)}%`;
  return {
    left: pct(frame.x0, frame.width),
    top: pct(frame.y1, frame.height),
    width: pct(frame.innerWidth, frame.width),
    height: pct(frame.innerHeight, frame.height),
  };
}

/**
 * The CSS size of a box that holds a canvas under the SVG: the fitted drawing's size on screen
 * when there is one, else `fallback` (the box follows the width at the drawing's aspect ratio).
 */
export function canvasBoxStyle<T extends object>(
  frame: Pick<Layout, 'display'>,
  fallback: T,
): T | { width: string; height: string } {
  const d = frame.display;
  return d ? { width: `${d.width}px`, height: `${d.height}px` } : fallback;
}

/** Rounds for SVG output: stable snapshots and smaller DOM (3 decimals, as Observable Plot's tests do). */
export function r3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** The layout for a container of `containerWidth` CSS pixels; null (not measured) gives the reference. */
export function layoutFor(spec: FrameSpec, containerWidth: number | null): Layout {
  const lo = spec.minWidth ?? Math.round(spec.width * 0.6);
  const hi = spec.maxWidth ?? Math.round(spec.width * 1.5);
  const wanted = containerWidth === null ? spec.width : (spec.share?.(containerWidth) ?? containerWidth);
  const width = containerWidth === null ? spec.width : Math.round(Math.min(hi, Math.max(lo, wanted)));
  return layoutOfSize(spec, width, Math.round(spec.height * (width / spec.width)));
}

/** The layout of a drawing of width × height SVG units with the spec's margins. */
function layoutOfSize(spec: FrameSpec, width: number, height: number): Layout {
  const m = spec.margin;
  return {
    width,
    height,
    margin: m,
    scale: width / spec.width,
    x0: m.left,
    x1: width - m.right,
    y0: height - m.bottom,
    y1: m.top,
    innerWidth: width - m.left - m.right,
    innerHeight: height - m.top - m.bottom,
  };
}

/** How far a fitted drawing's height may stray from the reference aspect ratio (either way). */
export const FIT_ASPECT_RANGE = 1.8;
/** A fitted drawing's narrowest layout, as a part of its reference width. */
export const FIT_MIN_WIDTH = 0.7;

/**
 * The layout of a drawing that fills a box of `box` CSS pixels (presentation mode), drawn `zoom`
 * CSS pixels per SVG unit so that its text and marks grow with the screen. The drawing takes the
 * box's shape (within FIT_ASPECT_RANGE of the reference ratio) unless the spec keeps its aspect;
 * its SVG width stays within the spec's bounds, so a box too narrow for the zoom gets a smaller
 * one (`display.width / width` is the zoom in effect).
 */
export function fitLayout(spec: FrameSpec, box: { width: number; height: number }, zoom: number): Layout {
  // Narrower than this, a chart's labels (placed for its reference width) start to collide.
  const lo = Math.max(spec.minWidth ?? 0, Math.round(spec.width * FIT_MIN_WIDTH));
  const hi = spec.maxWidth ?? Math.round(spec.width * 1.5);
  const aspect = spec.height / spec.width;
  const boxWidth = spec.share?.(box.width) ?? box.width;
  let cssWidth = boxWidth;
  let cssHeight = box.height;
  if (spec.keepAspect) {
    cssWidth = Math.min(boxWidth, box.height / aspect);
    cssHeight = cssWidth * aspect;
  } else {
    cssHeight = Math.min(
      Math.max(cssHeight, (cssWidth * aspect) / FIT_ASPECT_RANGE),
      cssWidth * aspect * FIT_ASPECT_RANGE,
    );
    if (cssHeight > box.height) {
      cssWidth *= box.height / cssHeight;
      cssHeight = box.height;
    }
  }
  const width = Math.round(Math.min(hi, Math.max(lo, cssWidth / Math.max(zoom, 1e-6))));
  const k = cssWidth / width;
  const height = Math.max(1, Math.round(cssHeight / k));
  return { ...layoutOfSize(spec, width, height), display: { width: r3(cssWidth), height: r3(cssHeight) } };
}

/**
 * Splits [from, to] into consecutive parts proportional to `weights`, `gap` apart: panels stacked
 * or side by side that keep their reference proportions at any size.
 */
export function splitRange(
  from: number,
  to: number,
  weights: readonly number[],
  gap: number,
): [number, number][] {
  const total = weights.reduce((a, w) => a + w, 0);
  const room = to - from - gap * (weights.length - 1);
  const out: [number, number][] = [];
  let at = from;
  for (const w of weights) {
    const len = (room * w) / total;
    out.push([at, at + len]);
    at += len + gap;
  }
  return out;
}

/** A linear x scale from `domain` onto [x0, x1] of the area (or of a panel's range). */
export function xScaleOf(
  area: Pick<PlotArea, 'x0' | 'x1'>,
  domain: [number, number],
  opts: { nice?: boolean } = {},
): ScaleLinear<number, number> {
  const s = scaleLinear().domain(domain).range([area.x0, area.x1]);
  return opts.nice ? s.nice() : s;
}

/** A linear y scale from `domain` onto [y0 (bottom), y1 (top)]; niced unless told otherwise. */
export function yScaleOf(
  area: Pick<PlotArea, 'y0' | 'y1'>,
  domain: [number, number],
  opts: { nice?: boolean | number } = {},
): ScaleLinear<number, number> {
  const s = scaleLinear().domain(domain).range([area.y0, area.y1]);
  const nice = opts.nice ?? true;
  return nice === false ? s : typeof nice === 'number' ? s.nice(nice) : s.nice();
}

/** The data x under an SVG x (pointer maths), clamped to [lo, hi]. */
export function dataXAt(x: ScaleLinear<number, number>, svgX: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x.invert(svgX)));
}

/**
 * The read-out after a key press on a plot stepping through [lo, hi]: arrows move by 1% of the
 * span (10% with Shift), Home/End jump to the ends, Escape hides it (null); undefined for a key
 * the read-out does not use.
 */
export function readoutKey(
  key: string,
  shift: boolean,
  current: number | null,
  lo: number,
  hi: number,
): number | null | undefined {
  const step = (shift ? 0.1 : 0.01) * (hi - lo);
  const at = current ?? lo;
  switch (key) {
    case 'ArrowRight':
      return Math.min(hi, at + step);
    case 'ArrowLeft':
      return Math.max(lo, at - step);
    case 'Home':
      return lo;
    case 'End':
      return hi;
    case 'Escape':
      return null;
    default:
      return undefined;
  }
}
