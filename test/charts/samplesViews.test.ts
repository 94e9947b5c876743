/**
 * A loaded model's view carries per-sample scores instead of logits (ModelView.samples). Every chart
 * builder and the metrics table must give exactly what they give for the same model with its logits,
 * and a loaded model's name replaces the role's in legends and tables.
 */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { sampleScoresFromLogits } from '../../src/analysis/sampleScores';
import { buildRiskCoverage } from '../../src/chartData/riskCoverage';
import { buildConfidenceHistograms } from '../../src/chartData/confidenceHistograms';
import { empiricalLsTermPointsOf, vMaxPanelData } from '../../src/chartData/gradients';
import { MetricsTable } from '../../src/components/MetricsTable';
import { evaluateView } from '../../src/model/metricsRows';
import type { ModelView, PairView } from '../../src/model/views';
import { makePair } from './fixtures';

/** The same model as a loaded one: empty logits, its scores in `samples`. */
function asLoaded(m: ModelView, name?: string): ModelView {
  const test = sampleScoresFromLogits(m.testLogits, m.testLabels, m.testLabels.length, m.numClasses);
  return { ...m, testLogits: new Float32Array(0), name, samples: { test, val: null } };
}

describe('charts from per-sample scores equal charts from logits', () => {
  const pair = makePair({ ceP: 2, lsP: 5 });
  const loaded: PairView = { ...pair, ce: asLoaded(pair.ce!), ls: asLoaded(pair.ls!) };

  it('risk–coverage curves, AURCs and oracles', () => {
    expect(buildRiskCoverage(loaded)).toEqual(buildRiskCoverage(pair));
  });
  it('confidence histograms, both scales', () => {
    for (const mspScale of ['linear', 'log'] as const) {
      const o = { showNormalised: true, mspScale };
      expect(buildConfidenceHistograms(loaded, o)).toEqual(buildConfidenceHistograms(pair, o));
    }
  });
  it('v_max given π_max and the empirical LS term', () => {
    expect(vMaxPanelData(loaded.ls!, 'test')).toEqual(vMaxPanelData(pair.ls!, 'test'));
    expect(empiricalLsTermPointsOf(loaded.ls!, 'test', 0.2)).toEqual(
      empiricalLsTermPointsOf(pair.ls!, 'test', 0.2),
    );
    expect(empiricalLsTermPointsOf(loaded.ls!, 'test', 0.2).length).toBeGreaterThan(0);
  });
  it('the metrics table', () => {
    expect(evaluateView(loaded.ce!)).toEqual(evaluateView(pair.ce!));
    expect(evaluateView(loaded.ls!)).toEqual(evaluateView(pair.ls!));
  });
});

describe('names of loaded models', () => {
  const pair = makePair();
  const named: PairView = {
    ...pair,
    ce: asLoaded(pair.ce!, 'resnet50_ce.npz'),
    ls: asLoaded(pair.ls!, 'resnet50_ls.npz'),
  };
  it('label the curves and the table rows; the table takes its accessible name', () => {
    const rc = buildRiskCoverage(named)!;
    expect(rc.series.map((s) => s.name)).toEqual([
      'resnet50_ce.npz · MSP',
      'resnet50_ls.npz · MSP',
      'resnet50_ce.npz · pNorm p=2',
      'resnet50_ls.npz · pNorm p=3',
    ]);
    expect(rc.oracles.map((o) => o.name)).toEqual(['Oracle · resnet50_ce.npz', 'Oracle · resnet50_ls.npz']);
    const html = renderToStaticMarkup(
      createElement(MetricsTable, { pair: named, label: 'Metrics (loaded models)' }),
    );
    expect(html).toContain('aria-label="Metrics (loaded models)"');
    expect(html).toContain('<th scope="row">resnet50_ls.npz · MaxLogit-pNorm</th>');
  });
});
