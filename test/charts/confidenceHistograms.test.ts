import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { errorsOf, histogram, maxLogitPNorm, mspLog, predictions } from '../../src/analysis';
import { ConfidenceHistogramsChart } from '../../src/charts/confidenceHistograms/ConfidenceHistogramsChart';
import {
  buildConfidenceHistograms,
  confidenceHistogramsSpec,
  logConfidence,
  logConfidenceTicks,
  pMaxFromLogConfidence,
  STRETCHED_LABEL,
  type HistData,
} from '../../src/chartData/confidenceHistograms';
import type { ModelView } from '../../src/model/views';
import { EMPTY_PAIR, makePair } from './fixtures';

const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);

function plottedValues(m: ModelView, row: 'msp' | 'pnorm', log: boolean): Float64Array {
  const n = m.testLabels.length;
  if (row === 'pnorm') return maxLogitPNorm(m.testLogits, n, m.numClasses, m.p!, m.centred);
  return mspLog(m.testLogits, n, m.numClasses).map((l) => (log ? -Math.log(-Math.expm1(l)) : Math.exp(l)));
}

describe('logConfidence = −log(1 − π_max)', () => {
  it('agrees with the direct formula where π_max is not close to 1', () => {
    for (const p of [0.1, 0.5, 0.9, 0.99])
      expect(logConfidence(Math.log(p))).toBeCloseTo(-Math.log(1 - p), 10);
    expect(logConfidence(Math.log(0.9))).toBeCloseTo(Math.log(10), 10);
    expect(pMaxFromLogConfidence(logConfidence(Math.log(0.75)))).toBeCloseTo(0.75, 14);
  });

  it('is finite at π_max = 1 exactly and monotone (non-decreasing) in log π_max up to 0', () => {
    expect(Number.isFinite(logConfidence(0))).toBe(true);
    expect(logConfidence(0)).toBeGreaterThan(700);
    // π_max from float32-saturated logits: log π_max = −log1p(e^−50) is distinct from 0, and so is t.
    expect(logConfidence(-Math.log1p(Math.exp(-50)))).toBeCloseTo(50, 10);
    const grid = [-5, -1, -0.1, -1e-3, -1e-8, -1e-16, -1e-17, -1e-100, -1e-300, -5e-324, -0, 0];
    const t = grid.map(logConfidence);
    for (let i = 1; i < t.length; i++) expect(t[i]).toBeGreaterThanOrEqual(t[i - 1]);
    for (const v of t) expect(Number.isFinite(v)).toBe(true);
    // Strictly increasing where the doubles can tell the inputs apart.
    for (let i = 1; i < 9; i++) expect(t[i]).toBeGreaterThan(t[i - 1]);
  });

  it('labels its ticks in π_max and thins them', () => {
    expect(logConfidenceTicks(0, 5).map((x) => x.label)).toEqual(['0', '0.5', '0.9', '0.99']);
    const many = logConfidenceTicks(0.1, 40, 6);
    expect(many.length).toBeLessThanOrEqual(6);
    expect(many[many.length - 1].label).toBe('1−1e-17');
    // A narrow range falls back to tenths of π_max.
    expect(logConfidenceTicks(0.2, 0.7).map((x) => x.label)).toEqual(['0.2', '0.3', '0.4', '0.5']);
  });
});

describe('buildConfidenceHistograms', () => {
  const pair = makePair({ n: 500 });
  const check = (data: HistData, log: boolean) => {
    for (const row of data.rows) {
      const models = [pair.ce!, pair.ls!];
      const all = models.map((m) => plottedValues(m, row.row, log));
      // One set of edges per row, covering both models.
      const lo = Math.min(...all.map((a) => Math.min(...a)));
      const hi = Math.max(...all.map((a) => Math.max(...a)));
      expect(row.edges[0]).toBeLessThanOrEqual(lo);
      expect(row.edges[row.edges.length - 1]).toBeGreaterThanOrEqual(hi);
      row.panels.forEach((p, j) => {
        const m = models[j];
        expect(p.role).toBe(m.role);
        // Fractions of the model's samples: they sum to 1 and match an independent count on the row edges.
        expect(sum(p.correct) + sum(p.incorrect)).toBeCloseTo(1, 12);
        const n = m.testLabels.length;
        const errors = errorsOf(predictions(m.testLogits, n, m.numClasses), m.testLabels);
        const wrong = histogram(all[j], row.edges, errors);
        const right = histogram(
          all[j],
          row.edges,
          errors.map((e) => 1 - e),
        );
        expect(Array.from(p.incorrect, (v) => Math.round(v * n))).toEqual(Array.from(wrong));
        expect(Array.from(p.correct, (v) => Math.round(v * n))).toEqual(Array.from(right));
      });
    }
  };

  it('log scale: shared edges per row, fractions sum to 1 per model', () => {
    const data = buildConfidenceHistograms(pair, { showNormalised: true, mspScale: 'log', bins: 25 })!;
    expect(data.rows.map((r) => [r.row, r.logScale, r.edges.length])).toEqual([
      ['msp', true, 26],
      ['pnorm', false, 26],
    ]);
    check(data, true);
  });

  it('linear π_max: edges from 1/K to 1', () => {
    const data = buildConfidenceHistograms(pair, { showNormalised: false, mspScale: 'linear' })!;
    expect(data.rows).toHaveLength(1);
    expect(data.rows[0].edges[0]).toBeCloseTo(0.25, 6);
    expect(data.rows[0].edges[30]).toBe(1);
    check(data, false);
    // CE's confident samples pile up in the last bin in plain π_max.
    const ce = data.rows[0].panels[0];
    expect(ce.correct[29]).toBeGreaterThan(0.3);
  });

  it('leaves a fallback model (p = null) out of the normalised row', () => {
    const data = buildConfidenceHistograms(makePair({ lsP: null }), {
      showNormalised: true,
      mspScale: 'log',
    })!;
    const ls = data.rows[1].panels[1];
    expect(ls.fallback).toBe(true);
    expect(sum(ls.correct) + sum(ls.incorrect)).toBe(0);
    expect(data.rows[1].panels[0].fallback).toBe(false);
  });

  it('returns null without test data', () => {
    expect(buildConfidenceHistograms(EMPTY_PAIR, { showNormalised: true, mspScale: 'log' })).toBeNull();
  });
});

describe('confidenceHistogramsSpec: what the chart opens with', () => {
  it('2 × 2 panels (MSP on a linear π_max axis, then the normalised score) with 30 bins when normalising', () => {
    const pair = makePair();
    const o = confidenceHistogramsSpec.initial(pair);
    expect(o).toEqual({ logScale: false, bins: 30, showNormalised: true });
    const data = confidenceHistogramsSpec.build(pair, o)!;
    expect(data.rows.map((r) => [r.row, r.logScale, r.edges.length])).toEqual([
      ['msp', false, 31],
      ['pnorm', false, 31],
    ]);
    // Linear π_max: equal-width bins from 1/K (K = 4 here, no π_max below it) to 1.
    const e = data.rows[0].edges;
    expect(e[0]).toBe(0.25);
    expect(e[30]).toBe(1);
    for (let b = 0; b < 30; b++) expect(e[b + 1] - e[b]).toBeCloseTo(0.75 / 30, 12);
    expect(data.rows.flatMap((r) => r.panels.map((p) => `${p.role}-${r.row}`))).toEqual([
      'ce-msp',
      'ls-msp',
      'ce-pnorm',
      'ls-pnorm',
    ]);
    // The same entry as buildConfidenceHistograms with those options (the cache prewarm fills).
    expect(data).toEqual(
      buildConfidenceHistograms(pair, { showNormalised: true, mspScale: 'linear', bins: 30 }),
    );
  });

  it('only the MSP row when the pair is not normalised; the stretched axis as an option', () => {
    const pair = makePair({ normalise: false });
    const data = confidenceHistogramsSpec.build(pair, confidenceHistogramsSpec.initial(pair))!;
    expect(data.rows.map((r) => [r.row, r.logScale])).toEqual([['msp', false]]);
    const stretched = confidenceHistogramsSpec.build(pair, {
      ...confidenceHistogramsSpec.initial(pair),
      logScale: true,
    })!;
    expect(stretched.rows.map((r) => [r.row, r.logScale])).toEqual([['msp', true]]);
  });

  it('opens linear on screen: the π_max caption, the stretch option unchecked', () => {
    const html = renderToStaticMarkup(createElement(ConfidenceHistogramsChart, { pair: makePair() }));
    expect(html).toContain('>π_max</text>');
    expect(html).not.toContain(STRETCHED_LABEL);
    expect(html).toMatch(/<input type="checkbox"\/>Stretch π_max near 1/);
  });

  it('shows the empty state without models', () => {
    const html = renderToStaticMarkup(createElement(ConfidenceHistogramsChart, { pair: EMPTY_PAIR }));
    expect(html).toContain('data-state="empty"');
    expect(html).not.toContain('<svg');
  });
});

/**
 * −log(1 − π_max) of a tick label's π_max: "0.9", "0.999", or "1−1e-7" (1 − 10⁻⁷, whose 1 − π_max
 * is taken as 10⁻⁷ directly: 1 − (1 − 10⁻⁷) in doubles would lose digits).
 */
function stretchedOf(label: string): number {
  const m = /^1−1e-(\d+)$/.exec(label);
  return -Math.log(m ? 10 ** -Number(m[1]) : 1 - Number(label));
}

/** The ticks (pixel x, label) and the axis line's ends, of one panel's x axis in the markup. */
function panelAxis(
  html: string,
  panel: string,
): { x0: number; x1: number; ticks: [number, string][]; label: string } {
  const start = html.indexOf(`data-panel="${panel}"`);
  const end = html.indexOf('data-panel=', start + 10);
  const part = html.slice(start, end < 0 ? undefined : end);
  const axis = part.slice(part.indexOf('class="axis axis-x"'));
  const line = /<line x1="([\d.]+)" x2="([\d.]+)"/.exec(axis)!;
  const ticks = [
    ...axis.matchAll(/<g transform="translate\(([\d.]+),0\)">.*?<text[^>]*>([^<]*)<\/text>/g),
  ].map((m): [number, string] => [Number(m[1]), m[2]]);
  const label = /<text class="axis-label"[^>]*>([^<]*)<\/text>/.exec(axis)![1];
  return { x0: Number(line[1]), x1: Number(line[2]), ticks, label };
}

describe('the stretched axis: ticks sit at the transform of the π_max their labels say', () => {
  it('logConfidenceTicks: t = −log(1 − label) for every tick, over narrow and wide ranges', () => {
    for (const [t0, t1] of [
      [0, 5],
      [0.1, 40],
      [0.2, 0.7],
      [0.05, 2],
      [1, 12],
    ]) {
      const ticks = logConfidenceTicks(t0, t1, 6);
      expect(ticks.length).toBeGreaterThan(0);
      for (const { t, label } of ticks) {
        expect(t).toBeCloseTo(stretchedOf(label), 9);
        expect(t).toBeGreaterThanOrEqual(t0 - 1e-12);
        expect(t).toBeLessThanOrEqual(t1 + 1e-12);
      }
    }
  });

  it('on screen, with the option on: caption says the transform, each tick at −log(1 − π) of its label', () => {
    const pair = makePair({ normalise: false });
    const html = renderToStaticMarkup(
      createElement(ConfidenceHistogramsChart, { pair, defaultLogScale: true }),
    );
    const row = confidenceHistogramsSpec.build(pair, { logScale: true, bins: 30, showNormalised: false })!
      .rows[0];
    const [e0, e1] = [row.edges[0], row.edges[row.edges.length - 1]];
    for (const panel of ['ce-msp', 'ls-msp']) {
      const axis = panelAxis(html, panel);
      expect(axis.label).toBe('π_max, on a −log(1 − π_max) axis');
      expect(axis.ticks.length).toBeGreaterThanOrEqual(3);
      for (const [px, label] of axis.ticks) {
        const want = axis.x0 + ((stretchedOf(label) - e0) / (e1 - e0)) * (axis.x1 - axis.x0);
        expect(Math.abs(px - want)).toBeLessThan(0.002); // r3 rounds to 0.001 px
      }
    }
    expect(html).toMatch(/<input type="checkbox" checked=""\/>Stretch π_max near 1/);
  });

  it('linear: each tick at its π_max value', () => {
    const pair = makePair({ normalise: false });
    const html = renderToStaticMarkup(createElement(ConfidenceHistogramsChart, { pair }));
    const row = confidenceHistogramsSpec.build(pair, confidenceHistogramsSpec.initial(pair))!.rows[0];
    const [e0, e1] = [row.edges[0], row.edges[row.edges.length - 1]];
    const axis = panelAxis(html, 'ls-msp');
    expect(axis.label).toBe('π_max');
    expect(axis.ticks.length).toBeGreaterThanOrEqual(3);
    for (const [px, label] of axis.ticks) {
      const want = axis.x0 + ((Number(label) - e0) / (e1 - e0)) * (axis.x1 - axis.x0);
      expect(Math.abs(px - want)).toBeLessThan(0.002);
    }
  });
});
