/**
 * d3 computes the paths, React renders them (ARCHITECTURE.md). Shared by the gradient charts; pure, so
 * the path strings can be checked in Node. Coordinates are rounded to 3 decimals (d3-shape's digits).
 */
import { area, line, scaleLinear, type ScaleLinear } from 'd3';

/** A line through (xs[i], ys[i]); points where `defined` is false or y is not finite leave a gap. */
export function linePath(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  x: ScaleLinear<number, number>,
  y: ScaleLinear<number, number>,
  defined?: ArrayLike<number>,
): string {
  const idx = Array.from({ length: xs.length }, (_, i) => i);
  const gen = line<number>()
    .defined((i) => (defined ? defined[i] === 1 : true) && Number.isFinite(ys[i]))
    .x((i) => x(xs[i]))
    .y((i) => y(ys[i]))
    .digits(3);
  return gen(idx) ?? '';
}

/** A band between lo[i] and hi[i], with gaps where `defined` is false. */
export function bandPath(
  xs: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  x: ScaleLinear<number, number>,
  y: ScaleLinear<number, number>,
  defined?: ArrayLike<number>,
): string {
  const idx = Array.from({ length: xs.length }, (_, i) => i);
  const gen = area<number>()
    .defined((i) => (defined ? defined[i] === 1 : true) && Number.isFinite(lo[i]) && Number.isFinite(hi[i]))
    .x((i) => x(xs[i]))
    .y0((i) => y(lo[i]))
    .y1((i) => y(hi[i]))
    .digits(3);
  return gen(idx) ?? '';
}

/** A y scale over an extent padded by 5% and niced; a degenerate extent gets ±0.5 around its value. */
export function paddedYScale(
  extent: [number, number],
  range: [number, number],
  ticks = 5,
): ScaleLinear<number, number> {
  let [lo, hi] = extent;
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = (hi - lo) * 0.05;
  return scaleLinear()
    .domain([lo - pad, hi + pad])
    .range(range)
    .nice(ticks);
}
