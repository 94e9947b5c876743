import { describe, expect, it } from 'vitest';
import {
  dataXAt,
  fitLayout,
  FIT_ASPECT_RANGE,
  layoutFor,
  readoutKey,
  splitRange,
  xScaleOf,
  yScaleOf,
} from '../../src/charts/kit/layout';
import { legendSpots } from '../../src/charts/kit/axes';

const SPEC = { width: 600, height: 400, margin: { top: 74, right: 16, bottom: 44, left: 56 } };

describe('layoutFor', () => {
  it('is the reference layout without a measured container (Node, first paint)', () => {
    const l = layoutFor(SPEC, null);
    expect([l.width, l.height, l.scale]).toEqual([600, 400, 1]);
    expect([l.x0, l.x1, l.y0, l.y1]).toEqual([56, 584, 356, 74]);
    expect([l.innerWidth, l.innerHeight]).toEqual([528, 282]);
  });

  it('follows the container width at the reference aspect ratio, margins fixed', () => {
    const l = layoutFor(SPEC, 554);
    expect([l.width, l.height]).toEqual([554, Math.round((400 * 554) / 600)]);
    expect(l.x1).toBe(554 - 16);
    expect(l.y0).toBe(l.height - 44);
    expect(l.innerWidth).toBe(554 - 56 - 16);
  });

  it('stops at 0.6× and 1.5× the reference width (or the given bounds); the viewBox scales beyond', () => {
    expect(layoutFor(SPEC, 200).width).toBe(360);
    expect(layoutFor(SPEC, 2000).width).toBe(900);
    expect(layoutFor({ ...SPEC, minWidth: 500, maxWidth: 700 }, 300).width).toBe(500);
    expect(layoutFor({ ...SPEC, minWidth: 500, maxWidth: 700 }, 800).width).toBe(700);
  });

  it('gives side-by-side panels their share of the container', () => {
    const l = layoutFor({ ...SPEC, share: (w) => (w - 12) / 2 }, 812);
    expect(l.width).toBe(400);
  });
});

describe('splitRange', () => {
  it('keeps the weights’ proportions and the gaps, end to end', () => {
    expect(splitRange(52, 336, [118, 148], 18)).toEqual([
      [52, 170],
      [188, 336],
    ]);
    const [a, b, c] = splitRange(0, 100, [1, 1, 2], 4);
    expect([a[1] - a[0], b[1] - b[0], c[1] - c[0]]).toEqual([23, 23, 46]);
    expect(b[0] - a[1]).toBe(4);
    expect(c[1]).toBe(100);
  });
});

describe('scales and read-out maths', () => {
  const area = layoutFor(SPEC, null);

  it('x maps the domain onto [x0, x1]; y onto [y0, y1], niced by default', () => {
    const x = xScaleOf(area, [0, 30]);
    expect([x(0), x(30)]).toEqual([56, 584]);
    const y = yScaleOf(area, [0, 9.3]);
    expect(y.domain()).toEqual([0, 10]);
    expect([y(0), y(10)]).toEqual([356, 74]);
    expect(yScaleOf(area, [0, 9.3], { nice: false }).domain()).toEqual([0, 9.3]);
  });

  it('the pointer’s SVG x reads back as the data x, clamped to the plotted span', () => {
    const x = xScaleOf(area, [0, 100]);
    expect(dataXAt(x, 56 + 528 / 4, 0, 100)).toBeCloseTo(25, 12);
    expect(dataXAt(x, 0, 0, 100)).toBe(0);
    expect(dataXAt(x, 600, 0, 100)).toBe(100);
  });

  it('arrow keys step 1% of the span (10% with Shift) from the start, Home/End jump, Escape hides', () => {
    expect(readoutKey('ArrowRight', false, null, 0, 30)).toBeCloseTo(0.3, 12);
    expect(readoutKey('ArrowRight', true, 10, 0, 30)).toBeCloseTo(13, 12);
    expect(readoutKey('ArrowLeft', false, 0.1, 0, 30)).toBe(0);
    expect(readoutKey('ArrowRight', true, 29, 0, 30)).toBe(30);
    expect(readoutKey('Home', false, 12, 0, 30)).toBe(0);
    expect(readoutKey('End', false, 12, 0, 30)).toBe(30);
    expect(readoutKey('Escape', false, 12, 0, 30)).toBeNull();
    expect(readoutKey('a', false, 12, 0, 30)).toBeUndefined();
  });
});

describe('fitLayout (presentation mode: a drawing that fills its box at a zoom)', () => {
  it('fills the box and draws zoom CSS pixels per SVG unit', () => {
    const l = fitLayout(SPEC, { width: 620, height: 500 }, 1.25);
    expect(l.display).toEqual({ width: 620, height: 500 });
    expect(l.width).toBe(Math.round(620 / 1.25));
    expect(l.height).toBe(Math.round(500 / (620 / l.width)));
    // One zoom on both axes: text is as much larger as lines are longer.
    expect(l.display!.width / l.width).toBeCloseTo(l.display!.height / l.height, 2);
    expect([l.x0, l.y1, l.x1, l.y0]).toEqual([56, 74, l.width - 16, l.height - 44]);
  });

  it('never lays out narrower than 0.7× the reference (or minWidth): the zoom gives way', () => {
    const l = fitLayout(SPEC, { width: 400, height: 300 }, 2);
    expect(l.width).toBe(420);
    expect(l.display!.width / l.width).toBeCloseTo(400 / 420, 6);
    expect(fitLayout({ ...SPEC, minWidth: 500 }, { width: 400, height: 300 }, 2).width).toBe(500);
  });

  it('keeps the shape within the aspect range, shrinking the width to fit a flat box', () => {
    const tall = fitLayout(SPEC, { width: 600, height: 5000 }, 1);
    expect(tall.display!.height).toBeCloseTo(600 * (400 / 600) * FIT_ASPECT_RANGE, 3);
    const flat = fitLayout(SPEC, { width: 1200, height: 200 }, 1);
    expect(flat.display!.height).toBe(200);
    expect(flat.display!.width).toBeCloseTo((200 * FIT_ASPECT_RANGE * 600) / 400, 3);
  });

  it('keeps the reference aspect when asked (the 2-D plane), centred in the box', () => {
    const l = fitLayout({ ...SPEC, keepAspect: true }, { width: 900, height: 300 }, 1);
    expect(l.display).toEqual({ width: 450, height: 300 });
    expect(l.width / l.height).toBeCloseTo(600 / 400, 2);
  });

  it('gives side-by-side panels their share of the box', () => {
    const l = fitLayout(
      { ...SPEC, share: (w) => (w - 12) / 2, keepAspect: true },
      { width: 812, height: 900 },
      1,
    );
    expect(l.display!.width).toBe(400);
  });
});

describe('legendSpots', () => {
  it('puts entries in two columns in reading order', () => {
    expect(legendSpots(['a', 'b', 'c'], 400)).toEqual([
      { x: 0, y: 0 },
      { x: 200, y: 0 },
      { x: 0, y: 18 },
    ]);
  });

  it('gives an entry too long for its column a row of its own', () => {
    const long = 'all samples: median r = 0.29 (a uniform shrink would be flat)';
    expect(legendSpots(['short', long, 'next'], 400)).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 18 },
      { x: 0, y: 36 },
    ]);
    // Narrow: one column, one entry a row.
    expect(legendSpots(['a', 'b'], 200).map((s) => s.y)).toEqual([0, 18]);
  });
});
