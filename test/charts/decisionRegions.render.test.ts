import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { DecisionRegionsChart, errorCount } from '../../src/charts/decisionRegions';
import { syntheticGrid, tagsWith } from './gradientsFixtures';

describe('DecisionRegionsChart', () => {
  const { grid, pointCe, pointLs } = syntheticGrid();

  it('renders two canvas panels with test points and ringed confident errors', () => {
    const html = renderToStaticMarkup(
      createElement(DecisionRegionsChart, {
        grid,
        pointCeLogits: pointCe,
        pointLsLogits: pointLs,
        classNames: ['a', 'b', 'c'],
        alpha: 0.2,
      }),
    );
    expect(tagsWith(html, { 'data-chart': 'decision-regions' })[0]['data-state']).toBe('ready');
    const canvases = tagsWith(html, { tag: 'canvas' });
    expect(canvases.map((c) => c['data-model'])).toEqual(['ce', 'ls']);
    for (const c of canvases) {
      expect(c.role).toBe('img');
      expect(c['aria-label']).toMatch(/predicted class/);
      expect(c['data-grid']).toBe('20x15');
    }
    for (const [model, logits] of [
      ['ce', pointCe],
      ['ls', pointLs],
    ] as const) {
      const [pts] = tagsWith(html, { 'data-series': 'test-points', 'data-model': model });
      expect(pts['data-points']).toBe('90');
      expect(pts['data-point-source']).toBe('logits');
      const [errs] = tagsWith(html, { 'data-series': 'confident-errors', 'data-model': model });
      const expected = Math.min(10, errorCount(logits, grid.labels, 90, 3));
      expect(expected).toBeGreaterThan(0);
      expect(errs['data-errors-marked']).toBe(String(expected));
    }
    expect(
      tagsWith(html, { class: 'dr-error' })
        .map((e) => e['data-rank'])
        .slice(0, 3),
    ).toEqual(['1', '2', '3']);
    expect(tagsWith(html, { class: 'dr-point' })).toHaveLength(180);
    expect(html).toContain('LS (α = 0.2)');
  });

  it('falls back to the nearest grid cell without point logits', () => {
    const html = renderToStaticMarkup(createElement(DecisionRegionsChart, { grid, topErrors: 3 }));
    const sets = tagsWith(html, { 'data-series': 'test-points' });
    expect(sets.map((s) => s['data-point-source'])).toEqual(['nearest-cell', 'nearest-cell']);
    for (const e of tagsWith(html, { 'data-series': 'confident-errors' }))
      expect(Number(e['data-errors-marked'])).toBeLessThanOrEqual(3);
  });

  it('shows the empty state without a grid', () => {
    const html = renderToStaticMarkup(createElement(DecisionRegionsChart, { grid: null }));
    expect(tagsWith(html, { 'data-chart': 'decision-regions' })[0]['data-state']).toBe('empty');
    expect(html).not.toContain('<canvas');
  });
});
