import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  aurc,
  errorRate,
  errorsOf,
  maxLogitPNorm,
  mspLog,
  oracleAurc,
  predictions,
  riskCoverage,
} from '../../src/analysis';
import { RiskCoverageChart } from '../../src/charts/riskCoverage/RiskCoverageChart';
import {
  buildRiskCoverage,
  drawIndices,
  lastIndexFor,
  readoutAt,
  riskCoveragePlot,
  riskCoverageSpec,
  riskExtent,
} from '../../src/chartData/riskCoverage';
import type { ModelView, PairView } from '../../src/model/views';
import { EMPTY_PAIR, makeModel, makePair } from './fixtures';

/** 5 samples, K = 2: confidence order by MSP is 0, 1, 2, 3, 4 (gaps 5, 4, 3, 2, 1); errors at 1 and 3. */
function handModel(role: 'ce' | 'ls', p: number | null): ModelView {
  const m = makeModel({ role, n: 1, k: 2, p });
  return {
    ...m,
    numClasses: 2,
    testLogits: Float32Array.from([5, 0, 4, 0, 3, 0, 0, 2, 1, 0]),
    testLabels: Int32Array.from([0, 1, 0, 0, 0]),
  };
}

describe('buildRiskCoverage', () => {
  it('gives the full RC curve and AURC of science.md §3 on a hand-made case', () => {
    const pair: PairView = { ce: handModel('ce', 2), ls: null, normalise: true, classNames: [] };
    const data = buildRiskCoverage(pair)!;
    const s = data.series.find((x) => x.id === 'ce-msp')!;
    // Sorted errors: 0, 1, 0, 1, 0 → R_n = 0, 0, 1/2, 1/3, 2/4, 2/5.
    expect(Array.from(s.curve.risk)).toEqual([0, 0, 1 / 2, 1 / 3, 2 / 4, 2 / 5]);
    expect(Array.from(s.curve.coverage)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    // Trapezoid: (1/5)·Σ (R_{n−1} + R_n)/2.
    const r = [0, 0, 1 / 2, 1 / 3, 1 / 2, 2 / 5];
    let area = 0;
    for (let i = 1; i < r.length; i++) area += (r[i - 1] + r[i]) / 2 / 5;
    expect(s.aurc).toBeCloseTo(area, 15);
    expect(s.error).toBe(0.4);
    expect(s.legend).toBe(`CE · MSP (40.0, ${(area * 100).toFixed(2)})`);
    // Threshold of the first accepted sample: log π_max of logits (5, 0).
    expect(s.curve.thresholds[1]).toBeCloseTo(-Math.log1p(Math.exp(-5)), 15);
    expect(data.oracles[0].aurc).toBe(oracleAurc(Uint8Array.from([0, 1, 0, 1, 0])));
  });

  it('matches riskCoverage / aurc of src/analysis for MSP and MaxLogit-pNorm on every point', () => {
    const pair = makePair({ n: 300 });
    const data = buildRiskCoverage(pair)!;
    expect(data.series.map((s) => s.id)).toEqual(['ce-msp', 'ls-msp', 'ce-pnorm', 'ls-pnorm']);
    for (const s of data.series) {
      const m = s.role === 'ce' ? pair.ce! : pair.ls!;
      const n = m.testLabels.length;
      const errors = errorsOf(predictions(m.testLogits, n, 4), m.testLabels);
      const score =
        s.score === 'msp' ? mspLog(m.testLogits, n, 4) : maxLogitPNorm(m.testLogits, n, 4, m.p!, true);
      const ref = riskCoverage(score, errors);
      expect(s.curve.risk).toEqual(ref.risk);
      expect(s.curve.thresholds).toEqual(ref.thresholds);
      expect(s.aurc).toBe(aurc(score, errors));
      expect(s.error).toBe(errorRate(errors));
    }
  });

  it('ranks the normalised series by MSP and says so when p is null (fallback)', () => {
    const data = buildRiskCoverage(makePair({ lsP: null }))!;
    const msp = data.series.find((s) => s.id === 'ls-msp')!;
    const pn = data.series.find((s) => s.id === 'ls-pnorm')!;
    expect(pn.fallback).toBe(true);
    expect(pn.curve.risk).toEqual(msp.curve.risk);
    expect(pn.aurc).toBe(msp.aurc);
    expect(pn.legend).toContain('(MSP fallback)');
    expect(data.series.find((s) => s.id === 'ce-pnorm')!.legend).toContain('p=2');
  });

  it('gives an oracle curve that is zero until every correct sample is accepted', () => {
    const data = buildRiskCoverage(makePair({ n: 200 }))!;
    for (const o of data.oracles) {
      const s = data.series.find((x) => x.role === o.role)!;
      const nCorrect = Math.round((1 - s.error) * o.n);
      expect(o.risk[nCorrect]).toBe(0);
      expect(o.risk[o.n]).toBeCloseTo(s.error, 15);
      let trap = 0;
      for (let i = 1; i <= o.n; i++) trap += (o.risk[i - 1] + o.risk[i]) / 2 / o.n;
      expect(o.aurc).toBeCloseTo(trap, 14);
    }
  });

  it('returns null without test data', () => {
    expect(buildRiskCoverage(EMPTY_PAIR)).toBeNull();
  });
});

describe('downsampling for drawing', () => {
  it('keeps every point of a short curve', () => {
    expect(Array.from(drawIndices(10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps the first 51 points exactly, the last point, ≤ maxPoints, ascending', () => {
    const idx = drawIndices(10_000, 600, 50);
    expect(idx.length).toBeLessThanOrEqual(600);
    expect(idx.length).toBeGreaterThan(500);
    expect(Array.from(idx.subarray(0, 51))).toEqual(Array.from({ length: 51 }, (_, i) => i));
    expect(idx[idx.length - 1]).toBe(10_000);
    for (let i = 1; i < idx.length; i++) expect(idx[i]).toBeGreaterThan(idx[i - 1]);
    // No gap wider than 1% of the curve (the even part) and log-dense just after the head.
    let widest = 0;
    for (let i = 1; i < idx.length; i++) widest = Math.max(widest, idx[i] - idx[i - 1]);
    expect(widest).toBeLessThanOrEqual(100);
    expect(idx[52] - idx[51]).toBeLessThanOrEqual(2);
  });

  it('the drawn curve of a real series starts exactly like the full one and ends at (1, error rate)', () => {
    const data = buildRiskCoverage(makePair({ n: 5001 }))!;
    const s = data.series[0];
    const idx = drawIndices(lastIndexFor(s.n, 1), 600);
    const cov = Array.from(idx, (i) => s.curve.coverage[i]);
    const risk = Array.from(idx, (i) => s.curve.risk[i]);
    expect(risk.slice(0, 51)).toEqual(Array.from(s.curve.risk.subarray(0, 51)));
    expect(cov[cov.length - 1]).toBe(1);
    expect(risk[risk.length - 1]).toBe(s.error);
    // Zoomed: reaches just past 30% coverage.
    const zi = drawIndices(lastIndexFor(s.n, 0.3), 600);
    expect(s.curve.coverage[zi[zi.length - 1]]).toBeGreaterThanOrEqual(0.3);
    expect(s.curve.coverage[zi[zi.length - 1]]).toBeLessThan(0.3 + 2 / s.n);
  });

  it('riskExtent ignores the first twentieth of the visible coverage', () => {
    const coverage = Float64Array.from([0, 0.01, 0.1, 0.5, 1]);
    const risk = Float64Array.from([0, 1, 0.05, 0.2, 0.1]);
    expect(riskExtent([{ coverage, risk }], 1)).toBe(0.2);
    expect(riskExtent([{ coverage, risk }], 0.3)).toBe(0.05);
  });
});

describe('hover read-out', () => {
  it('reads coverage, risk and threshold of the nearest curve point', () => {
    const data = buildRiskCoverage(makePair({ n: 400 }))!;
    const rows = readoutAt(data.series, data.oracles, 0.25);
    const s = data.series[0];
    expect(rows[0]).toMatchObject({ id: 'ce-msp', coverage: 0.25, risk: s.curve.risk[100] });
    expect(rows[0].threshold).toMatch(/^π_max ≥ /);
    expect(rows.find((r) => r.id === 'ce-pnorm')!.threshold).toMatch(/^s ≥ 0\.\d{4}$/);
    expect(rows.find((r) => r.id === 'oracle-ls')!.threshold).toBe('');
    expect(readoutAt(data.series, [], 0)[0].threshold).toBe('+∞ (accepts none)');
  });
});

describe('riskCoverageSpec: what the chart opens with', () => {
  const open = (pair: PairView) => {
    const o = riskCoverageSpec.initial(pair);
    return { o, plot: riskCoveragePlot(riskCoverageSpec.build(pair, o)!, o) };
  };

  it('all four curves and both oracles when normalising, each drawn with ≤ 600 of its points', () => {
    const { plot } = open(makePair({ n: 2000 }));
    expect(plot.series.map((s) => s.curve.id)).toEqual(['ce-msp', 'ls-msp', 'ce-pnorm', 'ls-pnorm']);
    expect(plot.oracles.map((o) => o.curve.id)).toEqual(['oracle-ce', 'oracle-ls']);
    for (const { curve, indices } of [...plot.series, ...plot.oracles]) {
      expect(curve.n).toBe(2000);
      expect(indices.length).toBeGreaterThan(100);
      expect(indices.length).toBeLessThanOrEqual(600);
      expect(indices[indices.length - 1]).toBe(2000);
    }
    expect(plot.xMax).toBe(1);
    // The y domain holds every visible risk past the first twentieth of the coverage, plus 5%.
    let hi = 0;
    for (const { curve } of plot.series)
      for (let i = 1; i <= curve.n; i++)
        if (curve.curve.coverage[i] >= 0.05) hi = Math.max(hi, curve.curve.risk[i]);
    for (const { curve } of plot.oracles)
      for (let i = 1; i <= curve.n; i++) if (curve.coverage[i] >= 0.05) hi = Math.max(hi, curve.risk[i]);
    expect(plot.yMax).toBeCloseTo(Math.max(0.5, hi * 105), 10);
  });

  it('leaves the normalised curves out when the pair is not normalised; zoom and toggles follow the options', () => {
    const pair = makePair({ normalise: false });
    const { o, plot } = open(pair);
    expect(plot.series.map((s) => s.curve.id)).toEqual(['ce-msp', 'ls-msp']);
    const data = riskCoverageSpec.build(pair, o)!;
    const zoomed = riskCoveragePlot(data, { ...o, zoom: true, shown: { ...o.shown, oracle: false } });
    expect(zoomed.xMax).toBe(0.3);
    expect(zoomed.oracles).toEqual([]);
    for (const { curve, indices } of zoomed.series)
      expect(curve.curve.coverage[indices[indices.length - 1]]).toBeGreaterThanOrEqual(0.3);
    // The CSV holds the shown curves only, every point of each.
    const table = riskCoverageSpec.table(data, o);
    expect(new Set(table.rows.map((r) => r[0]))).toEqual(
      new Set(['ce-msp', 'ls-msp', 'oracle-ce', 'oracle-ls']),
    );
    expect(table.rows).toHaveLength(4 * 401);
  });
});

describe('<RiskCoverageChart> static render', () => {
  const render = (pair: PairView) => renderToStaticMarkup(createElement(RiskCoverageChart, { pair }));

  it('has a toggle per curve and the zoom, and a polite read-out', () => {
    const html = render(makePair({ n: 200 }));
    expect(html).toContain('data-state="ready"');
    for (const name of [
      'CE · MSP',
      'LS · MSP',
      'CE · normalised',
      'LS · normalised',
      'Oracle',
      'Zoom on low coverage',
    ])
      expect(html).toContain(`/>${name}</label>`);
    expect(html).toContain('aria-live="polite"');
  });

  it('shows the empty state without models', () => {
    const html = render(EMPTY_PAIR);
    expect(html).toContain('data-state="empty"');
    expect(html).toContain('Train the CE and LS models');
    expect(html).not.toContain('<svg');
  });
});
