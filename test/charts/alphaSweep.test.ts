import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AlphaSweepChart } from '../../src/charts/alphaSweep/AlphaSweepChart';
import { alphaDomain, alphaSweepSpec, buildAlphaSweep } from '../../src/chartData/alphaSweep';
import { SWEEP_POINTS as POINTS, sweepPoint as pt } from './fixtures';

describe('buildAlphaSweep', () => {
  const data = buildAlphaSweep(POINTS)!;

  it('groups by α (float noise tolerated) in ascending order', () => {
    expect(data.alphas).toHaveLength(3);
    expect(data.alphas.slice(0, 2)).toEqual([0, 0.2]);
    expect(data.alphas[2]).toBeCloseTo(0.3, 15);
    expect(data.maxSeeds).toBe(3);
  });

  it('mean, min–max and sample sd (n − 1) per α, against hand-computed values', () => {
    const e0 = data.series.error.stats[0];
    expect(e0).toMatchObject({ alpha: 0, count: 3, min: 0.1, max: 0.3 });
    expect(e0.mean).toBeCloseTo(0.2, 15);
    // Errors 0.1, 0.2, 0.3: squared deviations 0.01, 0, 0.01 over n − 1 = 2 → sd 0.1.
    expect(e0.sd).toBeCloseTo(0.1, 15);
    const e3 = data.series.error.stats[2];
    expect(e3.count).toBe(2);
    expect(e3.mean).toBeCloseTo(0.14, 15);
    // 0.12 and 0.16: deviations ±0.02, (0.0004 + 0.0004) / 1 → sd √0.0008.
    expect(e3.sd).toBeCloseTo(Math.sqrt(0.0008), 15);
    expect(data.series.error.stats[1]).toMatchObject({
      count: 1,
      mean: 0.14,
      sd: null,
      min: 0.14,
      max: 0.14,
    });
    expect(data).toMatchObject({ maxSeeds: 3, minSeeds: 1 });
    const a3 = data.series.aurcMsp.stats[2];
    expect(a3).toMatchObject({ count: 1, mean: 0.05 });
    expect(data.series.aurcMsp.points).toHaveLength(5);
  });

  it('marks the CE level and the fallback runs', () => {
    expect(data.ceMspLevel).toBeCloseTo(0.03, 15);
    expect(data.series.aurcPnorm.points.filter((p) => p.fallback)).toEqual([
      { alpha: 0, seed: 1, value: 0.031, fallback: true },
    ]);
    expect(buildAlphaSweep([pt(0.1, 0, 0.1, 0.1, 0.1)])!.ceMspLevel).toBeNull();
    expect(buildAlphaSweep([])).toBeNull();
  });

  it('pads the α domain and includes the selected α', () => {
    const [lo, hi] = alphaDomain([0, 0.2], 0.4);
    expect(lo).toBeCloseTo(-0.02, 15);
    expect(hi).toBeCloseTo(0.42, 15);
    expect(alphaDomain([0.1], null)).toEqual([0.1 - 0.05, 0.1 + 0.05]);
  });
});

describe('<AlphaSweepChart> static render', () => {
  it('shows the empty state without runs', () => {
    const empty = renderToStaticMarkup(createElement(AlphaSweepChart, { points: [], selectedAlpha: 0.2 }));
    expect(empty).toContain('data-state="empty"');
    expect(alphaSweepSpec.build([], null)).toBeNull();
  });

  it('draws a min–max band only with two seeds or more', () => {
    expect(alphaSweepSpec.build(POINTS, null)!.maxSeeds).toBe(3);
    expect(
      alphaSweepSpec.build([pt(0, 0, 0.1, 0.02, 0.02), pt(0.2, 0, 0.1, 0.03, 0.02)], null)!.maxSeeds,
    ).toBe(1);
    const one = renderToStaticMarkup(
      createElement(AlphaSweepChart, {
        points: [pt(0, 0, 0.1, 0.02, 0.02), pt(0.2, 0, 0.1, 0.03, 0.02)],
        selectedAlpha: null,
      }),
    );
    expect(one).toContain('data-series="error-mean"');
    expect(one).not.toContain('-band"');
    expect(one).not.toContain('mean of');
    expect(one).not.toContain('band: min–max');
    expect(one).toContain('MSP (error, AURC)</text>');
    expect(one).toContain('viewBox="0 0 600 380"');
  });

  it('with several seeds: faint dots under the mean line, and a legend saying mean and min–max', () => {
    const html = renderToStaticMarkup(
      createElement(AlphaSweepChart, { points: POINTS, selectedAlpha: null }),
    );
    // α's have 1–3 seeds in the fixture (3 at α = 0, 1 at α = 0.2, 2 at α = 0.3).
    expect(html).toContain('band: min–max of 1–3 seeds</text>');
    expect(html).toContain('line: mean of 1–3 seeds; dots: single seeds</text>');
    // One more line on top for the caption; the panels keep their height.
    expect(html).toContain('viewBox="0 0 600 398"');
    expect(html).toMatch(/aria-label="[^"]*lines are means of 1–3 seeds per α, bands span min–max/);
    expect(html.match(/<circle[^>]*data-series="error"/g)).toHaveLength(6);
    // The error dots come before (under) the error mean line.
    expect(html.indexOf('data-series="error"')).toBeLessThan(html.indexOf('data-series="error-mean"'));
    const three = POINTS.filter((p) => p.alpha !== 0.2).concat([
      pt(0.2, 0, 0.1, 0.03, 0.02),
      pt(0.2, 2, 0.1, 0.03, 0.02),
    ]);
    const equal = renderToStaticMarkup(
      createElement(AlphaSweepChart, { points: three, selectedAlpha: null }),
    );
    expect(buildAlphaSweep(three)).toMatchObject({ minSeeds: 2, maxSeeds: 3 });
    expect(equal).toContain('mean of 2–3 seeds');
  });
});
