import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import {
  DecisionRegionsChart,
  decisionRegionsSpec,
  errorCount,
  mostConfidentErrors,
  pointLogits,
} from '../../src/charts/decisionRegions';
import { syntheticGrid, tagsWith } from './gradientsFixtures';

describe('decision regions: what the chart draws', () => {
  const { grid, pointCe, pointLs } = syntheticGrid();

  it('two panels from the exact point logits, ringing the 10 most confident errors', () => {
    const input = { grid, pointCeLogits: pointCe, pointLsLogits: pointLs, alpha: 0.2 };
    const d = decisionRegionsSpec.build(input, decisionRegionsSpec.initial(input))!;
    for (const [panel, logits, gridLogits] of [
      [d.ce, pointCe, grid.ceLogits],
      [d.ls, pointLs, grid.lsLogits],
    ] as const) {
      expect(panel.source).toBe('logits');
      expect(panel.pointLogits).toBe(logits);
      expect(panel.logits).toBe(gridLogits);
      const expected = Math.min(10, errorCount(logits, grid.labels, 90, 3));
      expect(expected).toBeGreaterThan(0);
      expect(panel.errors).toEqual(mostConfidentErrors(logits, grid.labels, 90, 3, 10));
      expect(panel.nErrors).toBe(errorCount(logits, grid.labels, 90, 3));
    }
    expect([d.ce.alpha, d.ls.alpha]).toEqual([0, 0.2]);
    const html = renderToStaticMarkup(
      createElement(DecisionRegionsChart, { ...input, classNames: ['a', 'b', 'c'] }),
    );
    expect(tagsWith(html, { 'data-chart': 'decision-regions' })[0]['data-state']).toBe('ready');
    const canvases = tagsWith(html, { tag: 'canvas' });
    expect(canvases.map((c) => c['data-model'])).toEqual(['ce', 'ls']);
    for (const c of canvases) {
      expect(c.role).toBe('img');
      expect(c['aria-label']).toMatch(/predicted class/);
    }
    expect(html).toContain('LS (α = 0.2)');
  });

  it('falls back to the nearest grid cell without point logits', () => {
    const input = { grid, alpha: 0 };
    const d = decisionRegionsSpec.build(input, { topErrors: 3 })!;
    for (const [panel, role] of [
      [d.ce, 'ce'],
      [d.ls, 'ls'],
    ] as const) {
      expect(panel.source).toBe('nearest-cell');
      expect(panel.pointLogits).toEqual(pointLogits(grid, role).logits);
      expect(panel.errors.length).toBeLessThanOrEqual(3);
    }
  });

  it('shows the empty state without a grid', () => {
    expect(decisionRegionsSpec.build({ grid: null, alpha: 0 }, { topErrors: 10 })).toBeNull();
    const html = renderToStaticMarkup(createElement(DecisionRegionsChart, { grid: null }));
    expect(tagsWith(html, { 'data-chart': 'decision-regions' })[0]['data-state']).toBe('empty');
    expect(html).not.toContain('<canvas');
  });
});
