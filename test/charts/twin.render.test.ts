/**
 * The CE-twin charts drawn in Node: SVG snapshots from the twin fixture (compared with the files in
 * __snapshots__/, updated with -u on purpose), and their empty states saying why nothing is drawn.
 */
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ShrinkByConfidenceChart } from '../../src/charts/twin/ShrinkByConfidenceChart';
import { RankRankChart } from '../../src/charts/twin/RankRankChart';
import { makePair } from './fixtures';
import { makeTwinPair } from './twinFixtures';
import { chartSvgs } from './svgSnapshot';

const pair = makeTwinPair();

const CASES: [name: string, element: ReactElement][] = [
  ['shrink-by-confidence', createElement(ShrinkByConfidenceChart, { pair })],
  ['rank-rank', createElement(RankRankChart, { pair })],
  ['rank-rank-coverage-50', createElement(RankRankChart, { pair, initialCoverage: 50 })],
];

describe('CE-twin chart SVG snapshots', () => {
  for (const [name, element] of CASES) {
    it(name, async () => {
      const svgs = chartSvgs(element);
      expect(svgs).toHaveLength(1);
      await expect(svgs[0]).toMatchFileSnapshot(`./__snapshots__/${name}.svg`);
    });
  }
});

describe('CE-twin charts', () => {
  it('say why they draw nothing for a pair on different samples, or without a CE model', () => {
    for (const Chart of [ShrinkByConfidenceChart, RankRankChart]) {
      const html = renderToStaticMarkup(createElement(Chart, { pair: makePair() }));
      expect(html).toContain('data-state="empty"');
      expect(html).toMatch(/not evaluated on the same test samples/);
      expect(chartSvgs(createElement(Chart, { pair: makePair() }))).toEqual([]);
      const noCe = renderToStaticMarkup(createElement(Chart, { pair: { ...pair, ce: null } }));
      expect(noCe).toMatch(/no CE model/);
    }
  });

  it('draw the numbers they state', () => {
    const html = renderToStaticMarkup(createElement(RankRankChart, { pair }));
    const admitted = /Show the (\d+) admitted/.exec(html)?.[1];
    expect(html).toContain(`admitted: ${admitted}`);
    expect(html).toContain(`LS admits ${admitted} samples`);
    // The coverage cut sits at ⌈0.2 · 400⌉ / 400 = 0.2 across the plot area (x from 60 to 500 − 16).
    const cutX = 60 + 0.2 * (500 - 60 - 16);
    expect(html).toContain(`<line x1="${cutX}" x2="${cutX}"`);
    expect(html).toMatch(/data-quadrant="admitted"/);
    const shrink = renderToStaticMarkup(createElement(ShrinkByConfidenceChart, { pair }));
    expect((shrink.match(/data-bin="/g) ?? []).length).toBe(10);
  });
});
