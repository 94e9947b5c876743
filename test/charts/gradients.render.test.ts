import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import {
  ExpectedGradientChart,
  LsTermOverTrainingChart,
  VMaxGivenPMaxChart,
  empiricalLsTermPoints,
  expectedGradientCurves,
  expectedGradientSpec,
  lsTermSpec,
  vMaxPanelData,
  vMaxSpec,
} from '../../src/charts/gradients';
import { EMPTY_PAIR, syntheticPair, tagsWith } from './gradientsFixtures';
import type { PairView } from '../../src/model/views';

function chartState(html: string, id: string): string | undefined {
  return tagsWith(html, { 'data-chart': id })[0]?.['data-state'];
}

describe('expected gradient: what the chart draws', () => {
  const pair = syntheticPair(0.2, 4);
  const open = (p: PairView, alpha: number, fixedPMax: number | null = null) =>
    expectedGradientSpec.build(
      { pair: p, alpha },
      { ...expectedGradientSpec.initial({ pair: p, alpha }), fixedPMax },
    );

  it('the LS-term line for the slider α, the calibrated CE part and the LS model test bins', () => {
    const d = open(pair, 0.2)!;
    expect(d.k).toBe(4);
    expect(d.curves).toEqual(expectedGradientCurves(0.2, 4, null));
    expect(d.curves.zeroPe).toBe(0.75);
    // Slider α equals the trained α: no separate trained-α line.
    expect(d.trained).toBeNull();
    const ref = empiricalLsTermPoints(pair.ls!.testLogits, pair.ls!.testLabels, 400, 4, 0.2, 15);
    expect(d.empirical).toEqual(ref);
    expect(d.empirical.length).toBeGreaterThan(0);
    expect(d.empiricalAlpha).toBe(0.2);
  });

  it('follows α without retraining and keeps the markers on the trained α line', () => {
    const d = open(pair, 0.5)!;
    expect(d.curves.alpha).toBe(0.5);
    expect(d.trained).toEqual(expectedGradientCurves(0.2, 4));
    expect(d.empirical).toEqual(open(pair, 0.2)!.empirical);
  });

  it('a fixed π_max gives the CE part and the total', () => {
    const d = open(pair, 0.2, 0.9)!;
    expect(d.curves).toEqual(expectedGradientCurves(0.2, 4, 0.9));
    expect(d.curves.pMax).toBe(0.9);
  });

  it('draws the theory before any model exists, and is empty without a class count', () => {
    const theory: PairView = { ...EMPTY_PAIR, classNames: ['a', 'b', 'c'] };
    const d = open(theory, 0.1)!;
    expect(d.k).toBe(3);
    expect(d.empirical).toEqual([]);
    const html = renderToStaticMarkup(createElement(ExpectedGradientChart, { pair: theory, alpha: 0.1 }));
    expect(chartState(html, 'expected-gradient')).toBe('ready');
    expect(open(EMPTY_PAIR, 0.1)).toBeNull();
    const empty = renderToStaticMarkup(
      createElement(ExpectedGradientChart, { pair: EMPTY_PAIR, alpha: 0.1 }),
    );
    expect(chartState(empty, 'expected-gradient')).toBe('empty');
    expect(empty).not.toContain('<svg');
  });
});

describe('v_max given π_max: what the chart draws', () => {
  it('both panels on the test split, each from vMaxPanelData', () => {
    const pair = syntheticPair();
    const d = vMaxSpec.build(pair, vMaxSpec.initial(pair))!;
    expect(d.ce.data).toEqual(vMaxPanelData(pair.ce!, 'test'));
    expect(d.ls.data).toEqual(vMaxPanelData(pair.ls!, 'test'));
    for (const p of [d.ce.data!, d.ls.data!])
      for (const s of [p.correct, p.incorrect]) {
        expect(s.hasMean.some((v) => v === 1)).toBe(true);
        expect(s.hasBand.some((v) => v === 1)).toBe(true);
      }
  });

  it('one panel when only one model exists, and the empty state with none', () => {
    const pair = { ...syntheticPair(), ce: null };
    const d = vMaxSpec.build(pair, vMaxSpec.initial(pair))!;
    expect(d.ce.data).toBeNull();
    expect(d.ls.data).not.toBeNull();
    const html = renderToStaticMarkup(createElement(VMaxGivenPMaxChart, { pair }));
    expect(chartState(html, 'vmax-given-pmax')).toBe('ready');
    expect(html).toContain('No CE model yet');
    const empty = renderToStaticMarkup(createElement(VMaxGivenPMaxChart, { pair: EMPTY_PAIR }));
    expect(chartState(empty, 'vmax-given-pmax')).toBe('empty');
  });
});

describe('LS term over training: what the chart draws', () => {
  it('the correct, wrong and overall LS-term lines over the LS model history', () => {
    const d = lsTermSpec.build(syntheticPair(0.2, 4), null)!;
    const h = d.history;
    expect(h.step).toHaveLength(10);
    const last = h.step.length - 1;
    expect(h.correct[last]).toBeCloseTo(0.15, 12); // α(K − 1)/K
    expect(h.incorrect[last]).toBeCloseTo(-0.05, 12); // −α/K
    expect(h.overall[last]).toBeCloseTo(0.13, 12); // 0.2·(0.9 − 0.25)
  });

  it('is empty without an LS model or before the first checkpoint', () => {
    const none = renderToStaticMarkup(createElement(LsTermOverTrainingChart, { pair: EMPTY_PAIR }));
    expect(chartState(none, 'ls-term-training')).toBe('empty');
    const p = syntheticPair();
    const fresh = { ...p, ls: { ...p.ls!, history: [] } };
    expect(lsTermSpec.build(fresh, null)).toBeNull();
    const html = renderToStaticMarkup(createElement(LsTermOverTrainingChart, { pair: fresh }));
    expect(chartState(html, 'ls-term-training')).toBe('empty');
  });
});
