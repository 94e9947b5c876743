import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TrainingCurvesChart } from '../../src/charts/trainingCurves/TrainingCurvesChart';
import { buildTrainingCurves, lsLossFloor, trainingCurvesSpec } from '../../src/chartData/trainingCurves';
import { EMPTY_PAIR, makeModel, makePair } from './fixtures';

describe('lsLossFloor', () => {
  it('is the entropy of the smoothed target, the LS loss at π = y_LS (hand-computed for α = 0.1, K = 10)', () => {
    expect(lsLossFloor(0.1, 10)).toBeCloseTo(-0.91 * Math.log(0.91) - 9 * 0.01 * Math.log(0.01), 14);
    expect(lsLossFloor(0, 10)).toBe(0);
    expect(lsLossFloor(-0.1, 10)).toBeNaN();
  });

  it('is the minimum of the LS loss over π (perturbing π only increases it)', () => {
    const k = 4;
    const alpha = 0.3;
    const y = [1 - alpha + alpha / k, alpha / k, alpha / k, alpha / k];
    const loss = (pi: number[]) => -y.reduce((s, yk, j) => s + yk * Math.log(pi[j]), 0);
    expect(loss(y)).toBeCloseTo(lsLossFloor(alpha, k), 14);
    for (const d of [0.01, -0.01, 0.05]) {
      const pi = [y[0] + d, y[1] - d / 3, y[2] - d / 3, y[3] - d / 3];
      expect(loss(pi)).toBeGreaterThan(lsLossFloor(alpha, k));
    }
  });
});

describe('buildTrainingCurves', () => {
  it('gives loss and accuracy series per model, in step order, and the shared step extent', () => {
    const ls = makeModel({ role: 'ls', alpha: 0.2 });
    const shuffled = { ...ls, history: [ls.history[2], ls.history[0], ls.history[1]] };
    const data = buildTrainingCurves({
      ce: makeModel({ role: 'ce' }),
      ls: shuffled,
      normalise: true,
      classNames: [],
    })!;
    expect(data.loss.map((s) => s.id)).toEqual(['ce-train-loss', 'ls-train-loss']);
    expect(data.accuracy.map((s) => s.id)).toEqual([
      'ce-train-acc',
      'ce-val-acc',
      'ls-train-acc',
      'ls-val-acc',
    ]);
    expect(data.loss[1].steps).toEqual([0, 100, 200]);
    expect(data.accuracy[3].values.map((v) => +v.toFixed(2))).toEqual([0.5, 0.58, 0.66]);
    expect(data.maxStep).toBe(500);
    expect(data.lsLossFloor!.value).toBeCloseTo(lsLossFloor(0.2, 4), 15);
  });

  it('returns null without history', () => {
    expect(buildTrainingCurves(EMPTY_PAIR)).toBeNull();
    const bare = { ...makeModel({ role: 'ce' }), history: [] };
    expect(buildTrainingCurves({ ce: bare, ls: null, normalise: false, classNames: [] })).toBeNull();
  });
});

describe('<TrainingCurvesChart> static render', () => {
  it('draws loss and accuracy paths for CE and LS and the LS loss floor', () => {
    const pair = makePair();
    const data = trainingCurvesSpec.build(pair, null)!;
    expect([...data.loss, ...data.accuracy].map((s) => [s.id, s.steps.length])).toEqual(
      ['ce-train-loss', 'ls-train-loss', 'ce-train-acc', 'ce-val-acc', 'ls-train-acc', 'ls-val-acc'].map(
        (id) => [id, 5],
      ),
    );
    expect(data.lsLossFloor).toEqual({ alpha: 0.2, value: lsLossFloor(0.2, 4) });
  });

  it('shows the empty state without models', () => {
    const html = renderToStaticMarkup(createElement(TrainingCurvesChart, { pair: EMPTY_PAIR }));
    expect(html).toContain('data-state="empty"');
    expect(trainingCurvesSpec.build(EMPTY_PAIR, null)).toBeNull();
  });
});
