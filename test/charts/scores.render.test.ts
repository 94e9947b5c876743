/**
 * SVG snapshots of "Compare confidence scores" and the reliability diagram (the pattern of
 * snapshots.test.ts), drawn from the twin fixture, and what their markup says. Update on purpose with
 * `npx vitest run --project unit test/charts/scores.render.test.ts -u`.
 */
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ScoreCompareChart } from '../../src/charts/scores/ScoreCompareChart';
import { ReliabilityChart } from '../../src/charts/scores/ReliabilityChart';
import { buildScoreCompare, SCORE_DEFS } from '../../src/chartData/confidenceScores';
import { chartSvgs } from './svgSnapshot';
import { scoreSetBootstrap } from '../../src/analysis/bootstrap';
import { scoreSetModels } from '../../src/state/intervals/useScoreIntervals';
import { twinPair, N } from './normalisationFixtures';

const pair = twinPair();
// The charts compute their numbers in pieces after mounting (useScoreCompare); rendered statically
// they draw what is cached, so compute it first, as prewarm does on the page.
buildScoreCompare(pair);

const CASES: [string, ReactElement][] = [
  ['compare-scores', createElement(ScoreCompareChart, { pair })],
  ['reliability', createElement(ReliabilityChart, { pair })],
];

describe('score comparison SVG snapshots', () => {
  for (const [name, element] of CASES) {
    it(name, async () => {
      const svgs = chartSvgs(element);
      expect(svgs.length).toBe(1);
      await expect(svgs[0]).toMatchFileSnapshot(`./__snapshots__/${name}.svg`);
    });
  }
});

describe('what the charts show', () => {
  const html = (e: ReactElement) => renderToStaticMarkup(e);
  it('the table: eight scores with their formulas on hover, MSP and MaxLogit-pNorm ticked', () => {
    const h = html(createElement(ScoreCompareChart, { pair }));
    expect(h).toContain('data-state="ready"');
    const rows = [...h.matchAll(/<tbody data-score="([^"]+)"/g)].map((m) => m[1]);
    expect(rows).toEqual(SCORE_DEFS.map((d) => d.id));
    for (const d of SCORE_DEFS) expect(h).toContain(`title="${d.formula.replace(/&/g, '&amp;')}"`);
    expect(h.match(/<input type="checkbox"[^>]*checked=""/g)?.length).toBe(2);
    // The four default curves: CE and LS, MSP and MaxLogit-pNorm.
    expect([...h.matchAll(/data-series="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'ce-msp',
      'ce-pNorm',
      'ls-msp',
      'ls-pNorm',
    ]);
    expect(h).toMatch(/For CE, .* ranks best/);
  });
  it('the table shows each AURC interval and each LS − CE difference when they are given', () => {
    const data = buildScoreCompare(pair)!;
    const iv = scoreSetBootstrap(scoreSetModels(data), { resamples: 200, seed: 3 });
    const h = html(createElement(ScoreCompareChart, { pair, intervals: iv }));
    const f = (x: number) => (x * 100).toFixed(2);
    const signed = (x: number) => {
      const v = (x * 100).toFixed(2);
      return Number(v) === 0 ? '0.00' : x > 0 ? `+${v}` : v.replace('-', '−');
    };
    for (const [i, m] of data.models.entries()) {
      const msp = iv.models[i].msp;
      expect(h).toContain(`<span class="sc-interval">[${f(msp.lo)}, ${f(msp.hi)}]</span>`);
      expect(m.role).toBe(i === 0 ? 'ce' : 'ls');
    }
    const d = iv.difference.maxLogit;
    expect(h).toContain(
      `${signed(d.value)}<span class="sc-interval">[${signed(d.lo)}, ${signed(d.hi)}]</span>`,
    );
    expect(h).toContain('200 resamples');
  });
  it('says the intervals are being computed while they are', () => {
    const h = html(createElement(ScoreCompareChart, { pair, intervalState: 'pending' }));
    expect(h).toContain('computing in the background');
    expect(h).toContain('[…]');
  });
  it('the reliability diagram: 15 bins per model with their counts, the diagonal and the ECE', () => {
    const h = html(createElement(ReliabilityChart, { pair }));
    const data = buildScoreCompare(pair)!;
    for (const m of data.models) {
      expect(h).toContain(`${m.name} · ECE ${(m.ece * 100).toFixed(2)}%`);
      const nonEmpty = Array.from(m.reliability.count).filter((c) => c > 0).length;
      const group = h.slice(h.indexOf(`data-model="${m.role}"`));
      const counts = [...group.matchAll(/data-count="(\d+)"/g)].slice(0, nonEmpty).map((x) => Number(x[1]));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(N);
    }
    expect(h.match(/class="sc-diagonal"/g)?.length).toBe(2);
    expect(h).toMatch(/On these data .* calibrated/);
  });
  it('shows "Computing…" while the numbers of a pair are not cached yet', () => {
    const fresh = twinPair();
    expect(html(createElement(ScoreCompareChart, { pair: fresh }))).toContain('Computing the eight scores…');
    expect(html(createElement(ReliabilityChart, { pair: fresh }))).toContain('Computing the calibration…');
  });
  it('empty without models', () => {
    const none = { ...pair, ce: null, ls: null };
    expect(html(createElement(ScoreCompareChart, { pair: none }))).toContain('data-state="empty"');
    expect(html(createElement(ReliabilityChart, { pair: none }))).toContain('data-state="empty"');
  });
});
