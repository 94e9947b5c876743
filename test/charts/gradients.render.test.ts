import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import {
  ExpectedGradientChart,
  LsTermOverTrainingChart,
  VMaxGivenPMaxChart,
  empiricalLsTermPoints,
} from '../../src/charts/gradients';
import { EMPTY_PAIR, syntheticPair, tagsWith } from './gradientsFixtures';
import type { PairView } from '../../src/model/views';

const nonEmptyPath = (d: string | undefined) => typeof d === 'string' && /^M[\d.-]/.test(d);

function chartState(html: string, id: string): string | undefined {
  return tagsWith(html, { 'data-chart': id })[0]?.['data-state'];
}

describe('ExpectedGradientChart', () => {
  const pair = syntheticPair(0.2, 4);

  it('draws the LS-term line for the slider α, the calibrated CE part and the LS model bins', () => {
    const html = renderToStaticMarkup(createElement(ExpectedGradientChart, { pair, alpha: 0.2 }));
    expect(chartState(html, 'expected-gradient')).toBe('ready');
    const [ls] = tagsWith(html, { 'data-series': 'expected-ls-term' });
    expect(ls['data-points']).toBe('101');
    expect(ls['data-alpha']).toBe('0.2');
    expect(ls['data-k']).toBe('4');
    expect(nonEmptyPath(ls.d)).toBe(true);
    const [ce] = tagsWith(html, { 'data-series': 'expected-ce-part' });
    expect(ce['data-mode']).toBe('calibrated');
    expect(nonEmptyPath(ce.d)).toBe(true);
    expect(tagsWith(html, { 'data-series': 'expected-total' })).toHaveLength(0);
    // Slider α equals the trained α: no separate trained-α line.
    expect(tagsWith(html, { 'data-series': 'trained-ls-term' })).toHaveLength(0);
    const [emp] = tagsWith(html, { 'data-series': 'empirical-ls-term' });
    const ref = empiricalLsTermPoints(pair.ls!.testLogits, pair.ls!.testLabels, 400, 4, 0.2, 15);
    expect(Number(emp['data-points'])).toBe(ref.length);
    const dots = tagsWith(html, { class: 'grad-bin' });
    expect(dots).toHaveLength(ref.length);
    expect(dots.map((d) => Number(d['data-count']))).toEqual(ref.map((p) => p.count));
    expect(tagsWith(html, { 'data-series': 'zero-crossing' })[0]['data-pe']).toBe('0.75');
  });

  it('follows α without retraining and keeps the markers on the trained α line', () => {
    const html = renderToStaticMarkup(createElement(ExpectedGradientChart, { pair, alpha: 0.5 }));
    const [ls] = tagsWith(html, { 'data-series': 'expected-ls-term' });
    expect(ls['data-alpha']).toBe('0.5');
    const [trained] = tagsWith(html, { 'data-series': 'trained-ls-term' });
    expect(trained['data-alpha']).toBe('0.2');
    expect(nonEmptyPath(trained.d)).toBe(true);
    const html2 = renderToStaticMarkup(createElement(ExpectedGradientChart, { pair, alpha: 0.2 }));
    expect(tagsWith(html2, { 'data-series': 'expected-ls-term' })[0].d).not.toBe(ls.d);
  });

  it('shows the CE part and total for a fixed π_max', () => {
    const html = renderToStaticMarkup(
      createElement(ExpectedGradientChart, { pair, alpha: 0.2, initialPMax: 0.9 }),
    );
    const [ce] = tagsWith(html, { 'data-series': 'expected-ce-part' });
    expect(ce['data-mode']).toBe('fixed');
    expect(ce['data-pmax']).toBe('0.9');
    expect(nonEmptyPath(tagsWith(html, { 'data-series': 'expected-total' })[0].d)).toBe(true);
  });

  it('draws the theory before any model exists, and is empty without a class count', () => {
    const theory: PairView = { ...EMPTY_PAIR, classNames: ['a', 'b', 'c'] };
    const html = renderToStaticMarkup(createElement(ExpectedGradientChart, { pair: theory, alpha: 0.1 }));
    expect(chartState(html, 'expected-gradient')).toBe('ready');
    expect(tagsWith(html, { 'data-series': 'empirical-ls-term' })[0]['data-points']).toBe('0');
    const empty = renderToStaticMarkup(
      createElement(ExpectedGradientChart, { pair: EMPTY_PAIR, alpha: 0.1 }),
    );
    expect(chartState(empty, 'expected-gradient')).toBe('empty');
    expect(empty).not.toContain('<svg');
  });
});

describe('VMaxGivenPMaxChart', () => {
  it('draws mean and band for correct and wrong, CE and LS panels', () => {
    const html = renderToStaticMarkup(createElement(VMaxGivenPMaxChart, { pair: syntheticPair() }));
    expect(chartState(html, 'vmax-given-pmax')).toBe('ready');
    for (const model of ['ce', 'ls'])
      for (const series of [
        'vmax-mean-correct',
        'vmax-mean-incorrect',
        'vmax-band-correct',
        'vmax-band-incorrect',
      ]) {
        const [p] = tagsWith(html, { 'data-series': series, 'data-model': model });
        expect(p, `${model} ${series}`).toBeDefined();
        expect(Number(p['data-points'])).toBeGreaterThan(0);
        expect(nonEmptyPath(p.d)).toBe(true);
      }
  });

  it('shows one panel when only one model exists, and the empty state with none', () => {
    const html = renderToStaticMarkup(
      createElement(VMaxGivenPMaxChart, { pair: { ...syntheticPair(), ce: null } }),
    );
    expect(chartState(html, 'vmax-given-pmax')).toBe('ready');
    expect(tagsWith(html, { class: 'vmax-panel', 'data-model': 'ce' })[0]['data-state']).toBe('empty');
    expect(tagsWith(html, { class: 'vmax-panel', 'data-model': 'ls' })[0]['data-state']).toBe('ready');
    const empty = renderToStaticMarkup(createElement(VMaxGivenPMaxChart, { pair: EMPTY_PAIR }));
    expect(chartState(empty, 'vmax-given-pmax')).toBe('empty');
  });
});

describe('LsTermOverTrainingChart', () => {
  it('draws the correct, wrong and overall LS-term lines over the history', () => {
    const html = renderToStaticMarkup(
      createElement(LsTermOverTrainingChart, { pair: syntheticPair(0.2, 4) }),
    );
    expect(chartState(html, 'ls-term-training')).toBe('ready');
    const get = (s: string) => tagsWith(html, { 'data-series': s })[0];
    for (const s of ['ls-term-correct', 'ls-term-incorrect', 'ls-term-overall']) {
      expect(get(s)['data-points']).toBe('10');
      expect(nonEmptyPath(get(s).d)).toBe(true);
    }
    expect(get('ls-term-correct')['data-last']).toBe('0.15');
    expect(get('ls-term-incorrect')['data-last']).toBe('-0.05');
    expect(get('ls-term-overall')['data-last']).toBe('0.13'); // 0.2·(0.9 − 0.25)
  });

  it('is empty without an LS model or before the first checkpoint', () => {
    const none = renderToStaticMarkup(createElement(LsTermOverTrainingChart, { pair: EMPTY_PAIR }));
    expect(chartState(none, 'ls-term-training')).toBe('empty');
    const p = syntheticPair();
    const fresh = renderToStaticMarkup(
      createElement(LsTermOverTrainingChart, { pair: { ...p, ls: { ...p.ls!, history: [] } } }),
    );
    expect(chartState(fresh, 'ls-term-training')).toBe('empty');
  });
});
